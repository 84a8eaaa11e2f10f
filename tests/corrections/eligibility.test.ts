// Eligibility at screening through the real API (PostgreSQL, Temporal dev server, worker): a project that
// lists its conditions (the streets of its degraded area, a client of the centre, its target groups, an
// age range) refuses to screen a candidate who does not meet them, with every reason (Polish, or the
// caller's English), and nothing is scored; a candidate who meets them, with dated evidence, is screened.
// An "otoczenie" participant names the application of the person at risk they accompany.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { apiCaller, createTestUser, testApp, tokenFor } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';
import { createProject, peselsBornAs, uniquePesel, waitForStage } from '../helpers/journeys';
import { fullRecord } from '../participant-data/fixture';
import { DRUGI_BRZEG } from '../../scripts/example-projects';
import { createProject as createProjectWithRules, SYSTEM_ACTOR } from '../../server/services/projects';

const { app, db } = await testApp();
const worker = await createTestUser(db, 'social_worker');
const api = apiCaller(app, { worker: await tokenFor(db, worker) });
const base = await listen(app);
const browser = await launchBrowser();
const projectId = await createProject(db);
const { config } = await db.selectFrom('projects').select('config').where('id', '=', projectId).executeTakeFirstOrThrow();
const eligibility = { residenceAreas: ['ul. Długa', 'Rynek'], centreClient: true, targetGroup: true, ageMin: 18, ageMax: 64 };
await db.updateTable('projects').set({ config: JSON.stringify({ ...(config as object), eligibility }) }).where('id', '=', projectId).execute();
const scores = DEFAULT_RULES.criteria.map((c) => ({ code: c.code, points: 1 }));

// Born on 5 May 1980 (an adult in the project's age range), distinct serials.
const adultPesel = peselsBornAs('80050500040');

async function register(over: Record<string, unknown>): Promise<string> {
  const pesel = adultPesel();
  const res = await api('worker', 'POST', '/api/applications', { projectId, firstName: 'Zofia', lastName: `Warunkowa-${randomUUID().slice(0, 5)}`, pesel, sex: 'K', disability: false, channel: 'in_person', ...over });
  expect(res.statusCode).toBe(201);
  await waitForStage(db, res.json().id, 'applied');
  return res.json().id;
}

describe('eligibility at screening', () => {
  it('refuses an ineligible candidate with every reason and scores nothing; screens an eligible one', async () => {
    const outside = await register({ ...fullRecord, address: { ...fullRecord.address, street: 'Polna' }, targetGroup: 'poverty' });
    const refused = await api('worker', 'POST', '/api/applications/score', { applicationId: outside, scores, opinion: 'Rekomenduję.' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'not_allowed_now', message: 'Kandydat nie spełnia warunków udziału w projekcie' });
    expect(refused.json().fields).toMatchObject([
      { field: 'residence', message: 'Adres (Polna) nie leży na obszarze rewitalizacji / OSI projektu' },
      { field: 'centreClient', message: 'Kandydat nie jest klientem ośrodka pomocy społecznej' },
      { field: 'targetGroup', message: 'Brak dowodu przynależności do grupy docelowej (oświadczenie, zaświadczenie lub opinia z datą)' },
    ]);
    const en = await api('worker', 'POST', '/api/applications/score', { applicationId: outside, scores, opinion: 'Rekomenduję.' }, { 'accept-language': 'en' });
    expect(en.json().message).toBe('the candidate does not meet the project’s conditions');
    expect(en.json().fields[1]).toMatchObject({ field: 'centreClient', message: 'the candidate is not a client of the social welfare centre' });
    // On the degraded area's street and a client, but with no evidence of either.
    const unproven = await register({ ...fullRecord, targetGroup: 'poverty', centreClient: true });
    const noEvidence = await api('worker', 'POST', '/api/applications/score', { applicationId: unproven, scores, opinion: 'Rekomenduję.' });
    expect(noEvidence.statusCode).toBe(409);
    expect(noEvidence.json().fields.map((f: { message: string }) => f.message)).toEqual([
      'Brak dowodu zamieszkania na obszarze (oświadczenie, zaświadczenie lub opinia z datą)',
      'Brak dowodu korzystania z pomocy ośrodka (zaświadczenie lub opinia z datą)',
      'Brak dowodu przynależności do grupy docelowej (oświadczenie, zaświadczenie lub opinia z datą)',
    ]);
    for (const id of [outside, unproven]) {
      const row = await db.selectFrom('applications').select(['stage', 'points']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ stage: 'applied', points: null });
    }

    const evidence = [
      { condition: 'residence', kind: 'statement', date: '2026-01-05' },
      { condition: 'centreClient', kind: 'certificate', date: '2026-01-05' },
      { condition: 'targetGroup', kind: 'opinion', date: '2026-01-06' },
    ];
    const eligible = await register({ ...fullRecord, targetGroup: 'poverty', centreClient: true, eligibilityEvidence: evidence });
    const ok = await api('worker', 'POST', '/api/applications/score', { applicationId: eligible, scores, opinion: 'Rekomenduję.' });
    expect(ok.statusCode).toBe(200);
    await waitForStage(db, eligible, 'screened');
    const stored = await db.selectFrom('applications').select(['eligibility_evidence', 'centre_client']).where('id', '=', eligible).executeTakeFirstOrThrow();
    expect(stored).toEqual({ eligibility_evidence: evidence, centre_client: true });

    // The target group is one of the selected project's.
    const otherGroup = await api('worker', 'POST', '/api/applications', { projectId, firstName: 'Jan', lastName: 'Grupowy', pesel: uniquePesel('M'), sex: 'M', disability: false, channel: 'in_person', targetGroup: 'homeless' });
    expect(otherGroup.statusCode).toBe(422);
    expect(otherGroup.json().fields).toMatchObject([{ field: 'targetGroup', message: 'Ta grupa docelowa nie należy do wybranego projektu' }]);

    // The "otoczenie" participant names the person at risk they accompany (of this project only).
    const companion = await register({ accompaniesApplicationId: eligible });
    expect((await db.selectFrom('applications').select('accompanies_id').where('id', '=', companion).executeTakeFirstOrThrow()).accompanies_id).toBe(eligible);
    const stranger = await api('worker', 'POST', '/api/applications', { projectId, firstName: 'Jan', lastName: 'Obcy', pesel: uniquePesel('M'), sex: 'M', disability: false, channel: 'in_person', accompaniesApplicationId: randomUUID() });
    expect(stranger.statusCode).toBe(422);
  });

  it('the application form offers the selected project’s target groups only, redrawn when the project changes', async () => {
    const other = await createProject(db, undefined, [{ code: 'homeless', label: 'Osoby w kryzysie bezdomności', planned: 5 }]);
    const w = await watchedPage(browser, base);
    await browserLogin(w.page, worker.email, worker.password);
    await w.page.goto('/participants/new');
    const groups = () => w.page.locator('#ap-targetGroup option').allInnerTexts();
    await w.page.locator('#ap-projectId').selectOption(other);
    await expect.poll(groups, { timeout: 30_000 }).toEqual(['—', 'Osoby w kryzysie bezdomności']);
    await w.page.locator('#ap-projectId').selectOption(projectId);
    await expect.poll(groups, { timeout: 30_000 }).toEqual(['—', 'Ubóstwo / bezrobocie', 'POPŻ']);
    await screenshot(w.page, 'apply-target-groups');
    expect(w.problems).toEqual([]);
  });

  it('the panel refuses to screen an ineligible candidate, saying why in Polish', async () => {
    const id = await register({ ...fullRecord, address: { ...fullRecord.address, street: 'Polna' }, targetGroup: 'poverty', centreClient: true });
    const w = await watchedPage(browser, base);
    await browserLogin(w.page, worker.email, worker.password);
    await w.page.goto(`/participants/${id}`);
    for (const c of DEFAULT_RULES.criteria) await w.page.locator(`[id="screen-score.${c.code}"]`).fill('1');
    await w.page.locator('#screen-opinion').fill('Rekomenduję udział.');
    await w.page.locator('#screen-opinion').locator('xpath=ancestor::form').locator('button[type=submit]').click();
    const alert = w.page.locator('main .alert-error').first();
    await alert.waitFor();
    const said = await alert.innerText();
    expect(said).toContain('Kandydat nie spełnia warunków udziału w projekcie');
    expect(said).toContain('Adres (Polna) nie leży na obszarze rewitalizacji / OSI projektu');
    await screenshot(w.page, 'eligibility-refused');
    expect((await db.selectFrom('applications').select('stage').where('id', '=', id).executeTakeFirstOrThrow()).stage).toBe('applied');
    expect(w.problems).toEqual([]);
  });

  it('in Chromium: the coordinator sets the conditions on the project form; the application form records the dated evidence, refusing a half-filled row; the candidate is then screened', async () => {
    const coordinator = await createTestUser(db, 'coordinator');
    // Through the service (its rules stored as version 1, as the project page needs): DRUGI BRZEG's groups.
    const own = (await createProjectWithRules(db, SYSTEM_ACTOR, { ...DRUGI_BRZEG, code: `EL-${randomUUID().slice(0, 8)}` })).id;
    const co = await watchedPage(browser, base);
    await browserLogin(co.page, coordinator.email, coordinator.password);
    await co.page.goto(`/projects/${own}`);
    await co.page.locator('[id="pc-elig.residenceAreas"]').fill('ul. Długa\nRynek');
    await co.page.getByLabel('korzystanie z pomocy ośrodka pomocy społecznej').check();
    await co.page.getByLabel('przynależność do jednej z grup docelowych projektu').check();
    await co.page.locator('[id="pc-elig.ageMin"]').fill('18');
    await co.page.locator('[id="pc-elig.ageMax"]').fill('64');
    await co.page.locator('[id="pc-elig.ageMax"]').locator('xpath=ancestor::form').locator('button[type=submit]').click();
    await co.page.locator('main .alert-ok').first().waitFor();
    await co.page.reload();
    expect(await co.page.locator('[id="pc-elig.residenceAreas"]').inputValue()).toBe('ul. Długa\nRynek');
    expect(await co.page.getByLabel('korzystanie z pomocy ośrodka pomocy społecznej').isChecked()).toBe(true);
    await screenshot(co.page, 'eligibility-project-form');
    // In force: a candidate in the area, a client, in a group, but without evidence, is refused at screening.
    const bare = await api('worker', 'POST', '/api/applications', { projectId: own, firstName: 'Jan', lastName: 'Bezdowodu', pesel: adultPesel(), sex: 'K', disability: false, channel: 'in_person', ...fullRecord, targetGroup: 'poverty', centreClient: true });
    expect(bare.statusCode, bare.body).toBe(201);
    await waitForStage(db, bare.json().id, 'applied');
    const noEvidence = await api('worker', 'POST', '/api/applications/score', { applicationId: bare.json().id, scores, opinion: 'Rekomenduję.' });
    expect(noEvidence.statusCode).toBe(409);
    expect(JSON.stringify(noEvidence.json())).toContain('Brak dowodu zamieszkania na obszarze');

    const w = await watchedPage(browser, base);
    await browserLogin(w.page, worker.email, worker.password);
    await w.page.goto('/participants/new');
    const field = (name: string) => w.page.locator(`[id="ap-${name}"]`);
    await field('projectId').selectOption(own);
    await field('firstName').fill('Zofia');
    await field('lastName').fill(`Dowodowa-${randomUUID().slice(0, 5)}`);
    await field('pesel').fill(adultPesel());
    await field('sex').selectOption('K');
    await expect.poll(() => field('targetGroup').locator('option').count(), { timeout: 30_000 }).toBe(DRUGI_BRZEG.config.targetGroups.length + 1);
    await field('targetGroup').selectOption('poverty');
    await field('address.voivodeship').selectOption('śląskie');
    await field('address.county').fill('raciborski');
    await field('address.commune').fill('Krzyżanowice');
    await field('address.locality').fill('Tworków');
    await field('address.street').fill('Długa');
    await field('address.building').fill('12');
    await field('address.postcode').fill('47-451');
    await field('education').selectOption('isced3');
    await field('labourStatus').selectOption('unemployed_registered');
    await field('labourStatusDetail').selectOption('long_term');
    await field('citizenship').selectOption('polish');
    for (const flag of ['minority', 'foreignOrigin', 'homeless', 'otherDisadvantage']) await field(`disadvantage.${flag}`).selectOption('no');
    await field('centreClient').selectOption('true');
    await field('evidence.residence.kind').selectOption('statement');
    await field('evidence.residence.date').fill('2024-03-01');
    await field('evidence.centreClient.kind').selectOption('certificate');
    await field('evidence.centreClient.date').fill('2024-03-02');
    // A date without its kind: refused on that field, in Polish, nothing recorded.
    await field('evidence.targetGroup.date').fill('2024-03-03');
    await w.page.getByRole('button', { name: 'Zapisz zgłoszenie' }).click();
    await w.page.locator('main .alert-error').first().waitFor();
    expect(await w.page.locator('main .alert-error').first().innerText()).toContain('Wybierz rodzaj dowodu (podano datę)');
    await screenshot(w.page, 'eligibility-evidence-refused');
    await field('evidence.targetGroup.kind').selectOption('opinion');
    await w.page.getByRole('button', { name: 'Zapisz zgłoszenie' }).click();
    await w.page.waitForURL(/\/participants\/[0-9a-f-]{36}$/);
    const id = w.page.url().split('/').at(-1)!;
    await waitForStage(db, id, 'applied');
    // Eligible with its evidence: the social worker screens the candidate.
    for (const c of DEFAULT_RULES.criteria) await w.page.locator(`[id="screen-score.${c.code}"]`).fill('1');
    await w.page.locator('#screen-opinion').fill('Rekomenduję udział.');
    await w.page.locator('#screen-opinion').locator('xpath=ancestor::form').locator('button[type=submit]').click();
    await waitForStage(db, id, 'screened');
    await screenshot(w.page, 'eligibility-screened');
    expect([...co.problems, ...w.problems]).toEqual([]);
  }, 120_000);
});

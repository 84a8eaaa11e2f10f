// The regulations' checks in Chromium against the real round and journeys (issue 15 item 4): the commission
// sees each candidate's points per criterion, the social worker's opinion and the flags (an e-mailed form
// without its original, an application received on a day off); qualifying over higher-ranked waiting
// candidates is refused without a written justification, recorded with one, and the protocol read back
// prints it. A project that refuses applications on days off and outside its recruitment period says why;
// one that flags a missing original signs the contract and the participant's page says so.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { inBothLanguages } from '../../i18n';
import { act, performAction } from '../../server/services/journeys';
import { approveList, closeSitting, decide } from '../../server/services/recruitment';
import { todayInWarsaw } from '../../i18n/format';
import { eventually } from '../recruitment/round-helpers';
import { createTestUser, testApp, type TestUser } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';
import { apply, createProject, waitForStage } from '../helpers/journeys';
import { pdfText } from '../helpers/pdf';
import { createProject as createConfiguredProject, getProject, SYSTEM_ACTOR } from '../../server/services/projects';
import { AKTYWNY_SPOLECZNIE } from '../../scripts/example-projects';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const base = await listen(app);
const browser = await launchBrowser();

const users = {
  worker: await createTestUser(db, 'social_worker', { name: 'Ewa Socjalna' }),
  commission: await createTestUser(db, 'commission', { name: 'Maria Komisja' }),
  coordinator: await createTestUser(db, 'coordinator', { name: 'Jan Koordynator' }),
  director: await createTestUser(db, 'director', { name: 'Piotr Dyrektor' }),
};

async function as(user: TestUser): Promise<{ page: Page; problems: string[] }> {
  const w = await watchedPage(browser, base);
  await browserLogin(w.page, user.email, user.password);
  return w;
}
const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

/** Screening with the opinion criterion at `opinionPoints` (the others 1), and the social worker's opinion. */
async function screenWith(id: string, opinionPoints: number, opinion: string) {
  const scores = Object.fromEntries(DEFAULT_RULES.criteria.map((c) => [c.code, c.code === 'worker_opinion' ? opinionPoints : 1]));
  await act({ temporal: env.client }, users.worker, id, 'screen', { scores, opinion }, randomUUID());
  await waitForStage(db, id, 'screened');
}

// A Saturday within the project's period (2022-01-03 – 2030-06-30), at noon in Warsaw.
const SATURDAY = '2026-11-28T12:00:00+01:00';

describe('the regulations\' checks in Chromium', () => {
  it('shows points per criterion, the opinion and the flags; an out-of-order qualification needs a justification that the protocol prints', async () => {
    const projectId = await createProject(db);
    const suffix = Math.random().toString(36).slice(2, 6);
    const names = { a: `Pierwsza-${suffix}`, b: `Druga-${suffix}`, c: `Trzecia-${suffix}` };
    const a = await apply(deps, users.worker, projectId, { firstName: 'Alicja', lastName: names.a, channel: 'email_scan', receivedAt: SATURDAY });
    const b = await apply(deps, users.worker, projectId, { firstName: 'Beata', lastName: names.b });
    const c = await apply(deps, users.worker, projectId, { firstName: 'Celina', lastName: names.c });
    for (const id of [a, b, c]) await waitForStage(db, id, 'applied');
    await screenWith(a, 9, `Bardzo zaangażowana ${suffix}.`);
    await screenWith(b, 6, 'Rekomenduję.');
    await screenWith(c, 2, 'Rekomenduję warunkowo.');

    const cm = await as(users.commission);
    await cm.page.goto(`/recruitment/${projectId}`);
    await cm.page.locator(`#dc-${c}`).waitFor();
    // The commission's view: the flags beside the name, the points per criterion and the opinion.
    const rowA = cm.page.locator('tr', { has: cm.page.locator(`#cand-${a}`) });
    expect(await rowA.innerText()).toContain('brak oryginału formularza');
    expect(await rowA.innerText()).toContain('wpłynęło w dniu wolnym od pracy');
    await cm.page.locator(`#cand-${a} summary`).click();
    const detailsA = await text(cm.page, `#cand-${a}`);
    expect(detailsA).toContain('Opinia pracownika socjalnego: 9 / 10');
    expect(detailsA).toContain('Osoba z niepełnosprawnością: 1 / 10');
    expect(detailsA).toContain(`Bardzo zaangażowana ${suffix}.`);
    await screenshot(cm.page, 'regulation-checks-commission-view');

    // Celina (3rd) over Alicja and Beata without a word: refused, in Polish, nothing recorded.
    await cm.page.locator(`#dc-${c}`).selectOption('qualified');
    await cm.page.locator(`form:has(#dc-${c}) button[type=submit]`).click();
    expect(await text(cm.page, 'main .alert-error')).toContain('Wyżej na liście rankingowej czeka na decyzję kandydatów: 2. Zakwalifikowanie z pominięciem kolejności wymaga pisemnego uzasadnienia');
    await screenshot(cm.page, 'regulation-checks-refused');
    expect((await db.selectFrom('applications').select('stage').where('id', '=', c).executeTakeFirstOrThrow()).stage).toBe('screened');

    // With the justification: recorded, and shown with the decision.
    const why = `Jedyna kandydatka z gminy partnerskiej ${suffix}`;
    await cm.page.locator(`#dc-${c}`).selectOption('qualified');
    await cm.page.locator(`#js-${c}`).fill(why);
    await cm.page.locator(`form:has(#dc-${c}) button[type=submit]`).click();
    expect(await text(cm.page, 'main .alert')).toContain('Zapisano decyzję.');
    for (const id of [a, b]) {
      await cm.page.locator(`#dc-${id}`).selectOption('qualified');
      await cm.page.locator(`form:has(#dc-${id}) button[type=submit]`).click();
      expect(await text(cm.page, 'main .alert')).toContain('Zapisano decyzję.');
    }
    await cm.page.reload();
    await cm.page.locator(`#cand-${c} summary`).click();
    expect(await text(cm.page, `#cand-${c}`)).toContain(`z pominięciem kolejności: ${why}`);

    await cm.page.locator('#rc-members').fill('Maria Komisja\nAnna Nowak');
    await cm.page.getByRole('button', { name: 'Zamknij posiedzenie i sporządź protokół' }).click();
    expect(await text(cm.page, 'main .alert-ok')).toContain('Posiedzenie zamknięte');
    await screenshot(cm.page, 'regulation-checks-closed');

    // The protocol read back: who was qualified out of order, whom it passed over, and why.
    const href = await cm.page.getByRole('link', { name: 'Protokół (PDF)' }).getAttribute('href');
    // A line may break after a surname's hyphen ("Druga-" / "x1y2"): joined as a reader would.
    const protocol = (await pdfText(await (await cm.page.request.get(href!)).body())).replace(/-\s+/g, '-').replace(/\s+/g, ' ');
    expect(protocol).toContain('Odstępstwa od kolejności listy rankingowej');
    expect(protocol).toContain(`Celina ${names.c} zakwalifikowano z pominięciem: Alicja ${names.a}, Beata ${names.b}.`);
    expect(protocol).toContain(`Uzasadnienie komisji: ${why}`);

    // Staff see the flags on the application itself.
    const sw = await as(users.worker);
    await sw.page.goto(`/participants/${a}`);
    const data = await text(sw.page, 'main');
    expect(data).toContain('Uwagi do zgłoszenia');
    expect(data).toContain('wpłynęło w dniu wolnym od pracy');
    await screenshot(sw.page, 'regulation-checks-participant-flags');
    // The justification is where the decision is shown on Celina's timeline.
    await waitForStage(db, c, 'decided');
    await sw.page.goto(`/participants/${c}`);
    expect(await text(sw.page, '.timeline')).toContain(why);
    expect(cm.problems).toEqual([]);
    expect(sw.problems).toEqual([]);
  });

  it('a project that refuses: an application on a day off or outside the recruitment period is refused with the reason, in both languages', async () => {
    // The coordinator sets the checks in the project's configuration form.
    const project = await createConfiguredProject(db, SYSTEM_ACTOR, { ...AKTYWNY_SPOLECZNIE, code: `RC-${randomUUID().slice(0, 8)}` });
    const projectId = project.id;
    const co = await as(users.coordinator);
    await co.page.goto(`/projects/${projectId}`);
    expect(await co.page.getByLabel('Zgłoszenie poza okresem rekrutacji lub w dniu wolnym').inputValue()).toBe('flag');
    expect(await co.page.getByLabel('Podpisanie umowy bez oryginału formularza z e-maila').inputValue()).toBe('refuse');
    await co.page.getByLabel('Zgłoszenie poza okresem rekrutacji lub w dniu wolnym').selectOption('refuse');
    await co.page.getByLabel('Początek rekrutacji (puste: początek projektu)').fill('2026-01-05');
    await co.page.getByLabel('Koniec rekrutacji (puste: koniec projektu)').fill('2026-11-30');
    await screenshot(co.page, 'regulation-checks-config');
    await co.page.locator('main button[type=submit]', { hasText: 'Zapisz' }).click();
    await co.page.getByText('Zapisano konfigurację.').waitFor();
    expect((await getProject(db, projectId)).config.checks).toEqual({ applicationDate: 'refuse', originalAtSigning: 'refuse', recruitmentFrom: '2026-01-05', recruitmentTo: '2026-11-30' });
    expect(co.problems).toEqual([]);
    const refusal = async (receivedAt: string) => {
      const err = await apply(deps, users.worker, projectId, { receivedAt, targetGroup: null }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'invalid_input' });
      const field = (err as AppError).fields[0]!;
      expect(field.field).toBe('receivedAt');
      return { pl: field.message, en: inBothLanguages(field.text!).en };
    };
    expect(await refusal(SATURDAY)).toEqual({
      pl: 'Zgłoszenie z dnia 28.11.2026 wpłynęło w dniu wolnym od pracy; ośrodek nie przyjmuje zgłoszeń w takie dni',
      en: 'The application of 28.11.2026 arrived on a day off; the centre does not accept applications on such days',
    });
    // 11 November (a Wednesday in 2026) is a public holiday.
    expect((await refusal('2026-11-11T10:00:00+01:00')).pl).toContain('w dniu wolnym od pracy');
    expect((await refusal('2026-12-01T10:00:00+01:00')).pl).toBe('Zgłoszenie z dnia 01.12.2026 wpłynęło poza okresem rekrutacji (05.01.2026 – 30.11.2026)');
    // A working day within the period is taken, with no flag.
    const ok = await apply(deps, users.worker, projectId, { receivedAt: '2026-11-30T10:00:00+01:00', targetGroup: null });
    expect((await db.selectFrom('applications').select('intake_flags').where('id', '=', ok).executeTakeFirstOrThrow()).intake_flags).toEqual([]);
  });

  it('a project that flags the missing original: the contract is signed through the panel\'s service, and the participant stays flagged', async () => {
    const projectId = await createProject(db);
    const config = { targetGroups: [{ code: 'poverty', label: 'Ubóstwo', planned: 1 }], quotas: [], supportCatalogue: [], indicatorTargets: {}, checks: { originalAtSigning: 'flag' } };
    await db.updateTable('projects').set({ config: JSON.stringify(config) }).where('id', '=', projectId).execute();
    const id = await apply(deps, users.worker, projectId, { firstName: 'Danuta', lastName: `Bezoryginalna-${Math.random().toString(36).slice(2, 6)}`, channel: 'email_scan' });
    await waitForStage(db, id, 'applied');
    await screenWith(id, 5, 'Rekomenduję.');
    await eventually(() => decide({ db, temporal: env.client }, users.commission, projectId, { requestId: randomUUID(), applicationId: id, decision: 'qualified' }));
    await closeSitting({ db, temporal: env.client }, users.commission, projectId, { requestId: randomUUID(), members: ['Maria Komisja'], date: todayInWarsaw() });
    await approveList({ db, temporal: env.client }, users.director, projectId, { requestId: randomUUID() });
    await waitForStage(db, id, 'joining');
    // The service passes the project's setting: flag, so the journey signs although the original is pending.
    await performAction(deps, users.worker, { applicationId: id, action: 'signDocuments', input: { signedOn: todayInWarsaw(), documents: ['declaration', 'contract', 'data_statement'] }, requestId: randomUUID(), via: 'panel', locale: 'pl' });
    await waitForStage(db, id, 'support');
    const sw = await as(users.worker);
    await sw.page.goto(`/participants/${id}`);
    const data = await text(sw.page, 'main');
    expect(data).toContain('Oczekuje na oryginał');
    expect(data).toContain('umowa podpisana bez oryginału formularza');
    await screenshot(sw.page, 'regulation-checks-signed-without-original');
    expect(sw.problems).toEqual([]);
  });
});


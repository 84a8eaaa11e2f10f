// Corrections through the real API and the panel in Chromium (PostgreSQL, Temporal dev server, worker):
// three fields corrected (one a PESEL), the timeline's "poprawiono: stara -> nowa" (values for the roles that
// may read them), the audit; a bad PESEL refused with a Polish message; a PESEL another application of the
// project holds refused with the link to it.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiCaller, createTestUser, testApp, tokenFor, type TestUser } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';
import { createProject, peselsBornAs, uniquePesel, waitForStage } from '../helpers/journeys';
import { participantInSupport } from '../helpers/sessions';
import { todayInWarsaw } from '../../i18n/format';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const base = await listen(app);
const browser = await launchBrowser();
const users = {
  worker: await createTestUser(db, 'social_worker', { name: 'Ewa Socjalna' }),
  coordinator: await createTestUser(db, 'coordinator', { name: 'Jan Koordynator' }),
  commission: await createTestUser(db, 'commission'),
  auditor: await createTestUser(db, 'auditor', { name: 'Olga Audytor' }),
};
const api = apiCaller(app, {
  worker: await tokenFor(db, users.worker),
  coordinator: await tokenFor(db, users.coordinator),
  commission: await tokenFor(db, users.commission),
});
const projectId = await createProject(db);
const surname = `Łękawsak-${randomUUID().slice(0, 5)}`;

// PESELs of one birth day nobody else in the run uses: a corrected PESEL must keep the birth date and sex,
// and "the same person in another project" must be nobody's but this file's.
const testPesel = peselsBornAs(uniquePesel());

async function register(lastName: string, pesel = testPesel()): Promise<string> {
  const res = await api('worker', 'POST', '/api/applications', { projectId, firstName: 'Zofia', lastName, pesel, sex: 'K', disability: false, targetGroup: 'poverty', channel: 'in_person' });
  expect(res.statusCode).toBe(201);
  await waitForStage(db, res.json().id, 'applied');
  return res.json().id;
}

async function as(user: TestUser): Promise<{ page: Page; problems: string[] }> {
  const w = await watchedPage(browser, base);
  await browserLogin(w.page, user.email, user.password);
  return w;
}

describe('corrections through the API', () => {
  it('corrects three fields (one a PESEL); the timeline shows old -> new to those who may read them', async () => {
    const id = await register(surname);
    const correct = (who: 'worker' | 'commission', changes: object, headers: Record<string, string> = {}) =>
      api(who, 'POST', '/api/applications/correct', { applicationId: id, reason: 'Dane według dowodu osobistego', changes }, headers);

    expect((await correct('commission', { lastName: 'Łękawska' })).statusCode).toBe(403);
    const bad = await correct('worker', { pesel: '02231512340' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().fields).toMatchObject([{ field: 'changes.pesel', message: 'PESEL ma błędną cyfrę kontrolną' }]);
    const badEn = await correct('worker', { pesel: '0223151234' }, { 'accept-language': 'en' });
    expect(badEn.json().fields).toMatchObject([{ field: 'changes.pesel', message: 'PESEL must have 11 digits' }]);

    const pesel = testPesel();
    const ok = await correct('worker', { lastName: 'Łękawska', pesel, targetGroup: 'popz' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ applicationId: id, fields: ['lastName', 'pesel', 'targetGroup'], roundTold: false, warnings: [] });

    const read = async (who: 'coordinator' | 'commission') => {
      const p = await api(who, 'GET', `/api/participants/${id}`);
      return { data: p.json().data, corrected: p.json().events.find((e: { type: string }) => e.type === 'data_corrected') };
    };
    const co = await read('coordinator');
    expect(co.data).toMatchObject({ lastName: 'Łękawska', pesel, targetGroup: 'popz' });
    expect(co.corrected.corrections).toEqual([
      { field: 'lastName', oldValue: surname, newValue: 'Łękawska', reason: 'Dane według dowodu osobistego', valuesShown: true },
      { field: 'pesel', oldValue: expect.stringMatching(/^\d{11}$/), newValue: pesel, reason: 'Dane według dowodu osobistego', valuesShown: true },
      { field: 'targetGroup', oldValue: 'poverty', newValue: 'popz', reason: 'Dane według dowodu osobistego', valuesShown: true },
    ]);
    // The commission sees which fields changed, not what they were.
    const cm = await read('commission');
    expect(cm.corrected.corrections.map((c: { field: string; oldValue: unknown; valuesShown: boolean }) => [c.field, c.oldValue, c.valuesShown])).toEqual([
      ['lastName', null, false], ['pesel', null, false], ['targetGroup', null, false],
    ]);
  });

  it('refuses a PESEL another application of the project holds, naming it', async () => {
    const holder = await register(`Nowak-${randomUUID().slice(0, 5)}`);
    const taken = (await api('coordinator', 'GET', `/api/participants/${holder}`)).json().data.pesel;
    const id = await register(`Kowalska-${randomUUID().slice(0, 5)}`);
    const dup = await api('worker', 'POST', '/api/applications/correct', { applicationId: id, reason: 'PESEL z dowodu', changes: { pesel: taken } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ error: 'duplicate_application', details: { applicationId: holder, link: `/participants/${holder}` } });
  });
});

describe('corrections in the panel (Chromium)', () => {
  it('a social worker corrects three fields; the timeline and the audit show it; refusals in Polish', async () => {
    const lastName = `Łękawsak-${randomUUID().slice(0, 5)}`;
    const id = await register(lastName);
    const holder = await register(`Nowak-${randomUUID().slice(0, 5)}`);
    const taken = (await db.selectFrom('applications').select('pesel').where('id', '=', holder).executeTakeFirstOrThrow()).pesel;

    const sw = await as(users.worker);
    await sw.page.goto(`/participants/${id}`);
    await sw.page.getByText('Popraw dane uczestnika').click();
    await screenshot(sw.page, 'correction-form');
    // A PESEL with a wrong check digit: refused in Polish, what was typed stays.
    await sw.page.locator('#co-lastName').fill('Łękawska');
    await sw.page.locator('#co-pesel').fill('02231512340');
    await sw.page.locator('#co-reason').fill('Dane według dowodu osobistego');
    await sw.page.locator('#participant-correction button[type=submit]').click();
    await sw.page.locator('#participant-correction .alert-error').waitFor();
    expect(await sw.page.locator('#co-pesel-error').innerText()).toBe('PESEL ma błędną cyfrę kontrolną');
    expect(await sw.page.locator('#co-lastName').inputValue()).toBe('Łękawska');
    await screenshot(sw.page, 'correction-bad-pesel');

    // Another participant's PESEL: refused with the link to that application.
    await sw.page.locator('#co-pesel').fill(taken);
    await sw.page.locator('#participant-correction button[type=submit]').click();
    const dup = sw.page.locator('#participant-correction .alert-error');
    await dup.waitFor();
    expect(await dup.innerText()).toContain('Ta osoba (ten sam PESEL) ma już zgłoszenie w tym projekcie');
    expect(await dup.getByRole('link', { name: 'Otwórz istniejące zgłoszenie' }).getAttribute('href')).toBe(`/participants/${holder}`);

    // Three fields: the surname, the PESEL, the labour-market status.
    const pesel = testPesel();
    await sw.page.locator('#co-pesel').fill(pesel);
    await sw.page.locator('#co-labourStatus').selectOption('inactive');
    await sw.page.locator('#participant-correction button[type=submit]').click();
    await sw.page.locator('#participant-correction .alert-ok').waitFor();
    expect(await sw.page.locator('h1').innerText()).toBe('Zofia Łękawska');
    const timeline = await sw.page.locator('.timeline').innerText();
    expect(timeline).toContain('Poprawiono dane');
    expect(timeline).toContain(`poprawiono Nazwisko: ${lastName} → Łękawska`);
    expect(timeline).toMatch(new RegExp(`poprawiono PESEL: \\d{11} → ${pesel}`));
    expect(timeline).toContain('poprawiono Status na rynku pracy w chwili przystąpienia: — → osoba bierna zawodowo');
    expect(timeline).toContain('Powód poprawki: Dane według dowodu osobistego');
    await screenshot(sw.page, 'correction-timeline');
    expect(sw.problems).toEqual([]);

    // The auditor finds it in the audit log: who, what, on which participant.
    const au = await as(users.auditor);
    await au.page.goto(`/audit?action=participant_correctData&entityId=${id}`);
    const rows = au.page.locator('main table tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('Ewa Socjalna');
    expect(await rows.first().innerText()).toContain('Uczestnik: Poprawa danych');
    await screenshot(au.page, 'correction-audit');
    expect(au.problems).toEqual([]);
  });

  it('a coordinator corrects the address: a commune TERYT does not list refused in Polish, then old -> new on the timeline', async () => {
    const id = await register(`Adresowa-${randomUUID().slice(0, 5)}`);
    const co = await as(users.coordinator);
    await co.page.goto(`/participants/${id}`);
    await co.page.getByText('Popraw dane uczestnika').click();
    const part = (k: string) => co.page.locator(`[id="co-address.${k}"]`);
    await part('voivodeship').selectOption('śląskie');
    await part('county').fill('Bytom');
    await part('commune').fill('Racibórz');
    await part('locality').fill('Bytom');
    await part('street').fill('ul. Dworcowa');
    await part('building').fill('14');
    await part('flat').fill('2');
    await part('postcode').fill('41-902');
    await co.page.locator('#co-reason').fill('Adres z oświadczenia uczestnika');
    await co.page.locator('#participant-correction button[type=submit]').click();
    await co.page.locator('#participant-correction .alert-error').waitFor();
    expect(await co.page.locator('[id="co-address.commune-error"]').innerText()).toBe('Nie ma takiej gminy w tym powiecie (wykaz TERYT)');
    expect(await part('street').inputValue()).toBe('ul. Dworcowa');
    await screenshot(co.page, 'correction-address-refused');

    await part('commune').fill('bytom');
    await co.page.locator('#participant-correction button[type=submit]').click();
    await co.page.locator('#participant-correction .alert-ok').waitFor();
    const timeline = await co.page.locator('.timeline').innerText();
    expect(timeline).toContain('poprawiono Adres zamieszkania: — → ul. Dworcowa 14/2, 41-902 Bytom (gm. Bytom, pow. Bytom, śląskie, DEGURBA 1)');
    expect(timeline).toContain('Powód poprawki: Adres z oświadczenia uczestnika');
    // The form now starts from the corrected address.
    await co.page.getByText('Popraw dane uczestnika').click();
    expect(await part('flat').inputValue()).toBe('2');
    await screenshot(co.page, 'correction-address-timeline');
    expect(co.problems).toEqual([]);
  });

  it('a coordinator undoes an end recorded by mistake: the reason and the place on the timeline, back in support', { timeout: 120_000 }, async () => {
    const id = await participantInSupport(deps, users.coordinator, projectId, `Pomyłkowa-${randomUUID().slice(0, 5)}`);
    const end = await api('coordinator', 'POST', '/api/applications/end', { applicationId: id, endedOn: todayInWarsaw(), reason: 'resigned', note: 'Rezygnacja' });
    expect(end.statusCode).toBe(200);
    await waitForStage(db, id, 'ended');
    // The API answers a social worker 403, a reason too short 400 in the caller's language.
    expect((await api('worker', 'POST', '/api/applications/undo-end', { applicationId: id, reason: 'Pomyłka' })).statusCode).toBe(403);
    expect((await api('coordinator', 'POST', '/api/applications/undo-end', { applicationId: id, reason: '' })).statusCode).toBe(400);

    const co = await as(users.coordinator);
    await co.page.goto(`/participants/${id}`);
    await co.page.locator('#undoEnding-reason').fill('Rezygnację złożyła inna uczestniczka o tym samym nazwisku');
    await screenshot(co.page, 'undo-ending-form');
    await co.page.locator('#undoEnding-reason').locator('xpath=ancestor::form').locator('button[type=submit]').click();
    // Consequential: a summary of what will happen first, nothing changed until it is confirmed.
    const confirmation = co.page.getByRole('button', { name: /^Potwierdzam: / });
    await confirmation.waitFor();
    const summary = await co.page.locator('main').innerText();
    expect(summary).toContain('Uczestnik wróci na ścieżkę wsparcia');
    expect(summary).toContain('Rezygnację złożyła inna uczestniczka o tym samym nazwisku');
    expect((await db.selectFrom('applications').select('stage').where('id', '=', id).executeTakeFirstOrThrow()).stage).toBe('ended');
    await screenshot(co.page, 'undo-ending-confirm');
    await confirmation.click();
    await waitForStage(db, id, 'support');
    await co.page.goto(`/participants/${id}`);
    const timeline = await co.page.locator('.timeline').innerText();
    expect(timeline).toContain('Cofnięto zakończenie udziału (pomyłka)');
    expect(timeline).toContain('Rezygnację złożyła inna uczestniczka o tym samym nazwisku');
    expect(timeline).toContain('Miejsce wraca do uczestnika');
    // Back in support: the end can be recorded again, the undo is no longer offered.
    expect(await co.page.locator('#undoEnding-reason').count()).toBe(0);
    expect(await co.page.locator('[id^="endParticipation-"]').count()).toBeGreaterThan(0);
    await screenshot(co.page, 'undo-ending-timeline');
    expect(co.problems).toEqual([]);
  });
});

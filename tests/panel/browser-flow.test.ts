// Chromium walks the main flow as each role: the coordinator configures a project, a social worker
// takes and screens an application (htmx forms), the commission decides and closes the sitting, the
// director approves, the social worker signs, plans, records attendance and ends participation, the
// coordinator records the follow-up. Each role sees only its own actions. Screenshots of every page.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTestUser, testApp, type TestUser } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';
import { testPesel, waitForStage } from '../helpers/journeys';
import { todayInWarsaw } from '../../i18n/format';

// Unique in the run's shared database: other suites add Łękawskas too.
const LAST_NAME = `Łękawska-${Math.random().toString(36).slice(2, 7)}`;

const { app, db } = await testApp();
const base = await listen(app);
const browser = await launchBrowser();

const users = {
  coordinator: await createTestUser(db, 'coordinator', { name: 'Jan Koordynator' }),
  worker: await createTestUser(db, 'social_worker', { name: 'Ewa Socjalna' }),
  commission: await createTestUser(db, 'commission', { name: 'Maria Komisja' }),
  director: await createTestUser(db, 'director', { name: 'Piotr Dyrektor' }),
  auditor: await createTestUser(db, 'auditor', { name: 'Olga Audytor' }),
};

async function as(user: TestUser): Promise<{ page: Page; problems: string[] }> {
  const w = await watchedPage(browser, base);
  w.page.on('dialog', (d) => void d.accept());
  await browserLogin(w.page, user.email, user.password);
  return w;
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

describe('the main flow in Chromium, role by role', () => {
  it('goes from a new project to the first follow-up', async () => {
    const code = `AS-${Date.now().toString(36)}`;
    // Coordinator: a project.
    const co = await as(users.coordinator);
    await co.page.getByRole('link', { name: 'Projekty' }).click();
    await co.page.locator('#pr-code').fill(code);
    await co.page.locator('#pr-name').fill('Aktywny Społecznie');
    await co.page.locator('#pr-startsOn').fill('2022-01-03');
    await co.page.locator('#pr-endsOn').fill('2030-06-30');
    await co.page.locator('#pr-places').fill('60');
    await co.page.locator('#pr-criteria').fill('disability; Osoba z niepełnosprawnością; 10\nopinion; Opinia pracownika socjalnego; 10');
    await screenshot(co.page, 'projects');
    await co.page.getByRole('button', { name: 'Utwórz projekt' }).click();
    expect(await text(co.page, 'h1')).toBe(`${code} – Aktywny Społecznie`);
    await screenshot(co.page, 'project');

    // Social worker: the application, then the screening through htmx.
    const sw = await as(users.worker);
    await sw.page.getByRole('link', { name: 'Uczestnicy' }).click();
    await sw.page.getByRole('link', { name: 'Nowe zgłoszenie' }).click();
    await sw.page.locator('#ap-projectId').selectOption({ label: `${code} – Aktywny Społecznie` });
    await sw.page.locator('#ap-firstName').fill('Zofia');
    await sw.page.locator('#ap-lastName').fill(LAST_NAME);
    await sw.page.locator('#ap-pesel').fill('12345678901');
    await sw.page.getByRole('button', { name: 'Zapisz zgłoszenie' }).click();
    expect(await text(sw.page, '.alert-error')).toContain('Sprawdź zaznaczone pola');
    await screenshot(sw.page, 'apply-errors');
    await sw.page.locator('#ap-pesel').fill(testPesel());
    await sw.page.locator('#ap-sex').selectOption('K');
    await sw.page.getByRole('button', { name: 'Zapisz zgłoszenie' }).click();
    await sw.page.waitForURL(/\/participants\/[0-9a-f-]{36}$/);
    const id = sw.page.url().split('/').pop()!;
    await waitForStage(db, id, 'applied');
    await sw.page.reload();
    expect(await text(sw.page, 'h1')).toBe(`Zofia ${LAST_NAME}`);
    await screenshot(sw.page, 'participant-applied');

    await sw.page.locator('#screen-score\\.disability').fill('0');
    await sw.page.locator('#screen-score\\.opinion').fill('8');
    await sw.page.locator('#screen-opinion').fill('Rekomenduję udział w projekcie.');
    await sw.page.locator('#action-screen button[type=submit]').click();
    await sw.page.locator('#participant-actions .alert-ok').waitFor();
    await sw.page.locator('.stagebar li[aria-current="step"]', { hasText: 'Ocena' }).waitFor();
    await screenshot(sw.page, 'participant-screened');

    // Commission: the ranking, a decision, the sitting closed; no journey actions for it.
    const cm = await as(users.commission);
    await cm.page.goto(`/participants/${id}`);
    expect(await cm.page.locator('#participant-actions form').count()).toBe(0);
    await cm.page.getByRole('link', { name: 'Rekrutacja' }).click();
    await cm.page.locator('#rc-project').selectOption({ label: `${code} – Aktywny Społecznie` });
    await cm.page.getByRole('button', { name: 'Pokaż' }).click();
    await cm.page.locator(`#dc-${id}`).waitFor();
    await screenshot(cm.page, 'recruitment-ranking');
    await cm.page.locator(`#dc-${id}`).selectOption('qualified');
    await cm.page.getByRole('button', { name: 'Zapisz decyzję' }).click();
    expect(await text(cm.page, '.alert')).toContain('Zapisano decyzję.');
    await cm.page.locator('#rc-members').fill('Maria Komisja\nAnna Nowak');
    await cm.page.getByRole('button', { name: 'Zamknij posiedzenie i sporządź protokół' }).click();
    expect(await text(cm.page, '.alert-ok')).toContain('Posiedzenie zamknięte');
    expect(await cm.page.getByRole('button', { name: 'Zatwierdź listę' }).count()).toBe(0);
    await screenshot(cm.page, 'recruitment-closed');

    // Director: approves; sees no decision forms.
    const dr = await as(users.director);
    await dr.page.goto(`/recruitment/${(await db.selectFrom('projects').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id}`);
    expect(await dr.page.locator(`#dc-${id}`).count()).toBe(0);
    await dr.page.getByRole('button', { name: 'Zatwierdź listę' }).click();
    // Irreversible: confirmed on a second page that says what will happen.
    await dr.page.getByRole('button', { name: 'Potwierdzam: Zatwierdź listę' }).click();
    expect(await text(dr.page, '.alert-ok')).toContain('Lista została zatwierdzona.');
    await screenshot(dr.page, 'recruitment-approved');
    await waitForStage(db, id, 'joining');

    // Social worker: signing, the IŚR, attendance, the end.
    await sw.page.reload();
    await sw.page.locator('#action-signDocuments').waitFor();
    await screenshot(sw.page, 'participant-joining');
    await sw.page.locator('#action-signDocuments button[type=submit]').click();
    await sw.page.locator('#participant-actions .alert-ok').waitFor();
    await waitForStage(db, id, 'support');
    await sw.page.locator('#planSupport-hours\\.support_group').fill('40');
    await sw.page.locator('#planSupport-hours\\.job_coach').fill('10');
    await sw.page.locator('#action-planSupport button[type=submit]').click();
    await sw.page.locator('#participant-actions .alert-ok').waitFor();
    await sw.page.locator('#recordAttendance-plannedHours').fill('4');
    await sw.page.locator('#recordAttendance-attendedHours').fill('3');
    await sw.page.locator('#action-recordAttendance button[type=submit]').click();
    await sw.page.locator('#participant-actions .alert-ok').waitFor();
    await sw.page.getByText('Frekwencja: 75% (wymagane 80%)').waitFor();
    await screenshot(sw.page, 'participant-support');
    // Refused by the journey (a resignation needs a documented reason), once confirmed: the form comes back in place.
    await sw.page.locator('#endParticipation-endedOn').fill(todayInWarsaw());
    await sw.page.locator('#endParticipation-reason').selectOption('resigned');
    await sw.page.locator('#action-endParticipation button[type=submit]').click();
    await sw.page.getByRole('button', { name: 'Potwierdzam: Zakończenie udziału' }).click();
    await sw.page.locator('#action-endParticipation .alert-error').waitFor();
    expect(await text(sw.page, '#action-endParticipation .alert-error')).toContain('udokumentowanego powodu');
    await screenshot(sw.page, 'participant-refused-inline');
    await sw.page.locator('#endParticipation-endedOn').fill(todayInWarsaw());
    await sw.page.locator('#endParticipation-reason').selectOption('completed');
    await sw.page.locator('#action-endParticipation button[type=submit]').click();
    await sw.page.getByRole('button', { name: 'Potwierdzam: Zakończenie udziału' }).click();
    await sw.page.locator('#participant-actions .alert-ok').waitFor();
    await waitForStage(db, id, 'ended');

    // Coordinator: the 4-week follow-up; Today and the list.
    await co.page.goto(`/participants/${id}`);
    await co.page.locator('#recordFollowUp-flags-working').check();
    await co.page.locator('#action-recordFollowUp button[type=submit]').click();
    await co.page.locator('#participant-actions .alert-ok').waitFor();
    await co.page.locator('.stagebar li[aria-current="step"]', { hasText: 'Monitoring 4 tyg.' }).waitFor();
    await screenshot(co.page, 'participant-follow-up');
    const projectId = (await db.selectFrom('projects').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    await co.page.goto(`/participants?q=${encodeURIComponent(LAST_NAME)}&projectId=${projectId}`);
    expect(await co.page.locator('tbody tr').count()).toBe(1);
    await screenshot(co.page, 'participants');
    await co.page.goto('/');
    await screenshot(co.page, 'today-coordinator');

    // Auditor: reads, acts on nothing.
    const au = await as(users.auditor);
    await au.page.goto(`/participants/${id}`);
    expect(await au.page.locator('#participant-actions form').count()).toBe(0);
    await screenshot(au.page, 'participant-auditor');
    await au.page.goto('/audit');
    await screenshot(au.page, 'audit-auditor');

    for (const w of [co, sw, cm, dr, au]) expect(w.problems).toEqual([]);
  }, 300_000);
});

// Chromium works the IŚR and the task list: a social worker sets up an IŚR, is refused with Polish field
// errors, revises it twice with reasons and prints att. 8 (read back); the API refuses a form outside the
// catalogue. Then the task list as each role: the social worker closes one task, snoozes one, dismisses
// one and sees her candidate waiting for screening on Today; the director closes an escalation; the
// coordinator's promotion task closes by its cause when the documents are signed (through the journey).
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../domain/types';
import { addCalendarDays } from '../../domain/working-days';
import { formatDate, todayInWarsaw } from '../../i18n/format';
import { act } from '../../server/services/journeys';
import { apiCaller, createTestUser, testApp, tokenFor, type TestUser } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';
import { apply, createProject, qualify, screen, waitForStage } from '../helpers/journeys';
import { pdfText } from '../helpers/pdf';

const { app, db, env, config } = await testApp();
const base = await listen(app);
const browser = await launchBrowser();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const LAST = `Brzegowa-${Math.random().toString(36).slice(2, 7)}`;

const projectId = await createProject(db);
// Of this project only: the run's other files open role tasks in theirs, which Today would show too.
const users = {
  worker: await createTestUser(db, 'social_worker', { name: 'Ewa Socjalna', projects: [projectId] }),
  coordinator: await createTestUser(db, 'coordinator', { name: 'Jan Koordynator', projects: [projectId] }),
  director: await createTestUser(db, 'director', { name: 'Piotr Dyrektor', projects: [projectId] }),
};

async function as(user: TestUser): Promise<{ page: Page; problems: string[] }> {
  const w = await watchedPage(browser, base);
  await browserLogin(w.page, user.email, user.password);
  return w;
}

/** A participant of the social worker, taken to joining (or to support, signed) through the journey. */
async function participant(firstName: string, until: 'applied' | 'joining' | 'support'): Promise<string> {
  const id = await apply(deps, users.worker, projectId, { firstName, lastName: LAST, socialWorkerId: users.worker.id });
  await waitForStage(db, id, 'applied');
  if (until === 'applied') return id;
  await screen(env.client, users.worker, id);
  await waitForStage(db, id, 'screened');
  await qualify(deps, id);
  await waitForStage(db, id, 'joining');
  if (until === 'support') await sign(id);
  return id;
}

async function sign(id: string) {
  await act({ temporal: env.client }, users.worker, id, 'signDocuments', { signedOn: todayInWarsaw(), kinds: ['declaration', 'contract', 'data_statement'] }, randomUUID());
  await waitForStage(db, id, 'support');
}

/**
 * A task as a journey's timer or the round opens it (here written directly: these tests are about
 * working tasks, and the timers that open them are covered by tests/journey and tests/reminders).
 */
async function task(kind: string, role: Role, applicationId: string, userId: string | null, dueInDays: number): Promise<string> {
  const row = await db
    .insertInto('tasks')
    .values({ key: `test:${randomUUID()}`, kind, application_id: applicationId, project_id: projectId, assignee_role: role, assignee_user_id: userId, due_at: new Date(Date.now() + dueInDays * 86_400_000), payload: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('the IŚR and the task list in Chromium', () => {
  it('sets up an IŚR, refuses bad input in Polish, revises it twice and prints att. 8 with both signature places', async () => {
    const id = await participant('Halina', 'support');
    const today = todayInWarsaw();
    const later = addCalendarDays(today, 90);
    const sw = await as(users.worker);
    const page = sw.page;
    await page.goto(`/participants/${id}`);
    expect(await page.locator('#action-planSupport').count()).toBe(1);
    await page.getByRole('link', { name: 'IŚR i jej zmiany' }).click();
    await page.waitForURL(/\/isr$/);
    expect(await page.locator('#isr-current').innerText()).toContain('nie ma jeszcze IŚR');

    // Hours with no period and no provider, and no goals: each field says what is wrong, in Polish.
    await page.locator('#isr-diagnosis').fill('Długotrwale bezrobotna, izolacja; zasoby: motywacja.');
    await page.locator('#isr-items\\.support_group\\.hours').fill('40');
    await page.locator('#isr-form button[type=submit]').click();
    await page.locator('#isr-form .alert-error').waitFor();
    const errors = await page.locator('#isr-form').innerText();
    expect(errors).toContain('Wpisz co najmniej 3 znaki');
    expect(errors).toContain('Podaj datę w formacie dd.mm.rrrr');
    expect(errors).toContain('Podaj realizatora');
    await screenshot(page, 'isr-errors');

    // Outside the project's period (it ends on 30.06.2030).
    await page.locator('#isr-goals').fill('Powrót na rynek pracy.');
    await page.locator('#isr-items\\.support_group\\.from').fill(today);
    await page.locator('#isr-items\\.support_group\\.to').fill('2031-01-31');
    await page.locator('#isr-items\\.support_group\\.provider').fill('Stowarzyszenie PERSONA');
    await page.locator('#isr-form button[type=submit]').click();
    await page.locator('#isr-form .alert-error', { hasText: 'Okres musi mieścić się w okresie projektu (03.01.2022 – 30.06.2030)' }).waitFor();

    await page.locator('#isr-items\\.support_group\\.to').fill(later);
    await page.locator('#isr-form button[type=submit]').click();
    await page.locator('.alert-ok', { hasText: 'IŚR zapisana (wersja 1)' }).waitFor();
    expect(await page.locator('#isr-current').innerText()).toContain('Obowiązująca IŚR (wersja 1)');

    // A revision needs its reason.
    await page.locator('#isr-items\\.job_coach\\.hours').fill('10');
    await page.locator('#isr-items\\.job_coach\\.from').fill(today);
    await page.locator('#isr-items\\.job_coach\\.to').fill(later);
    await page.locator('#isr-items\\.job_coach\\.provider').fill('Trener pracy OPS');
    await page.locator('#isr-form button[type=submit]').click();
    await page.locator('#isr-form .alert-error', { hasText: 'Podaj powód zmiany IŚR' }).waitFor();
    await page.locator('#isr-reason').fill('Dodano trenera pracy po rozmowie');
    await page.locator('#isr-form button[type=submit]').click();
    await page.locator('.alert-ok', { hasText: 'IŚR zapisana (wersja 2)' }).waitFor();

    await page.locator('#isr-items\\.support_group\\.hours').fill('30');
    await page.locator('#isr-reason').fill('Mniej godzin grupy wsparcia');
    await page.locator('#isr-form button[type=submit]').click();
    await page.locator('.alert-ok', { hasText: 'IŚR zapisana (wersja 3)' }).waitFor();
    const history = await page.locator('#isr-history').locator('..').innerText();
    expect(history).toContain('Wersja 2');
    expect(history).toContain('Dodano trenera pracy po rozmowie');
    expect(history).toContain('Wersja 1');
    expect(history).toContain('pierwsza wersja');
    expect(await page.locator('#isr-current').innerText()).toContain('Mniej godzin grupy wsparcia');
    await screenshot(page, 'isr-revised');
    // The participant page plans by the IŚR now: its plan is the current revision's, the plain plan form is gone.
    await page.goto(`/participants/${id}`);
    expect(await page.locator('#action-planSupport').count()).toBe(0);
    expect(await page.locator('table[aria-labelledby="p-plan"]').innerText()).toMatch(/Grupa wsparcia\s+30/);

    // Att. 8, as it prints.
    const pdf = await page.request.get(`/participants/${id}/isr.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const text = (await pdfText(await pdf.body())).replace(/\s+/g, ' ');
    for (const s of ['Załącznik nr 8', 'Indywidualna Ścieżka Reintegracji', `Halina ${LAST}`, 'Ewa Socjalna', 'Wersja 3', 'Mniej godzin grupy wsparcia',
      'Długotrwale bezrobotna', 'Powrót na rynek pracy', `Grupa wsparcia: 30 godz., ${formatDate(today)} – ${formatDate(later)}, realizator: Stowarzyszenie PERSONA`,
      'Trener pracy: 10 godz.', 'Razem zaplanowanych godzin: 40', 'Data i podpis Uczestnika/czki projektu', 'Data i podpis pracownika socjalnego']) {
      expect(text).toContain(s);
    }
    expect(sw.problems).toEqual([]);

    // The API: a form outside the project's catalogue is refused, in the caller's language.
    const api = apiCaller(app, { worker: await tokenFor(db, users.worker) });
    const refused = await api('worker', 'POST', '/api/applications/isr', {
      applicationId: id, diagnosis: 'Diagnoza', goals: 'Cele', reason: 'Astrologia',
      items: [{ formCode: 'astrology', hours: 5, from: today, to: later, provider: 'Wróżka' }],
    }, { 'accept-language': 'en' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().fields).toMatchObject([{ field: 'items.astrology.formCode', message: "The form “astrology” is not in the project's support-form catalogue" }]);
    const read = await api('worker', 'GET', `/api/participants/${id}/isr`);
    expect(read.json().revisions.map((r: { revision: number }) => r.revision)).toEqual([3, 2, 1]);
  });

  it('works the task list as each role: done, snoozed, dismissed, and one closed by its cause', async () => {
    const joining = await participant('Celina', 'joining');
    const waiting = await participant('Wanda', 'applied');
    void waiting;
    const done = await task('original_pending', 'social_worker', joining, users.worker.id, -1);
    const snoozed = await task('attendance_low', 'social_worker', joining, users.worker.id, 1);
    const dismissed = await task('follow_up_1_due', 'social_worker', joining, users.worker.id, 2);
    const promotion = await task('promoted_from_reserve', 'coordinator', joining, null, 1);
    const escalation = await task('follow_up_2_escalation', 'director', joining, null, -3);

    // The social worker.
    const sw = await as(users.worker);
    const p = sw.page;
    // Today: her tasks and her candidate waiting for screening (never "Nic nie czeka").
    const todayText = await p.locator('main').innerText();
    expect(todayText).toContain('Kandydaci czekają na kwestionariusz rekrutacyjny i arkusz punktów');
    expect(todayText).not.toContain('Nic nie czeka');
    await p.getByRole('link', { name: /^Zadania/ }).click();
    await p.waitForURL(/\/tasks$/);
    for (const t of [done, snoozed, dismissed]) expect(await p.locator(`#task-${t} td`).nth(2).innerText()).toBe('Ewa Socjalna');
    expect(await p.locator(`#task-${done}`).innerText()).toContain('po terminie');
    await screenshot(p, 'tasks-worker');

    await p.locator(`#task-${done} button[type=submit]`, { hasText: 'Wykonane' }).click();
    await p.locator('#tasks .alert-ok', { hasText: 'Zadanie zamknięte jako wykonane.' }).waitFor();

    const until = addCalendarDays(todayInWarsaw(), 7);
    await p.locator(`#until-${snoozed}`).fill(until);
    await p.locator(`#task-${snoozed} button[type=submit]`, { hasText: 'Odłóż' }).click();
    await p.locator('#tasks .alert-ok', { hasText: `Zadanie odłożone do ${formatDate(until)}.` }).waitFor();
    expect(await p.locator(`#task-${snoozed}`).innerText()).toContain(`odłożone do ${formatDate(until)}`);

    // A dismissal without a reason is refused by its field, then done with one.
    await p.locator(`#reason-${dismissed}`).fill('x');
    await p.locator(`#task-${dismissed} button[type=submit]`, { hasText: 'Odrzuć' }).click();
    await p.locator(`#reason-${dismissed}-error`, { hasText: 'Podaj powód (od 3 do 500 znaków)' }).waitFor();
    await p.locator(`#reason-${dismissed}`).fill('Zadanie zdublowane');
    await p.locator(`#task-${dismissed} button[type=submit]`, { hasText: 'Odrzuć' }).click();
    await p.locator('#tasks .alert-ok', { hasText: 'Zadanie odrzucone.' }).waitFor();
    const closed = await p.locator('#tasks').innerText();
    expect(closed).toContain('Ewa Socjalna – Zadanie zdublowane');
    expect(await p.locator(`#task-${done}`).innerText()).toContain('wykonane');
    // Neither the coordinator's nor the director's tasks are hers to work.
    expect(await p.locator(`#task-${promotion}`).count()).toBe(0);
    await screenshot(p, 'tasks-worker-worked');

    // Today no longer counts the snoozed task; the menu counts what waits.
    await p.goto('/');
    expect(await p.locator('main').innerText()).not.toContain('Frekwencja spadła poniżej progu projektu');
    expect(await p.locator('nav a[href="/"] .badge').innerText()).toMatch(/^\d+$/);

    // The director: the escalation that climbed to the role.
    const dir = await as(users.director);
    await dir.page.goto('/tasks');
    expect(await dir.page.locator(`#task-${escalation} td`).nth(2).innerText()).toContain('Dyrektor');
    await dir.page.locator(`#task-${escalation} button[type=submit]`, { hasText: 'Wykonane' }).click();
    await dir.page.locator('#tasks .alert-ok').waitFor();
    expect(await dir.page.locator(`#task-${escalation}`).innerText()).toContain('Piotr Dyrektor');

    // The coordinator: the promotion task waits, every open task is in view, and signing closes it.
    const co = await as(users.coordinator);
    await co.page.goto('/tasks?scope=all');
    expect(await co.page.locator(`#task-${snoozed}`).innerText()).toContain('odłożone do');
    await co.page.goto('/tasks');
    expect(await co.page.locator(`#task-${promotion}`).innerText()).toContain('Osoba z listy rezerwowej otrzymała zwolnione miejsce');
    await sign(joining);
    await co.page.reload();
    expect(await co.page.locator(`#task-${promotion}`).innerText()).toContain('automatycznie (dokumenty podpisane)');
    await screenshot(co.page, 'tasks-coordinator');
    for (const w of [sw, dir, co]) expect(w.problems).toEqual([]);
  });
});

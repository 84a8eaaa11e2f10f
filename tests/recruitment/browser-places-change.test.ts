// Places edited in the project reach the running round (issue 15 item 3), in Chromium against the real
// server, Temporal dev server and worker with the real round and journeys, PostgreSQL: with one place
// taken a second qualification is refused; the coordinator raises the places to 3 in the project form; the
// same decision is then accepted; a reserve candidate takes the third place at once, as the system's step;
// lowering the places below those taken is refused on the form and changes nothing; the recruitment page
// lists the change; the escalation chain edited in the same form is what the reminders read, a role twice
// is refused. Every page checked by axe-core.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { escalationChain } from '../../db/project-settings';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { createTestUser, testApp, type TestUser } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';
import { apply, createProject, screen, waitForStage } from '../helpers/journeys';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const base = await listen(app);
const browser = await launchBrowser();
const worker = await createTestUser(db, 'social_worker', { name: 'Ewa Socjalna' });
const commission = await createTestUser(db, 'commission', { name: 'Maria Komisja' });
const coordinator = await createTestUser(db, 'coordinator', { name: 'Kamil Koordynator' });

async function as(user: TestUser): Promise<{ page: Page; problems: string[] }> {
  const w = await watchedPage(browser, base);
  await browserLogin(w.page, user.email, user.password);
  return w;
}
const statusOf = async (id: string) => (await db.selectFrom('round_candidates').select('status').where('application_id', '=', id).executeTakeFirst())?.status;
async function until(id: string, status: string) {
  for (let i = 0; i < 150 && (await statusOf(id)) !== status; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await statusOf(id)).toBe(status);
}

describe('places edited in the project reach the running round', () => {
  it('a refused qualification becomes possible after the places grow; fewer than taken is refused', async () => {
    const projectId = await createProject(db);
    // Before any round runs: the round reads this when it starts.
    const config = { targetGroups: [{ code: 'poverty', label: 'Ubóstwo / bezrobocie', planned: 1 }], quotas: [], supportCatalogue: [], indicatorTargets: {} };
    await db.updateTable('projects').set({ places: 1, config: JSON.stringify(config) }).where('id', '=', projectId).execute();
    // The regulations the journeys fall back to, stored, as the project page shows them.
    await db.insertInto('project_rules').values({ project_id: projectId, version: 1, rules: JSON.stringify(DEFAULT_RULES) }).execute();
    const tag = randomUUID().slice(0, 4);
    const first = await apply(deps, worker, projectId, { firstName: 'Anna', lastName: `Pierwsza-${tag}` });
    const second = await apply(deps, worker, projectId, { firstName: 'Beata', lastName: `Druga-${tag}` });
    for (const id of [first, second]) {
      await waitForStage(db, id, 'applied');
      await screen(env.client, worker, id);
      await waitForStage(db, id, 'screened');
    }
    const cm = await as(commission);
    const decide = async (id: string, decision: string) => {
      await cm.page.goto(`/recruitment/${projectId}`);
      await cm.page.locator(`#dc-${id}`).selectOption(decision);
      await cm.page.locator(`form:has(#dc-${id}) button[type=submit]`).click();
      return cm.page.locator('main .alert').first().innerText();
    };
    expect(await decide(first, 'qualified')).toContain('Zapisano decyzję.');
    await until(first, 'qualified');
    expect(await decide(second, 'qualified')).toContain('Brak wolnych miejsc (zajęte 1 z 1)');

    // The coordinator raises the places to 2 in the project form.
    const co = await as(coordinator);
    const setPlaces = async (n: number) => {
      await co.page.goto(`/projects/${projectId}`);
      await co.page.locator('input[name=places]').fill(String(n));
      await co.page.locator('main form:has(input[name=places]) button[type=submit]').click();
      return co.page.locator('main').innerText();
    };
    expect(await setPlaces(2)).toContain('Zapisano konfigurację.');
    expect(await decide(second, 'qualified')).toContain('Zapisano decyzję.');
    await until(second, 'qualified');

    // Fewer places than taken: refused on the form, in Polish; the stored number stays.
    const refused = await setPlaces(1);
    expect(refused).toContain('Nie można zmniejszyć liczby miejsc do 1: zajętych jest już 2');
    await screenshot(co.page, 'places-below-taken');
    expect((await db.selectFrom('projects').select('places').where('id', '=', projectId).executeTakeFirstOrThrow()).places).toBe(2);

    // A third candidate on the reserve list; one more place goes to them at once, as the system's step.
    const third = await apply(deps, worker, projectId, { firstName: 'Celina', lastName: `Trzecia-${tag}` });
    await waitForStage(db, third, 'applied');
    await screen(env.client, worker, third);
    await waitForStage(db, third, 'screened');
    expect(await decide(third, 'reserve')).toContain('Zapisano decyzję.');
    await until(third, 'reserve');
    expect(await setPlaces(3)).toContain('Zapisano konfigurację.');
    await until(third, 'qualified');

    await cm.page.goto(`/recruitment/${projectId}`);
    const page = await cm.page.locator('main').innerText();
    expect(page).toContain('Zmiany konfiguracji w trakcie rekrutacji');
    expect(page).toContain('liczba miejsc 1 → 2. – Kamil Koordynator');
    expect(page).toContain('liczba miejsc 2 → 3. Awanse z listy rezerwowej: 1. – Kamil Koordynator');
    expect(page).toContain('automatycznie, po zwiększeniu liczby miejsc');
    await screenshot(cm.page, 'places-change-on-recruitment');
    // The escalation chain of overdue tasks, edited in the same form: what the reminders read from now on.
    await co.page.goto(`/projects/${projectId}`);
    expect(await co.page.locator('#pc-esc\\.3').inputValue()).toBe('director');
    await co.page.locator('#pc-esc\\.2').selectOption('director');
    await co.page.locator('#pc-esc\\.3').selectOption('');
    await co.page.locator('#pc-esc\\.days').fill('3');
    await co.page.locator('main form:has(input[name=places]) button[type=submit]').click();
    expect(await co.page.locator('main').innerText()).toContain('Zapisano konfigurację.');
    expect(await escalationChain(db, projectId)).toEqual({ chain: ['social_worker', 'director'], afterWorkingDays: 3 });
    // The same role twice is refused on its field.
    await co.page.locator('#pc-esc\\.1').selectOption('director');
    await co.page.locator('main form:has(input[name=places]) button[type=submit]').click();
    expect(await co.page.locator('main').innerText()).toContain('Każda rola najwyżej raz w łańcuchu');
    expect(await escalationChain(db, projectId)).toEqual({ chain: ['social_worker', 'director'], afterWorkingDays: 3 });
    await screenshot(co.page, 'escalation-refused');

    await cm.page.goto(`/participants/${third}`);
    expect(await cm.page.locator('.timeline').innerText()).toContain('po zwiększeniu liczby miejsc');
    expect(cm.problems).toEqual([]);
    expect(co.problems).toEqual([]);
  });
});

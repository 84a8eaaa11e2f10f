// The commission corrects its own decision in the panel (Chromium, real server, Temporal dev server and
// worker with the real round, PostgreSQL): a qualified candidate put on the reserve list with a reason,
// the place going to the first reserve; a missing reason refused; after closing the sitting the protocol
// (PDF read back) prints the correction with its reason. Every page checked by axe-core.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTestUser, testApp, type TestUser } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';
import { apply, createProject, screen, waitForStage } from '../helpers/journeys';
import { pdfText } from '../helpers/pdf';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const base = await listen(app);
const browser = await launchBrowser();
const worker = await createTestUser(db, 'social_worker', { name: 'Ewa Socjalna' });
const commission = await createTestUser(db, 'commission', { name: 'Maria Komisja' });

async function as(user: TestUser): Promise<{ page: Page; problems: string[] }> {
  const w = await watchedPage(browser, base);
  await browserLogin(w.page, user.email, user.password);
  return w;
}
const statusOf = async (id: string) => (await db.selectFrom('round_candidates').select('status').where('application_id', '=', id).executeTakeFirst())?.status;

describe('the commission corrects its decision in the panel', () => {
  it('qualified -> reserve with a reason; the reserve takes the place; the protocol prints the reason', async () => {
    const projectId = await createProject(db);
    await db.updateTable('projects').set({ places: 1 }).where('id', '=', projectId).execute();
    const tag = randomUUID().slice(0, 4);
    const first = await apply(deps, worker, projectId, { firstName: 'Paula', lastName: `Pierwsza-${tag}` });
    const second = await apply(deps, worker, projectId, { firstName: 'Renata', lastName: `Rezerwowa-${tag}` });
    for (const id of [first, second]) {
      await waitForStage(db, id, 'applied');
      await screen(env.client, worker, id);
      await waitForStage(db, id, 'screened');
    }
    const cm = await as(commission);
    await cm.page.goto(`/recruitment/${projectId}`);
    await cm.page.locator(`#dc-${second}`).waitFor();
    for (const [id, decision] of [[first, 'qualified'], [second, 'reserve']] as const) {
      await cm.page.locator(`#dc-${id}`).selectOption(decision);
      await cm.page.locator(`form:has(#dc-${id}) button[type=submit]`).click();
      await cm.page.locator('main .alert').first().waitFor();
    }
    // The ranking projection follows the round's answer: the page shows the form once the row is written.
    for (let i = 0; i < 100 && (await statusOf(second)) !== 'reserve'; i++) await new Promise((r) => setTimeout(r, 100));
    await cm.page.goto(`/recruitment/${projectId}`);
    // The correction of the first: to the reserve list, with the reason for the protocol.
    await cm.page.locator(`details:has(#cd-${first}) > summary`).click();
    await cm.page.locator(`#cd-${first}`).selectOption('reserve');
    await cm.page.locator(`#cr-${first}`).fill('Błąd w sumie punktów: pierwszeństwo ma Renata');
    await screenshot(cm.page, 'decision-correction-form');
    await cm.page.locator(`form:has(#cd-${first}) button[type=submit]`).click();
    expect(await cm.page.locator('main .alert').first().innerText()).toContain('Zapisano decyzję.');
    for (let i = 0; i < 100 && (await statusOf(second)) !== 'qualified'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await statusOf(second)).toBe('qualified');
    expect(await statusOf(first)).toBe('reserve');
    await cm.page.goto(`/recruitment/${projectId}`);
    await screenshot(cm.page, 'decision-corrected');

    // The candidate's timeline: the correction with its reason.
    await cm.page.goto(`/participants/${first}`);
    const timeline = await cm.page.locator('.timeline').innerText();
    expect(timeline).toContain('Komisja poprawiła decyzję');
    expect(timeline).toContain('Błąd w sumie punktów: pierwszeństwo ma Renata');
    await screenshot(cm.page, 'decision-corrected-timeline');
    await cm.page.goto(`/recruitment/${projectId}`);
    await cm.page.locator('#rc-members').fill('Maria Komisja\nAnna Nowak');
    await cm.page.getByRole('button', { name: 'Zamknij posiedzenie i sporządź protokół' }).click();
    expect(await cm.page.locator('main .alert-ok').first().innerText()).toContain('Posiedzenie zamknięte');
    // Closed: no correction offered any more.
    expect(await cm.page.locator(`#cd-${first}`).count()).toBe(0);
    const href = await cm.page.getByRole('link', { name: 'Protokół (PDF)' }).getAttribute('href');
    const protocol = (await pdfText(await (await cm.page.request.get(href!)).body())).replace(/\s+/g, ' ');
    expect(protocol).toContain('Decyzje poprawione w toku posiedzenia');
    expect(protocol).toContain(`Paula Pierwsza-${tag}: zakwalifikowany → lista rezerwowa. Powód: Błąd w sumie punktów: pierwszeństwo ma Renata`);
    expect(cm.problems).toEqual([]);
  });
});

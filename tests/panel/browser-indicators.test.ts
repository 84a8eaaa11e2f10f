// Chromium: a coordinator opens the indicators of the generated 60-person project from the menu, looks at
// an earlier day, follows a figure to the participants behind it; then the letters page. No CSP violation
// or script error; screenshots.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { renderPdf } from '../../documents/pdf';
import { createTestUser, testApp } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';
import { writeProject } from '../indicators/project-fixture';

const { app, db } = await testApp({ worker: false });
const fx = await writeProject(db);
const { code } = await db.selectFrom('projects').select('code').where('id', '=', fx.projectId).executeTakeFirstOrThrow();
await db.insertInto('project_rules').values({ project_id: fx.projectId, version: 1, rules: JSON.stringify(DEFAULT_RULES), created_by: null }).execute();
// One reserve-list letter, as the journey would have stored it (this file runs no worker).
await db
  .insertInto('letters')
  .values({ application_id: fx.ids[60]!, kind: 'result_reserve', key: `${fx.ids[60]}:letter:result_reserve`, pdf: await renderPdf({ title: 'Pismo' }, (doc) => void doc.text('Pismo')) })
  .execute();
const base = await listen(app);
const browser = await launchBrowser();

describe('indicators in Chromium', () => {
  it('from the menu to the dashboard, an earlier day, and the participants behind a figure', async () => {
    const coordinator = await createTestUser(db, 'coordinator', { name: 'Jan Koordynator' });
    const { page, problems } = await watchedPage(browser, base);
    await browserLogin(page, coordinator.email, coordinator.password);

    await page.goto(`/projects/${fx.projectId}`);
    expect(await page.getByRole('heading', { name: 'Sprawozdawczość i dokumenty' }).isVisible()).toBe(true);
    await screenshot(page, 'project-reports');

    await page.getByRole('link', { name: 'Wskaźniki', exact: true }).click();
    // The run's database is shared: other files' projects are listed too.
    await page.getByRole('link', { name: `${code} – Aktywny Społecznie`, exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`Wskaźniki projektu: ${code} – Aktywny Społecznie`);
    expect(await page.locator('#indicator-supported td.num').first().innerText()).toContain('60');
    // One bar per figure of the table; a chart per figure over the project's months.
    expect(await page.locator('svg.indicator-bar').count()).toBeGreaterThanOrEqual(10);
    expect(await page.locator('figure.indicator-chart').count()).toBeGreaterThanOrEqual(10);
    expect(await page.getByRole('link', { name: 'Wskaźniki', exact: true }).getAttribute('aria-current')).toBe('page');
    // Every chart is drawn: a bar has a visible width, a trend line has points.
    const bar = await page.locator('#indicator-supported svg.indicator-bar').boundingBox();
    expect(bar!.width).toBeGreaterThan(100);
    expect(await page.locator('figure.indicator-chart svg.indicator-line polyline').first().getAttribute('points')).toMatch(/\d,\d/);
    await screenshot(page, 'indicators');

    await page.getByLabel('Stan na dzień').fill('2021-02-15');
    await page.getByRole('button', { name: 'Pokaż' }).click();
    await page.waitForURL(/asOf=2021-02-15/);
    expect(await page.locator('#indicator-supported td.num').first().innerText()).toContain('30');
    await screenshot(page, 'indicators-2021-02-15');

    await page.getByRole('link', { name: 'Stan bieżący' }).click();
    await page.locator('#indicator-qualifications td.num a').first().click();
    await page.waitForURL(/\/participants\?/);
    expect(await page.getByRole('status').first().innerText()).toContain('21');
    expect(await page.locator('table tbody tr').count()).toBe(21);
    await screenshot(page, 'participants-of-a-figure');

    await page.getByRole('link', { name: 'Pisma', exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Pisma do kandydatów');
    expect(await page.locator('#letters tbody tr').count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'letters');
    expect(problems).toEqual([]);
  });
});

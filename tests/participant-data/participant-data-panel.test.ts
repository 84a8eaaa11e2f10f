// The participant's monitoring data in the panel, in Chromium: the application form takes the full record
// (address, contact, ISCED, status detail, flags), refuses a bad postcode, phone and e-mail with Polish
// messages (the values typed stay), records it; the coordinator's SL2014 download holds it. Every page is
// photographed (and checked by axe).
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { SL2014_COLUMNS } from '../../server/services/exports';
import { createTestUser, testApp, type TestUser } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';
import { uniquePesel } from '../helpers/journeys';
import { dataProject } from './fixture';

const { app, db } = await testApp();
const base = await listen(app);
const browser = await launchBrowser();
const worker = await createTestUser(db, 'social_worker', { name: 'Ewa Socjalna' });
const projectId = await dataProject(db, '2014-2020');

afterAll(async () => {
  await browser.close();
});

async function as(user: TestUser): Promise<{ page: Page; problems: string[] }> {
  const w = await watchedPage(browser, base);
  await browserLogin(w.page, user.email, user.password);
  return w;
}

describe('participant data in the panel', () => {
  it('records a full record, refusing bad fields in Polish first', async () => {
    const { page, problems } = await as(worker);
    await page.goto(`${base}/participants/new`);
    const pesel = uniquePesel('K');
    const field = (name: string) => page.locator(`[name="${name}"]`);
    await field('projectId').selectOption(projectId);
    await field('firstName').fill('Łucja');
    await field('lastName').fill('Żółkiewska');
    await field('pesel').fill(pesel);
    await field('sex').selectOption('K');
    await field('disabilityAnswer').selectOption('refused');
    await field('labourStatus').selectOption('inactive');
    await field('address.voivodeship').selectOption('śląskie');
    await field('address.county').fill('raciborski');
    await field('address.commune').fill('Rudnik');
    await field('address.locality').fill('Strzybnik');
    await field('address.street').fill('Polna');
    await field('address.building').fill('4a');
    await field('address.postcode').fill('47411');
    await field('phone').fill('12');
    // Chromium's own check of type=email would stop the submit: the server's is under test.
    await page.locator('form[action="/participants/new"]').evaluate((f) => f.setAttribute('novalidate', ''));
    await field('email').fill('łucja@example.pl');
    await field('education').selectOption('isced2');
    await field('labourStatusDetail').selectOption('learning');
    await field('citizenship').selectOption('polish');
    for (const flag of ['minority', 'foreignOrigin', 'homeless', 'otherDisadvantage']) await field(`disadvantage.${flag}`).selectOption('refused');
    await page.locator('main button[type=submit]').last().click();
    await page.waitForLoadState('domcontentloaded');
    await expect.poll(() => page.locator('.field.has-error').count()).toBeGreaterThanOrEqual(3);
    const error = (name: string) => page.locator(`[id="ap-${name}-error"]`).innerText();
    expect(await error('address.postcode')).toBe('Kod pocztowy w formacie 00-000');
    expect(await error('phone')).toMatch(/^Numer telefonu/);
    expect(await error('email')).toMatch(/^Adres e-mail w formacie/);
    expect(await field('address.locality').inputValue()).toBe('Strzybnik');
    await screenshot(page, 'participant-data-refused');

    await field('address.postcode').fill('47-411');
    await field('phone').fill('501 234 569');
    await field('email').fill('lucja@example.pl');
    await page.locator('main button[type=submit]').last().click();
    await page.waitForURL(/\/participants\/[0-9a-f-]{36}$/);
    await screenshot(page, 'participant-data-recorded');
    const id = page.url().split('/').pop()!;
    const row = await db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      pesel, address_county: 'raciborski', address_commune: 'Rudnik', address_locality: 'Strzybnik', address_building: '4a', address_postcode: '47-411',
      degurba: 3, phone: '501 234 569', email: 'lucja@example.pl', education: 'isced2', labour_status: 'inactive', labour_status_detail: 'learning',
      citizenship: 'polish', minority: 'refused', foreign_origin: 'refused', homeless: 'refused', other_disadvantage: 'refused', disability: false, disability_refused: true,
    });
    expect(problems).toEqual([]);
  });

  it('the coordinator downloads the SL2014 file from the indicators page (the project’s period decides the system)', async () => {
    const coordinator = await createTestUser(db, 'coordinator');
    const { page, problems } = await as(coordinator);
    await page.goto(`${base}/projects/${projectId}/indicators`);
    await screenshot(page, 'participant-data-indicators');
    const res = await page.request.get(`${base}/projects/${projectId}/monitoring.csv`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toMatch(/SL2014-uczestnicy/);
    const [headers] = parse(await res.body(), { bom: true, delimiter: ';' }) as string[][];
    expect(headers).toEqual(SL2014_COLUMNS.map((c) => c.header));
    expect(problems).toEqual([]);
  });
});

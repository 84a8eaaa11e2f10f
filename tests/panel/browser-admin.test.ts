// Chromium walks the administrator's first start: login with the default password, forced change,
// Today, Users (add a user, make a token), Operations, Audit; and a social worker who sees none of it.
import { describe, expect, it } from 'vitest';
import { createTestUser, testApp } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';

const { app, db } = await testApp({ worker: false });
const base = await listen(app);
const browser = await launchBrowser();

describe('the administrator in Chromium', () => {
  it('changes the default password, then manages users and tokens', async () => {
    const admin = await createTestUser(db, 'admin', { mustChangePassword: true, name: 'Administrator' });
    const { page, problems } = await watchedPage(browser, base);

    await page.goto('/login');
    await screenshot(page, 'login');
    await browserLogin(page, admin.email, 'zle-haslo-123');
    expect(await page.getByRole('alert').innerText()).toContain('Nieprawidłowy e-mail lub hasło.');
    await screenshot(page, 'login-failed');

    await browserLogin(page, admin.email, admin.password);
    expect(new URL(page.url()).pathname).toBe('/password');
    expect(await page.getByRole('status').innerText()).toContain('ustaw własne hasło');
    await screenshot(page, 'password-forced');

    await page.getByLabel('Obecne hasło').fill(admin.password);
    await page.getByLabel('Nowe hasło', { exact: true }).fill('krotkie');
    await page.getByLabel('Powtórz nowe hasło').fill('krotkie');
    await page.getByRole('button', { name: 'Zmień hasło' }).click();
    expect(await page.locator('.alert-error').innerText()).toContain('co najmniej 10 znaków');
    await screenshot(page, 'password-errors');

    await page.getByLabel('Obecne hasło').fill(admin.password);
    await page.getByLabel('Nowe hasło', { exact: true }).fill('Nowe-Haslo-2026!');
    await page.getByLabel('Powtórz nowe hasło').fill('Nowe-Haslo-2026!');
    await page.getByRole('button', { name: 'Zmień hasło' }).click();
    expect(await page.locator('.alert-ok').innerText()).toContain('Hasło zostało zmienione.');

    await page.getByRole('link', { name: 'Dziś' }).click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Dziś');
    await screenshot(page, 'today-admin');

    await page.getByRole('link', { name: 'Użytkownicy' }).click();
    await page.locator('#nu-name').fill('Barbara Kowalska');
    await page.locator('#nu-email').fill('b.kowalska@ops.test');
    await page.locator('#nu-role').selectOption('social_worker');
    await page.locator('#nu-password').fill('Tymczasowe-2026');
    await page.getByRole('button', { name: 'Dodaj użytkownika' }).click();
    expect(await page.locator('.alert-ok').innerText()).toContain('Dodano użytkownika.');
    expect(await page.getByRole('cell', { name: 'Barbara Kowalska' }).isVisible()).toBe(true);

    // A service account for another system: no password; its tokens are made on the tokens page.
    await page.locator('#nu-name').fill('System LSI');
    await page.locator('#nu-email').fill('lsi@ops.test');
    await page.locator('#nu-role').selectOption('auditor');
    await page.locator('#nu-serviceAccount').check();
    await page.getByRole('button', { name: 'Dodaj użytkownika' }).click();
    expect(await page.locator('.alert-ok').innerText()).toContain('Dodano użytkownika.');
    await screenshot(page, 'users');

    await page.locator('main').getByRole('link', { name: 'Tokeny API' }).click();
    await page.locator('#tk-userId').selectOption({ label: 'System LSI <lsi@ops.test>' });
    await page.locator('#tk-name').fill('system LSI');
    await page.locator('#tk-expiresInDays').fill('180');
    await page.locator('#tk-scope').selectOption('read');
    await page.getByRole('button', { name: 'Utwórz token' }).click();
    expect(await page.locator('#new-token').innerText()).toContain('szk_');
    // Its row (the run's other files mint service accounts' tokens too, which an administrator sees).
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'lsi@ops.test' }) });
    expect(await row.getByRole('cell', { name: 'tylko odczyt' }).isVisible()).toBe(true);
    await screenshot(page, 'tokens');

    await page.getByRole('link', { name: 'Operacje' }).click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Operacje');
    await screenshot(page, 'operations');

    await page.getByRole('link', { name: 'Dziennik zdarzeń' }).click();
    await page.locator('#au-action').selectOption('user_created');
    await page.getByRole('button', { name: 'Filtruj' }).click();
    // Other suites create users in the run's shared database too: ours is among the filtered rows.
    expect(await page.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'audit');

    await page.getByLabel('Język').selectOption('en');
    await page.getByRole('button', { name: 'Zmień' }).click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Audit log');
    await page.getByRole('link', { name: 'Today' }).click();
    await screenshot(page, 'today-admin-en');
    await page.getByRole('button', { name: 'Log out' }).click();
    expect(new URL(page.url()).pathname).toBe('/login');

    expect(problems).toEqual([]);
  }, 180_000);

  it('shows a social worker neither the administration menu nor its pages', async () => {
    const worker = await createTestUser(db, 'social_worker', { name: 'Celina Wiśniewska' });
    const { page, problems } = await watchedPage(browser, base);
    await browserLogin(page, worker.email, worker.password);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Dziś');
    expect(await page.getByRole('link', { name: 'Użytkownicy' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Operacje' }).count()).toBe(0);
    await screenshot(page, 'today-social-worker');
    const res = await page.goto('/users');
    expect(res?.status()).toBe(403);
    await screenshot(page, 'forbidden');
    expect(problems).toEqual([]);
  });
});

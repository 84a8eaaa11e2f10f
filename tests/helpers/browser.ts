// Chromium through playwright-core for the panel's browser tests: a real server on a free port,
// screenshots of every page under test-output/screenshots/, each page checked by axe-core against WCAG 2.1
// AA as it is photographed, CSP violations and script errors collected.
import { mkdir } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { onTeardown } from './teardown';
import type { FastifyInstance } from 'fastify';

export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-output/screenshots');

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--lang=pl-PL'],
    // Polish date fields (dd.mm.rrrr), as the panel's users see them: Chromium takes its locale from the
    // environment, and needs the chromium-l10n package for it.
    env: { ...process.env, LANG: 'pl_PL.UTF-8', LANGUAGE: 'pl' },
    headless: true,
  });
  onTeardown(() => browser.close());
  return browser;
}

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  return `http://127.0.0.1:${addr.port}`;
}

/** A page that records problems: console errors (CSP violations show there) and uncaught exceptions. */
export async function watchedPage(browser: Browser, base: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ baseURL: base, locale: 'pl-PL', timezoneId: 'Europe/Warsaw', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // A loaded CI machine runs several suites at once: waits are generous, assertions are not about time.
  page.setDefaultTimeout(60_000);
  const problems: string[] = [];
  page.on('console', (msg) => {
    // A refused form (400/401/403/409) is an answer the test expects; anything else is a problem.
    if (msg.type() === 'error' && !/status of (400|401|403|409)\b/.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(err.message));
  return { page, problems };
}

/** The WCAG 2.1 A and AA rules (axe-core's tags for them). */
const WCAG21AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Photographs the page as a person sees it and checks it with axe-core (WCAG 2.1 AA): a violation fails
 * the test, named with the elements it found. Every page a browser test looks at goes through here.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG21AA).analyze();
  if (violations.length) {
    const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`).join('\n')}`);
    throw new Error(`WCAG 2.1 AA on ${name} (${page.url()}):\n  ${found.join('\n  ')}`);
  }
}

export async function browserLogin(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Hasło').fill(password);
  await page.getByRole('button', { name: 'Zaloguj' }).click();
  await page.waitForLoadState('load');
}

// A new rules version issued by the director and three running journeys migrated to it (issue 15 item 3),
// in Chromium against the real server, Temporal dev server and worker (journeys and the rulesMigration
// workflow), PostgreSQL: a coordinator sees the versions but no form; a back-dated version is refused in
// Polish and nothing is stored; the director issues version 2 (attendance 70%, other follow-up days); the
// preview names the three running journeys (not the closed one); after the confirmation the progress page
// counts 3 of 3 and each journey's own state (its Query) is on version 2 with the change on its timeline as
// the director's; an application received afterwards starts on version 2; a version that takes effect
// tomorrow cannot be migrated to yet. Every page checked by axe-core.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { journeyStateQuery, journeyWorkflowId } from '../../contracts/journey';
import { rulesMigrationWorkflowId } from '../../contracts/rules-migration';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { decryptHistory } from '../../runtime/payload-codec';
import { act } from '../../server/services/journeys';
import { createTestUser, testApp, type TestUser } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';
import { apply, createProject, waitForStage } from '../helpers/journeys';
import { testDataConverter } from '../helpers/temporal';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const base = await listen(app);
const browser = await launchBrowser();
const worker = await createTestUser(db, 'social_worker', { name: 'Ewa Socjalna' });
const coordinator = await createTestUser(db, 'coordinator', { name: 'Kamil Koordynator' });
const director = await createTestUser(db, 'director', { name: 'Dorota Dyrektor' });

async function as(user: TestUser): Promise<{ page: Page; problems: string[] }> {
  const w = await watchedPage(browser, base);
  await browserLogin(w.page, user.email, user.password);
  return w;
}
const journeyVersion = async (id: string) => (await env.client.workflow.getHandle(journeyWorkflowId(id)).query(journeyStateQuery)).rulesVersion;
/** RECORD_HISTORIES=1 keeps the migration's history for tests/journey/replay.test.ts (fake people only, in plain text). */
async function recordHistory(migrationId: string) {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await decryptHistory(await env.client.workflow.getHandle(rulesMigrationWorkflowId(migrationId)).fetchHistory(), testDataConverter);
  await writeFile(new URL('../histories/rules-migration-three.json', import.meta.url), `${historyToJSON(history)}\n`);
}
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });

describe('a new rules version and the migration of running journeys', () => {
  it('the director issues version 2, previews three journeys, moves them and watches the progress', async () => {
    const projectId = await createProject(db);
    await db.insertInto('project_rules').values({ project_id: projectId, version: 1, rules: JSON.stringify(DEFAULT_RULES) }).execute();
    const tag = randomUUID().slice(0, 4);
    const ids: string[] = [];
    for (const [firstName, lastName] of [['Anna', 'Alfa'], ['Beata', 'Beta'], ['Celina', 'Gamma'], ['Dorota', 'Delta']] as const) {
      const id = await apply(deps, worker, projectId, { firstName, lastName: `${lastName}-${tag}` });
      await waitForStage(db, id, 'applied');
      ids.push(id);
    }
    // The fourth is withdrawn (its journey closes): the migration leaves it alone.
    const closed = ids.pop()!;
    await act({ temporal: env.client }, worker, closed, 'withdrawApplication', { reason: 'entered_by_mistake', note: 'pomyłka' }, randomUUID());
    await waitForStage(db, closed, 'closed');

    // The coordinator sees the versions but may not issue one.
    const co = await as(coordinator);
    await co.page.goto(`/projects/${projectId}`);
    await co.page.getByRole('link', { name: 'Wersje regulaminu i migracja ścieżek' }).click();
    expect(await co.page.locator('main').innerText()).toContain('Wersje regulaminu');
    expect(await co.page.locator('main form').count()).toBe(0);

    const d = await as(director);
    await d.page.goto(`/projects/${projectId}/rules`);
    // The form holds version 1's values; a back-dated version is refused in Polish.
    expect(await d.page.locator('#rv-attendanceThreshold').inputValue()).toBe('80%');
    await d.page.locator('#rv-effectiveFrom').fill(isoDay(-3));
    await d.page.locator('main form button[type=submit]').click();
    expect(await d.page.locator('main').innerText()).toContain('Wersja nie może obowiązywać wstecz');
    expect((await db.selectFrom('project_rules').select('version').where('project_id', '=', projectId).execute()).length).toBe(1);

    await d.page.locator('#rv-effectiveFrom').fill(isoDay(0));
    await d.page.locator('#rv-approvedByAct').fill('Zarządzenie nr 12/2026');
    await d.page.locator('#rv-attendanceThreshold').fill('70%');
    await d.page.locator('#rv-followUp2Days').fill('92');
    await d.page.locator('main form button[type=submit]').click();
    const afterIssue = await d.page.locator('main').innerText();
    expect(afterIssue).toContain('Wydano wersję 2 regulaminu.');
    expect(afterIssue).toContain('Zarządzenie nr 12/2026');
    await screenshot(d.page, 'rules-versions');

    // The preview names the three running journeys, not the closed one.
    await d.page.getByRole('link', { name: 'Przenieś ścieżki na wersję 2' }).click();
    const preview = await d.page.locator('main').innerText();
    for (const n of ['Anna Alfa', 'Beata Beta', 'Celina Gamma']) expect(preview).toContain(`${n}-${tag}`);
    expect(preview).not.toContain(`Delta-${tag}`);
    expect(preview).toContain('Liczba ścieżek');
    await screenshot(d.page, 'rules-migration-preview');
    await d.page.locator('#rv-migrate button[type=submit]').click();

    // The progress page refreshes itself until all three are moved.
    await d.page.locator('#rv-progress [role=status]', { hasText: 'Przeniesiono 3 z 3. Zakończono' }).waitFor({ timeout: 30_000 });
    await screenshot(d.page, 'rules-migration-progress');
    for (const id of ids) expect(await journeyVersion(id)).toBe(2);
    await recordHistory(new URL(d.page.url()).pathname.split('/').pop()!);
    await d.page.goto(`/participants/${ids[0]}`);
    expect(await d.page.locator('.timeline').innerText()).toMatch(/Zmiana wersji regulaminu[\s\S]*Dorota Dyrektor/);

    // An application received now starts on version 2.
    const later = await apply(deps, worker, projectId, { firstName: 'Ewa', lastName: `Epsilon-${tag}` });
    await waitForStage(db, later, 'applied');
    expect(await journeyVersion(later)).toBe(2);

    // Version 3 takes effect tomorrow: no migration yet; applications keep starting on version 2.
    await d.page.goto(`/projects/${projectId}/rules`);
    await d.page.locator('#rv-effectiveFrom').fill(isoDay(1));
    await d.page.locator('main form button[type=submit]').click();
    const three = await d.page.locator('main').innerText();
    expect(three).toContain('Wydano wersję 3 regulaminu.');
    expect(three).toContain(`obowiązuje od ${isoDay(1).split('-').reverse().join('.')}`);
    await d.page.goto(`/projects/${projectId}/rules/migrate?version=3`);
    expect(await d.page.locator('main').innerText()).toContain('Wersja 3 obowiązuje od');
    const tomorrow = await apply(deps, worker, projectId, { firstName: 'Fryderyka', lastName: `Zeta-${tag}` });
    await waitForStage(db, tomorrow, 'applied');
    expect(await journeyVersion(tomorrow)).toBe(2);
    // The project's page states the regulations in force today (2), and names 3 with its day.
    await d.page.goto(`/projects/${projectId}`);
    const rulesRow = await d.page.locator('dl.data dd').nth(2).innerText();
    expect(rulesRow).toMatch(/^2 · /);
    expect(rulesRow).toContain(`Wersja 3 obowiązuje od ${isoDay(1).split('-').reverse().join('.')}.`);

    expect(d.problems).toEqual([]);
    expect(co.problems).toEqual([]);
  });
});

// Chromium keeps a Social Integration Club session of 15 people: the coordinator plans it (form, day,
// hours, place, leader, group), prints the sign-in sheet (read back: every name and a signature column),
// records the whole group in ONE submit (a missing reason first comes back on its row, nothing
// recorded), prints the filled record, and corrects one person's row with a reason on their page (on the
// timeline, audited). Real server, Temporal dev server and worker, PostgreSQL.
// Every page is photographed and checked by axe-core (WCAG 2.1 AA) through screenshot().
/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { todayInWarsaw } from '../../i18n/format';
import { createTestUser, testApp, type TestUser } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';
import { createProject } from '../helpers/journeys';
import { participantInSupport } from '../helpers/sessions';
import { pdfText } from '../helpers/pdf';

const { app, db, env, config } = await testApp();
const base = await listen(app);
const browser = await launchBrowser();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };

const coordinator: TestUser = await createTestUser(db, 'coordinator', { name: 'Jan Koordynator' });
const projectId = await createProject(db);
const tag = Math.random().toString(36).slice(2, 6);
const names = Array.from({ length: 15 }, (_, i) => `Źdźbło-${tag}-${String.fromCharCode(65 + i)}`);

const inSupport = (lastName: string) => participantInSupport(deps, coordinator, projectId, lastName);

describe('a group session in Chromium', () => {
  it('plans a session of 15, prints the sign-in sheet, records all 15 in one submit, corrects one row with a reason', async () => {
    const ids = await Promise.all(names.map((n) => inSupport(n)));
    const byName = new Map(names.map((n, i) => [n, ids[i]!]));
    const { page, problems } = await watchedPage(browser, base);
    await browserLogin(page, coordinator.email, coordinator.password);

    // Plan the session.
    await page.getByRole('navigation').getByRole('link', { name: 'Zajęcia' }).click();
    await page.locator('#sessions-projectId').selectOption(projectId);
    await page.locator('main button[type=submit]').click();
    await screenshot(page, 'sessions-list');
    await page.getByRole('link', { name: 'Nowe zajęcia' }).click();
    await page.locator('#session-formCode').selectOption({ label: 'Grupa wsparcia' });
    await page.locator('#session-sessionOn').fill(todayInWarsaw());
    await page.locator('#session-startsAt').fill('10:00');
    await page.locator('#session-hours').fill('4');
    await page.locator('#session-place').fill('Klub Integracji Społecznej, ul. Rynek 3');
    await page.locator('#session-leaderId').selectOption({ label: 'Jan Koordynator' });
    for (const n of names) await page.getByLabel(`${n} Zofia`, { exact: true }).check();
    await screenshot(page, 'session-new');
    await page.locator('main button[type=submit]').click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]{36}$/);
    const sessionId = page.url().split('/').pop()!;
    expect(await page.locator('#sheet tbody tr').count()).toBe(15);
    await screenshot(page, 'session-sheet');

    // The sign-in sheet before the session: every name, a column for the signatures, nothing marked.
    const before = await page.request.get(`/sessions/${sessionId}/sheet.pdf`);
    expect(before.status()).toBe(200);
    const beforeText = await pdfText(await before.body());
    expect(beforeText).toContain('Podpis uczestnika');
    for (const n of names) expect(beforeText).toContain(n);
    expect(beforeText).not.toContain('obecny(-a)');

    // Marks: B absent, C justified (first without its reason), D present for 2 h only.
    const mark = (n: string, m: string) => page.locator(`input[name="mark.${byName.get(n)}"][value="${m}"]`).check();
    await mark(names[1]!, 'absent');
    await mark(names[2]!, 'justified');
    await page.locator(`#hours-${byName.get(names[3]!)}`).fill('2');
    await page.locator('main form[action$="/attendance"] button[type=submit]').click();
    await page.locator(`#just-${byName.get(names[2]!)}-error`).waitFor();
    expect(await page.locator(`#just-${byName.get(names[2]!)}-error`).innerText()).toBe('Podaj powód usprawiedliwienia');
    expect(await db.selectFrom('journey_events').select('id').where('application_id', 'in', ids).where('type', '=', 'attendance_recorded').execute()).toEqual([]);
    await screenshot(page, 'session-sheet-error');
    // The other marks were kept on the page; only the reason is added. One submit for all 15.
    expect(await page.locator(`input[name="mark.${byName.get(names[1]!)}"][value="absent"]`).isChecked()).toBe(true);
    await page.locator(`#just-${byName.get(names[2]!)}`).selectOption('sick_leave');
    await page.locator('main form[action$="/attendance"] button[type=submit]').click();
    await page.getByText('Zapisano obecność 15 osób.').waitFor();
    expect(await page.locator('#sheet-refused').count()).toBe(0);
    expect(await page.getByText('Obecność całej grupy jest zapisana.').count()).toBe(1);
    await screenshot(page, 'session-sheet-recorded');

    // Each journey recorded its own line (the timeline reads the journeys' events).
    const recorded = await db.selectFrom('journey_events').select(['application_id', 'payload']).where('application_id', 'in', ids).where('type', '=', 'attendance_recorded').execute();
    expect(recorded).toHaveLength(15);
    expect(recorded.find((e) => e.application_id === byName.get(names[3]!))?.payload).toMatchObject({ mark: 'present', attendedHours: 2, sessionId });

    // The filled record after the session.
    const after = await pdfText(await (await page.request.get(`/sessions/${sessionId}/sheet.pdf?filled=true`)).body());
    expect(after).toContain('zapisana obecność');
    expect(after).toMatch(/nieob\.\s/);
    expect(after).toMatch(/nieob\. uspr\.\s+zwolnienie lekarskie/);
    expect(after).toContain('obecny(-a) (2 h)');
    expect(after.match(/obecny\(-a\) \(4 h\)/g)).toHaveLength(12);

    // B's row corrected on B's page: justified by phone, with the reason, shown on the timeline.
    const b = byName.get(names[1]!)!;
    await page.goto(`/participants/${b}`);
    expect(await page.locator('#attendance-standing').innerText()).toContain('0 z 60 h');
    await page.locator('#correctAttendance-session').selectOption({ index: 0 });
    await page.locator('#correctAttendance-mark').selectOption('justified');
    await page.locator('#correctAttendance-justification').selectOption('phone');
    await page.locator('#correctAttendance-reason').fill('Zadzwoniła rano: opieka nad chorym dzieckiem');
    await page.locator('#action-correctAttendance button[type=submit]').click();
    await page.locator('#participant-actions .alert-ok').waitFor();
    await page.reload();
    const timeline = await page.locator('.timeline').innerText();
    expect(timeline).toContain('Poprawiono obecność');
    expect(timeline).toContain(`nieobecny(-a) → nieobecność usprawiedliwiona. Powód: Zadzwoniła rano: opieka nad chorym dzieckiem`);
    await screenshot(page, 'participant-corrected');
    const audited = await db.selectFrom('audit_log').select(['action', 'user_id']).where('entity_id', '=', b).where('action', '=', 'participant_correctAttendance').execute();
    expect(audited).toEqual([{ action: 'participant_correctAttendance', user_id: coordinator.id }]);
    expect(problems).toEqual([]);
  }, 300_000);
});

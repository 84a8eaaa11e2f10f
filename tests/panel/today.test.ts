// Today: my open tasks and my role's unassigned ones, grouped by kind, overdue marked; nobody else's.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../domain/types';
import { createTestUser, loggedIn, testApp } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';
import { createProject, testPesel } from '../helpers/journeys';

const { app, db } = await testApp({ worker: false });

async function task(kind: string, role: Role, dueInDays: number, userId: string | null = null, state: 'open' | 'done' = 'open', applicationId: string | null = null, payload: Record<string, unknown> = {}) {
  await db
    .insertInto('tasks')
    .values({ key: `test:${randomUUID()}`, kind, application_id: applicationId, assignee_role: role, assignee_user_id: userId, due_at: new Date(Date.now() + dueInDays * 86_400_000), state, payload: JSON.stringify(payload) })
    .execute();
}

describe('Today page', () => {
  it('shows my tasks and my role’s unassigned ones, overdue marked, and nothing else', async () => {
    // The run's database is shared with suites whose journeys open tasks of the same kinds for the same
    // roles: each task here is about a person of its own, recognised by name.
    const me = await createTestUser(db, 'social_worker');
    const colleague = await createTestUser(db, 'social_worker');
    const projectId = await createProject(db);
    const person = async (first: string, last: string) =>
      (await db
        .insertInto('applications')
        .values({ project_id: projectId, first_name: first, last_name: last, pesel: testPesel(), birth_date: '1990-01-01', sex: 'K', channel: 'post', received_at: new Date(), rules_version: 1 })
        .returning('id')
        .executeTakeFirstOrThrow()).id;
    const mine = await person('Ignacja', 'Przybyszewska');
    const theirs = await person('Bożydara', 'Kolegowska');
    const done = await person('Dobromira', 'Zamknięta');
    const promoted = await person('Celina', 'Awansowana');
    await task('follow_up_1_due', 'social_worker', -2, me.id, 'open', mine);
    // One card for every unjustified absence, however many sessions.
    await task('absence_unjustified:2026-11-02|kis', 'social_worker', 3, null, 'open', mine, { sessionOn: '2026-11-02', formCode: 'kis' });
    await task('absence_unjustified:2026-11-09|kis', 'social_worker', 4, null, 'open', mine, { sessionOn: '2026-11-09', formCode: 'kis' });
    await task('sign_reminder', 'social_worker', 1, colleague.id, 'open', theirs);
    await task('promoted_from_reserve', 'coordinator', 1, null, 'open', promoted);
    await task('attendance_low', 'social_worker', 1, me.id, 'done', done);

    const client = await loggedIn(app, me);
    const res = await client.get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Należy wpisać monitoring po 4 tygodniach od zakończenia udziału');
    expect(res.body.match(/id="today-absence_unjustified"/g)).toHaveLength(1);
    // Who each task is about, linking to their page; which session an absence is.
    expect(res.body).toContain(`<a href="/participants/${mine}">Przybyszewska Ignacja</a>`);
    for (const day of ['02.11.2026', '09.11.2026']) expect(res.body).toContain(`(zajęcia ${day})`);
    for (const other of ['Kolegowska', 'Zamknięta', 'Awansowana']) expect(res.body).not.toContain(other);
    expect(res.body).toMatch(/class="badge overdue">po terminie \d{2}\.\d{2}\.\d{4}/);
    // Each visit (the login lands here too) is in the audit log, with how many names it showed.
    const audited = await db.selectFrom('audit_log').select('details').where('user_id', '=', me.id).where('action', '=', 'participants_listed').execute();
    expect(audited).toHaveLength(2);
    for (const a of audited) expect(a.details).toMatchObject({ via: 'today', count: expect.any(Number) });

    // In Chromium: the social worker opens the participant from the card.
    const browser = await launchBrowser();
    const { page, problems } = await watchedPage(browser, await listen(app));
    await browserLogin(page, me.email, me.password);
    await page.getByRole('heading', { name: /Nieobecność pozostaje nieusprawiedliwiona/ }).waitFor();
    await screenshot(page, 'today-tasks');
    await page.getByRole('link', { name: 'Przybyszewska Ignacja' }).first().click();
    await page.waitForURL(`**/participants/${mine}`);
    expect(problems).toEqual([]);

    const coordinator = await loggedIn(app, await createTestUser(db, 'coordinator'));
    const page2 = (await coordinator.get('/')).body;
    expect(page2).toContain(`<a href="/participants/${promoted}">Awansowana Celina</a>`);
    expect(page2).not.toContain('Przybyszewska');
  });

  it('shows the commission the candidates waiting for a decision, the director the lists to approve, the coordinator the letters to send', async () => {
    const projectId = await createProject(db);
    const { code } = await db.selectFrom('projects').select('code').where('id', '=', projectId).executeTakeFirstOrThrow();
    const apps: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await db
        .insertInto('applications')
        .values({ project_id: projectId, first_name: 'Jan', last_name: `Nowak ${i}`, pesel: testPesel(), birth_date: '1980-01-01', sex: 'M', channel: 'post', received_at: new Date(), rules_version: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      apps.push(id);
    }
    // Two scored and waiting, one decided; one closed sitting not yet approved; one letter unsent.
    await db.insertInto('round_candidates').values(apps.map((id, i) => ({
      application_id: id, project_id: projectId, points: 10 + i, received_at: new Date(), sex: 'M', disability: false, status: i < 2 ? 'waiting' : 'qualified', rev: 1,
    }))).execute();
    await db.insertInto('sittings').values({ id: randomUUID(), project_id: projectId, seq: 1, closed_at: new Date() }).execute();
    await db.insertInto('letters').values({ application_id: apps[2]!, kind: 'result_qualified', key: `test:${randomUUID()}`, pdf: Buffer.from('%PDF-') }).execute();

    const commission = await loggedIn(app, await createTestUser(db, 'commission'));
    const c = (await commission.get('/')).body;
    expect(c).toContain('Kandydaci czekają na decyzję komisji');
    expect(c).toContain(`<a href="/recruitment/${projectId}">${code}</a> <span class="badge">2</span>`);
    expect(c).not.toContain('Listy uczestników czekają na zatwierdzenie');
    const director = (await (await loggedIn(app, await createTestUser(db, 'director'))).get('/')).body;
    expect(director).toContain('Listy uczestników czekają na zatwierdzenie');
    expect(director).toContain(`<a href="/recruitment/${projectId}">${code}</a> <span class="badge">1</span>`);
    expect(director).not.toContain('Kandydaci czekają na decyzję komisji');
    const coordinator = (await (await loggedIn(app, await createTestUser(db, 'coordinator'))).get('/')).body;
    expect(coordinator).toContain('Pisma do kandydatów czekają na wysłanie');
    expect(coordinator).toContain(`/letters?projectId=${projectId}&amp;status=unsent`);
    expect((await (await loggedIn(app, await createTestUser(db, 'auditor'))).get('/')).body).toContain('Nic nie czeka.');
  });

  it('says so when nothing waits', async () => {
    const client = await loggedIn(app, await createTestUser(db, 'auditor'));
    expect((await client.get('/')).body).toContain('Nic nie czeka.');
  });
});

// The Participants list: search by name or PESEL, filters, sorting, pagination, saved filters, and a bulk
// action with its preview count and confirmation (only what still applies is done; audited).
import { describe, expect, it } from 'vitest';
import { createTestUser, loggedIn, testApp } from '../helpers/app';
import { apply, createProject, waitForStage } from '../helpers/journeys';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const projectId = await createProject(db);
const coordinator = await createTestUser(db, 'coordinator');
const worker = await createTestUser(db, 'social_worker', { name: 'Ewa Socjalna' });
const ids = {
  anna: await apply(deps, coordinator, projectId, { firstName: 'Anna', lastName: 'Zając' }),
  barbara: await apply(deps, coordinator, projectId, { firstName: 'Barbara', lastName: 'Adamska', targetGroup: 'popz' }),
  celina: await apply(deps, coordinator, projectId, { firstName: 'Celina', lastName: 'Maj' }),
};
for (const id of Object.values(ids)) await waitForStage(db, id, 'applied');

const names = (html: string) => [...html.matchAll(/<a href="\/participants\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('Participants list', () => {
  it('searches, filters, sorts and pages', async () => {
    const co = await loggedIn(app, coordinator);
    const all = await co.get(`/participants?projectId=${projectId}`);
    expect(names(all.body)).toEqual(['Barbara Adamska', 'Celina Maj', 'Anna Zając']);
    expect(names((await co.get(`/participants?projectId=${projectId}&sort=name&dir=desc`)).body)).toEqual(['Anna Zając', 'Celina Maj', 'Barbara Adamska']);
    expect(names((await co.get(`/participants?projectId=${projectId}&q=zaj`)).body)).toEqual(['Anna Zając']);
    // By the next open task's due date, those without one last either way.
    const due = (id: string, days: number) => ({ key: `list-test:${id}`, kind: 'sign_reminder', application_id: id, project_id: projectId, assignee_role: 'social_worker' as const, due_at: new Date(Date.now() + days * 86_400_000), payload: '{}' });
    await db.insertInto('tasks').values([due(ids.anna, 1), due(ids.celina, 2)]).execute();
    expect(names((await co.get(`/participants?projectId=${projectId}&sort=due&dir=asc`)).body)).toEqual(['Anna Zając', 'Celina Maj', 'Barbara Adamska']);
    expect(names((await co.get(`/participants?projectId=${projectId}&sort=due&dir=desc`)).body)).toEqual(['Celina Maj', 'Anna Zając', 'Barbara Adamska']);
    await db.deleteFrom('tasks').where('key', 'like', 'list-test:%').execute();
    const pesel = (await db.selectFrom('applications').select('pesel').where('id', '=', ids.celina).executeTakeFirstOrThrow()).pesel;
    expect(names((await co.get(`/participants?q=${pesel}&projectId=${projectId}`)).body)).toEqual(['Celina Maj']);
    expect(names((await co.get(`/participants?projectId=${projectId}&targetGroup=popz`)).body)).toEqual(['Barbara Adamska']);
    expect(names((await co.get(`/participants?projectId=${projectId}&stage=support`)).body)).toEqual([]);
    // A search term is data, not SQL or a pattern.
    expect((await co.get(`/participants?q=${encodeURIComponent("%' or 1=1 --")}`)).statusCode).toBe(200);
    expect(names((await co.get(`/participants?q=${encodeURIComponent("%' or 1=1 --")}`)).body)).toEqual([]);
    expect((await co.get('/participants?sort=drop')).statusCode).toBe(400);
  });

  it('saves a filter per user and deletes it', async () => {
    const co = await loggedIn(app, coordinator);
    const saved = await co.post('/participants/filters', { name: 'Moje POPŻ', query: `projectId=${projectId}&targetGroup=popz&page=3` });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/participants?projectId=${projectId}&targetGroup=popz&sort=name&dir=asc`);
    const page = await co.get('/participants');
    expect(page.body).toContain('Moje POPŻ');
    const other = await loggedIn(app, await createTestUser(db, 'coordinator'));
    expect((await other.get('/participants')).body).not.toContain('Moje POPŻ');
    const row = await db.selectFrom('saved_filters').select('id').where('user_id', '=', coordinator.id).executeTakeFirstOrThrow();
    await co.post(`/participants/filters/${row.id}/delete`, {});
    expect((await co.get('/participants')).body).not.toContain('Moje POPŻ');
  });

  it('previews a bulk action with its count, then does it on confirmation', async () => {
    const co = await loggedIn(app, coordinator);
    await co.get(`/participants?projectId=${projectId}`);
    const form = new URLSearchParams({ _csrf: co.csrf, action: 'assignSocialWorker', socialWorkerId: worker.id, back: `projectId=${projectId}` });
    form.append('ids', ids.anna);
    form.append('ids', ids.celina);
    const preview = await co.request({ method: 'POST', url: '/participants/bulk/preview', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('dotyczy 2 z 2 zaznaczonych');
    // Nothing happened yet.
    expect((await db.selectFrom('applications').select('social_worker_id').where('id', '=', ids.anna).executeTakeFirstOrThrow()).social_worker_id).toBeNull();
    const hidden = [...preview.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].filter((m) => m.index! > preview.body.indexOf('id="bulk-confirm"') && m.index! < preview.body.indexOf('id="bulk"'));
    const confirm = new URLSearchParams(hidden.map((m): [string, string] => [m[1]!, m[2]!]));
    confirm.set('_csrf', co.csrf);
    const run = await co.request({ method: 'POST', url: '/participants/bulk/run', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: confirm.toString() });
    expect(run.statusCode).toBe(200);
    expect(run.body).toContain('Wykonano dla 2; pominięto 0.');
    const rows = await db.selectFrom('applications').select(['id', 'social_worker_id']).where('project_id', '=', projectId).execute();
    expect(rows.filter((r) => r.social_worker_id === worker.id).map((r) => r.id).sort()).toEqual([ids.anna, ids.celina].sort());
    // This coordinator's (the run's database is shared: the API's fuzzer runs bulk actions too).
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'bulk_action').where('user_id', '=', coordinator.id).execute()).toHaveLength(1);

    // Only the coordinator has bulk actions: neither shown nor accepted for others.
    const sw = await loggedIn(app, worker);
    // Scoped to this test's project: other suites share the run's database.
    const list = await sw.get(`/participants?projectId=${projectId}`);
    expect(list.body).not.toContain('/participants/bulk/preview');
    expect(names(list.body).sort()).toEqual(['Anna Zając', 'Barbara Adamska', 'Celina Maj'].sort());
    expect((await sw.post('/participants/bulk/run', { action: 'assignSocialWorker', ids: ids.barbara, socialWorkerId: worker.id })).statusCode).toBe(403);
  });
});

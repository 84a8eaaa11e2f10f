// Users belong to projects, tried from the outside on the real stack (HTTP, PostgreSQL, Temporal, worker):
// project B went the whole way through the API (letters, a sitting's protocol, attendance, follow-ups);
// the people of project A get 404 for B's participants everywhere (panel page, live part, API, search by
// PESEL prefix and name, exports, letters, the protocol) and the probe is audited; a coordinator of A
// sees A only in lists and indicators; the administrator widens and narrows a user's projects; the API's
// participant record keeps out what the panel does not show (notes, follow-up answers).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { completeTask } from '../../server/services/task-actions';
import { todayFor } from '../../server/services/tasks';
import { apiCaller, createTestUser, loggedIn, tokenFor } from '../helpers/app';
import { apply, createProject, uniquePesel, waitForStage } from '../helpers/journeys';
import { reassignSocialWorker } from '../../server/services/journeys';
import { PLAIN_TEXTS, runFlow, securityStack } from './stack';

const s = await securityStack();
const deps = { db: s.db, temporal: s.env.client, taskQueue: s.config.temporal.taskQueue };
const tag = randomBytes(3).toString('hex');
const bNames = { firstName: `Bogumiła${tag}`, lastName: `Obcoprojektowa${tag}` };
const texts = { ...PLAIN_TEXTS, ...bNames, note: `Notatka-${tag}`, opinion: `Opinia-${tag}` };
const flow = await runFlow(s, texts);
const projectB = flow.projectId;
// An applicant of B nobody is assigned to yet: a social worker of A must not see them either.
const unassignedB = await apply(deps, s.users.coordinator, projectB, { firstName: 'Nieprzypisana', lastName: `Zbe${tag}` });

const projectA = await createProject(s.db);
const socialWorkerA = await createTestUser(s.db, 'social_worker', { projects: [projectA] });
const coordinatorA = await createTestUser(s.db, 'coordinator', { projects: [projectA] });
const commissionA = await createTestUser(s.db, 'commission', { projects: [projectA] });
const ownA = await apply(deps, socialWorkerA, projectA, { firstName: 'Własna', lastName: `Aowa${tag}` });
const unassignedA = await apply(deps, s.users.coordinator, projectA, { firstName: 'Wolna', lastName: `Aowa${tag}` });
await waitForStage(s.db, unassignedB, 'applied');
await waitForStage(s.db, unassignedA, 'applied');

const tokens = { swA: await tokenFor(s.db, socialWorkerA), coA: await tokenFor(s.db, coordinatorA), admin: s.tokens.admin, co: s.tokens.coordinator };
const api = apiCaller(s.app, tokens);
const sw = await loggedIn(s.app, socialWorkerA);
const co = await loggedIn(s.app, coordinatorA);
const commission = await loggedIn(s.app, commissionA);
const commissionAll = await loggedIn(s.app, s.users.commission);

const letters = await s.db.selectFrom('letters').select(['id', 'application_id']).where('application_id', '=', flow.rejectedId).execute();
const sitting = await s.db.selectFrom('sittings').select('id').where('project_id', '=', projectB).executeTakeFirstOrThrow();
const prefix = flow.pesel.slice(0, 8);
const bIds = [flow.participantId, flow.rejectedId, unassignedB];

describe('a user sees the projects they work in', () => {
  it('gives a social worker of A a 404 for participants of B on the panel and in the API, audited as a probe', async () => {
    for (const id of [flow.participantId, unassignedB]) {
      expect((await sw.get(`/participants/${id}`)).statusCode).toBe(404);
      expect((await sw.get(`/participants/${id}/live`)).statusCode).toBe(404);
      expect((await api('swA', 'GET', `/api/participants/${id}`)).statusCode).toBe(404);
      expect((await sw.post(`/participants/${id}/actions/screen`, {})).statusCode).toBe(404);
    }
    // Nor does a coordinator of A get B's person's own data (the GDPR export).
    expect((await co.get(`/participants/${flow.participantId}/export.json`)).statusCode).toBe(404);
    expect((await api('coA', 'GET', `/api/participants/${flow.participantId}/export`)).statusCode).toBe(404);
    expect((await api('co', 'GET', `/api/participants/${flow.participantId}/export`)).statusCode).toBe(200);
    // Their own and the unassigned applicants of their own project they do see.
    for (const id of [ownA, unassignedA]) expect((await sw.get(`/participants/${id}`)).statusCode).toBe(200);
    const probes = await s.db.selectFrom('audit_log').select('details').where('action', '=', 'access_refused').where('user_id', '=', socialWorkerA.id).where('entity_id', '=', unassignedB).execute();
    expect(probes.map((p) => (p.details as { route: string }).route)).toEqual(
      expect.arrayContaining(['/participants/:id', '/participants/:id/live', '/api/participants/:id']),
    );
  });

  it('finds nobody of B by PESEL prefix or name, where a user of every project does', async () => {
    for (const q of [prefix, flow.pesel, bNames.lastName, `Zbe${tag}`]) {
      const page = await sw.get(`/participants?q=${encodeURIComponent(q)}`);
      expect(page.statusCode).toBe(200);
      // (The search term itself comes back in the filter's field.)
      for (const id of bIds) expect(page.body).not.toContain(`/participants/${id}`);
      // (Test PESELs share their first digits: A's own people may match the prefix, B's never.)
      for (const who of ['swA', 'coA'] as const) {
        const found = (await api(who, 'GET', `/api/participants?q=${encodeURIComponent(q)}`)).json().items.map((i: { id: string }) => i.id);
        for (const id of bIds) expect(found, `${who} ${q}`).not.toContain(id);
      }
    }
    expect((await api('co', 'GET', `/api/participants?q=${prefix}`)).json().items.map((i: { id: string }) => i.id)).toContain(flow.participantId);
    // The own project's people are found as before.
    const mine = (await api('swA', 'GET', `/api/participants?q=Aowa${tag}`)).json();
    expect(mine.items.map((i: { id: string }) => i.id).sort()).toEqual([ownA, unassignedA].sort());
  });

  it('refuses B’s exports and PDFs (monitoring CSV/XLSX, attendance list, letters, the sitting’s protocol) with 404', async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const url of [`/projects/${projectB}/monitoring.csv`, `/projects/${projectB}/monitoring.xlsx`, `/projects/${projectB}/attendance-list.pdf?formCode=support_group&from=${today}&to=${today}`]) {
      expect((await co.get(url)).statusCode, url).toBe(404);
    }
    for (const format of ['csv', 'xlsx']) expect((await api('coA', 'GET', `/api/projects/${projectB}/monitoring?format=${format}`)).statusCode).toBe(404);
    expect((await sw.get(`/projects/${projectB}/attendance-list.pdf?formCode=support_group&from=${today}&to=${today}`)).statusCode).toBe(404);
    expect((await api('swA', 'GET', `/api/projects/${projectB}/attendance-list?formCode=support_group&from=${today}&to=${today}`)).statusCode).toBe(404);
    // The same files exist for a coordinator of every project.
    const all = await loggedIn(s.app, s.users.coordinator);
    expect((await all.get(`/projects/${projectB}/monitoring.csv`)).statusCode).toBe(200);

    expect(letters.length).toBeGreaterThan(0);
    for (const l of letters) {
      expect((await co.get(`/letters/${l.id}/pdf`)).statusCode).toBe(404);
      expect((await api('coA', 'GET', `/api/letters/${l.id}/pdf`)).statusCode).toBe(404);
      expect((await api('co', 'GET', `/api/letters/${l.id}/pdf`)).statusCode).toBe(200);
    }
    expect((await co.get(`/letters?projectId=${projectB}`)).body).not.toContain(bNames.lastName);
    const protocol = `/recruitment/${projectB}/sittings/${sitting.id}/protocol.pdf`;
    expect((await commissionAll.get(protocol)).statusCode).toBe(200);
    expect((await commission.get(protocol)).statusCode).toBe(404);
    expect((await commission.get(`/recruitment/${projectB}`)).statusCode).toBe(404);
  });

  it('shows a coordinator of A only A in the lists, the projects, the indicators and on Today', async () => {
    const list = await co.get('/participants');
    expect(list.body).toContain(`Aowa${tag}`);
    expect(list.body).not.toContain(bNames.lastName);
    const projects = (await api('coA', 'GET', '/api/projects')).json().projects.map((p: { id: string }) => p.id);
    expect(projects).toEqual([projectA]);
    const indicators = await co.get('/indicators');
    expect(indicators.body).toContain(`/projects/${projectA}/indicators`);
    expect(indicators.body).not.toContain(projectB);
    expect((await co.get(`/projects/${projectA}/indicators`)).statusCode).toBe(200);
    expect((await co.get(`/projects/${projectB}/indicators`)).statusCode).toBe(404);
    expect((await api('coA', 'GET', `/api/projects/${projectB}/indicators`)).statusCode).toBe(404);
    expect((await co.get(`/projects/${projectB}`)).statusCode).toBe(404);
    expect((await co.get('/')).body).not.toContain(bNames.lastName);
    // The social workers to choose (filter, assignment) are those of A's projects.
    const workerB = await createTestUser(s.db, 'social_worker', { projects: [projectB], name: `Pracownik B ${tag}` });
    expect((await co.get('/participants')).body).not.toContain(workerB.id);
    expect((await co.get('/participants')).body).toContain(socialWorkerA.id);
    expect((await (await loggedIn(s.app, s.users.coordinator)).get('/participants')).body).toContain(workerB.id);
  });

  it('keeps B’s tasks off the Today page of A’s coordinator, and refuses to work them (404)', async () => {
    // A task as the journey opens it (about B's participant, addressed to the coordinators' role).
    const task = await s.db
      .insertInto('tasks')
      .values({ key: `${flow.participantId}:scope-test:${tag}`, kind: 'attendance_low', application_id: flow.participantId, project_id: projectB, assignee_role: 'coordinator', due_at: new Date(), payload: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const actor = { id: coordinatorA.id, role: 'coordinator' as const };
    expect((await todayFor(s.db, { ...actor, email: '', name: '', locale: 'pl', mustChangePassword: false, via: 'session', ip: '127.0.0.1' })).items.map((i) => i.id)).not.toContain(task.id);
    await expect(completeTask({ db: s.db }, actor, { taskId: task.id })).rejects.toMatchObject({ code: 'not_found' });
    expect((await completeTask({ db: s.db }, { id: s.users.coordinator.id, role: 'coordinator' }, { taskId: task.id })).state).toBe('done');
  });

  it('lets the administrator widen and narrow a user’s projects, on the Users page and through the API', async () => {
    const admin = await loggedIn(s.app, s.users.admin);
    const usersPage = await admin.get('/users');
    expect(usersPage.body).toContain(`action="/users/${coordinatorA.id}/projects"`);
    const widened = await admin.post(`/users/${coordinatorA.id}/projects`, { projectIds: projectB });
    expect(widened.statusCode).toBe(303);
    expect((await api('admin', 'GET', `/api/users/${coordinatorA.id}/projects`)).json()).toEqual({ allProjects: false, projectIds: [projectB] });
    expect((await co.get(`/participants/${flow.participantId}`)).statusCode).toBe(200);
    expect((await co.get(`/participants/${ownA}`)).statusCode).toBe(404);

    const back = await api('admin', 'POST', `/api/users/${coordinatorA.id}/projects`, { allProjects: false, projectIds: [projectA] });
    expect(back.json()).toEqual({ allProjects: false, projectIds: [projectA] });
    expect((await co.get(`/participants/${flow.participantId}`)).statusCode).toBe(404);
    expect((await api('admin', 'POST', `/api/users/${coordinatorA.id}/projects`, { allProjects: false, projectIds: ['00000000-0000-4000-8000-000000000000'] })).statusCode).toBe(422);
    expect((await api('coA', 'POST', `/api/users/${coordinatorA.id}/projects`, { allProjects: true, projectIds: [] })).statusCode).toBe(403);
    const set = await s.db.selectFrom('audit_log').select('details').where('action', '=', 'user_projects_set').where('entity_id', '=', coordinatorA.id).orderBy('seq').execute();
    expect(set.map((r) => r.details)).toEqual([{ allProjects: false, projectIds: [projectB] }, { allProjects: false, projectIds: [projectA] }]);
  });

  it('keeps the social workers’ notes and follow-up answers out of the API’s participant record, as the panel does', async () => {
    const res = await api('co', 'GET', `/api/participants/${flow.participantId}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.events.map((e: { type: string }) => e.type)).toContain('follow_up_1_recorded');
    expect(body.followUps).toEqual([expect.objectContaining({ number: 1, onTime: expect.any(Boolean) })]);
    expect(res.body).not.toContain(texts.note);
    expect(res.body).not.toContain(texts.opinion);
    expect(body.events.every((e: object) => !('payload' in e))).toBe(true);
  });
});

describe('tasks are scoped too', () => {
  it('a coordinator of A neither lists nor works a task about a participant of B; a coordinator of every project does', async () => {
    // A coordinators' task about B's participant (the row as the journeys' openTask writes it).
    const key = `scope-probe:${tag}`;
    await s.db.insertInto('tasks').values({ key, kind: 'attendance_low', application_id: flow.participantId, project_id: projectB, assignee_role: 'coordinator', due_at: new Date(), payload: JSON.stringify({}) }).execute();
    const all = async (who: 'coA' | 'co') => ((await api(who, 'GET', '/api/tasks?scope=all')).json() as { open: Array<{ id: string }> }).open.map((t) => t.id);
    const { id } = await s.db.selectFrom('tasks').select('id').where('key', '=', key).executeTakeFirstOrThrow();
    expect(await all('coA')).not.toContain(id);
    expect(await all('co')).toContain(id);
    expect((await api('coA', 'POST', `/api/tasks/${id}/done`, {})).statusCode).toBe(404);
    expect((await co.get('/tasks?scope=all')).body).not.toContain(bNames.lastName);
    expect((await api('co', 'POST', `/api/tasks/${id}/done`, {})).statusCode).toBe(200);
  });
});

describe('a social worker is given only participants of their projects', () => {
  it('refuses naming a social worker of A on an application of B, and re-assigning B’s participant to them', async () => {
    const named = await api('co', 'POST', '/api/applications', { projectId: projectB, firstName: 'Nowa', lastName: `Zbe${tag}`, pesel: uniquePesel(), sex: 'K', disability: false, channel: 'post', socialWorkerId: socialWorkerA.id });
    expect(named.statusCode).toBe(422);
    expect(named.json().fields).toMatchObject([{ field: 'socialWorkerId', message: 'Ten pracownik socjalny nie pracuje w projekcie uczestnika' }]);
    const coordinator = { id: s.users.coordinator.id, role: 'coordinator' as const, ip: '127.0.0.1' };
    const refused = await reassignSocialWorker(deps, coordinator, unassignedB, socialWorkerA.id, `scope-${tag}`).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'invalid_input', fields: [{ field: 'socialWorkerId' }] });
    expect((await sw.get(`/participants/${unassignedB}`)).statusCode).toBe(404);
  });
});

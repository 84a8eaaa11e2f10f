// Users and bulk actions through the JSON API (issue 18 item 4), over real HTTP with the client generated
// from the committed document, against the real worker and Temporal dev server: the administrator
// creates a person and a service account (a taken e-mail is a 409 naming the field, a short password a
// 400 naming it), deactivates and resets (the user's token stops working), never deactivates themselves;
// a coordinator's bulk reassignment goes through each journey (the list names the new social worker) and
// a second preview finds nothing left to do; other roles are refused.
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import type { paths } from '../../openapi/schema';
import { createTestUser, testApp, tokenFor, type TestUser } from '../helpers/app';
import { listen } from '../helpers/browser';
import { apply, createProject, waitForStage } from '../helpers/journeys';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const baseUrl = await listen(app);
const client = (token: string) => createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
const as = async (user: TestUser) => client(await tokenFor(db, user));
const adminUser = await createTestUser(db, 'admin');
const admin = await as(adminUser);
const coordinator = await as(await createTestUser(db, 'coordinator'));
const suffix = Date.now().toString(36);

describe('API: users', () => {
  it('creates, lists, deactivates and resets users; refuses what the Users page refuses', async () => {
    const email = `anna.${suffix}@ops.test`;
    const person = { name: 'Anna Kowalska', email, role: 'social_worker' as const, password: 'dlugie-haslo-123' };
    expect((await coordinator.GET('/api/users')).response.status).toBe(403);
    const short = await admin.POST('/api/users', { body: { ...person, password: 'krotkie' } });
    expect([short.response.status, short.error?.fields.map((f) => f.field)]).toEqual([422, ['password']]);
    const created = await admin.POST('/api/users', { body: person });
    expect(created.response.status).toBe(201);
    const id = created.data!.id;
    const taken = await admin.POST('/api/users', { body: { ...person, email: email.toUpperCase() } });
    expect([taken.response.status, taken.error?.fields.map((f) => f.field)]).toEqual([409, ['email']]);
    const service = await admin.POST('/api/users', { body: { name: 'System kadrowy', email: `kadry.${suffix}@ops.test`, role: 'coordinator', serviceAccount: true } });
    expect(service.response.status).toBe(201);

    const listed = (await admin.GET('/api/users')).data!;
    expect(listed.find((u) => u.id === id)).toMatchObject({ email, role: 'social_worker', active: true, mustChangePassword: true, serviceAccount: false });
    expect(listed.find((u) => u.id === service.data!.id)).toMatchObject({ serviceAccount: true, mustChangePassword: false });

    // Her token works until the administrator resets her password.
    const hers = client(await tokenFor(db, { ...person, id, name: person.name }));
    expect((await hers.GET('/api/me')).response.status).toBe(200);
    expect((await admin.POST('/api/users/{id}/password', { params: { path: { id } }, body: { password: 'nowe-haslo-456' } })).response.status).toBe(204);
    expect((await hers.GET('/api/me')).response.status).toBe(401);

    expect((await admin.POST('/api/users/{id}/active', { params: { path: { id } }, body: { active: false } })).response.status).toBe(204);
    expect((await admin.GET('/api/users')).data!.find((u) => u.id === id)?.active).toBe(false);
    const self = await admin.POST('/api/users/{id}/active', { params: { path: { id: adminUser.id } }, body: { active: false }, headers: { 'accept-language': 'en' } });
    expect(self.response.status).toBe(409);
  });
});

describe('API: bulk actions', () => {
  it('reassigns the selected participants through their journeys, then finds nothing left to do', async () => {
    const projectId = await createProject(db);
    const before = await createTestUser(db, 'social_worker', { name: `Ewa Przed ${suffix}` });
    const after = await createTestUser(db, 'social_worker', { name: `Jan Po ${suffix}` });
    const ids = [await apply(deps, before, projectId), await apply(deps, before, projectId)];
    for (const id of ids) await waitForStage(db, id, 'applied');
    const body = { action: 'assignSocialWorker' as const, ids, socialWorkerId: after.id };

    expect((await (await as(before)).POST('/api/participants/bulk/run', { body })).response.status).toBe(403);
    const noWorker = await coordinator.POST('/api/participants/bulk/preview', { body: { ...body, socialWorkerId: 'nope' } });
    expect([noWorker.response.status, noWorker.error?.fields.map((f) => f.field)]).toEqual([400, ['socialWorkerId']]);
    expect((await coordinator.POST('/api/participants/bulk/preview', { body })).data).toEqual({ selected: 2, applicable: expect.arrayContaining(ids) });
    expect((await coordinator.POST('/api/participants/bulk/run', { body })).data).toEqual({ selected: 2, done: 2 });

    const list = await coordinator.GET('/api/participants', { params: { query: { projectId } } });
    expect(list.data!.items.map((p) => p.socialWorkerName)).toEqual([after.name, after.name]);
    expect((await coordinator.POST('/api/participants/bulk/preview', { body })).data).toEqual({ selected: 2, applicable: [] });
  });
});

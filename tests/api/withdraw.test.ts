// Withdrawing an application through the JSON API (the journey's withdrawApplication Update): the reason
// and note checked (400 in the caller's language), allowed before participation only (409 with the
// journey's reason), audited; the application leaves the ranking the round writes.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiCaller, createTestUser, testApp, tokenFor } from '../helpers/app';
import { apply, createProject, screen, waitForStage } from '../helpers/journeys';
import { until } from '../helpers/wait';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const worker = await createTestUser(db, 'social_worker');
const other = await createTestUser(db, 'social_worker');
const api = apiCaller(app, { worker: await tokenFor(db, worker), other: await tokenFor(db, other), commission: await tokenFor(db, await createTestUser(db, 'commission')) });

describe('API: withdrawApplication', () => {
  it('withdraws a scored application with its reason; refuses a bad body, another worker, and a second time', async () => {
    const projectId = await createProject(db);
    const id = await apply(deps, worker, projectId);
    await waitForStage(db, id, 'applied');
    await screen(env.client, worker, id);
    await waitForStage(db, id, 'screened');
    await until(() => db.selectFrom('round_candidates').select('application_id').where('application_id', '=', id).executeTakeFirst(), 'the round ranks the candidate');

    const noNote = await api('worker', 'POST', '/api/applications/withdraw', { applicationId: id, reason: 'applicant_request' }, { 'idempotency-key': randomUUID(), 'accept-language': 'en' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().fields.map((f: { field: string }) => f.field)).toContain('note');
    const badReason = await api('worker', 'POST', '/api/applications/withdraw', { applicationId: id, reason: 'bored', note: 'x' }, { 'idempotency-key': randomUUID() });
    expect(badReason.statusCode).toBe(400);
    expect((await api('other', 'POST', '/api/applications/withdraw', { applicationId: id, reason: 'applicant_request', note: 'x' }, { 'idempotency-key': randomUUID() })).statusCode).toBe(404);
    expect((await api('commission', 'POST', '/api/applications/withdraw', { applicationId: id, reason: 'applicant_request', note: 'x' }, { 'idempotency-key': randomUUID() })).statusCode).toBe(403);

    const key = randomUUID();
    const body = { applicationId: id, reason: 'entered_by_mistake', note: 'Wpisane dwukrotnie' };
    const done = await api('worker', 'POST', '/api/applications/withdraw', body, { 'idempotency-key': key });
    expect(done.statusCode).toBe(200);
    expect(done.json().result).toEqual({ stage: 'closed' });
    // Retried with the same key: one Update, one event.
    expect((await api('worker', 'POST', '/api/applications/withdraw', body, { 'idempotency-key': key })).statusCode).toBe(200);
    await waitForStage(db, id, 'closed');
    const events = await db.selectFrom('journey_events').select('type').where('application_id', '=', id).where('type', '=', 'application_withdrawn').execute();
    expect(events).toHaveLength(1);
    const audit = await db.selectFrom('audit_log').select(['action', 'user_id']).where('entity_id', '=', id).where('action', '=', 'participant_withdrawApplication').execute();
    expect(audit).toEqual([{ action: 'participant_withdrawApplication', user_id: worker.id }, { action: 'participant_withdrawApplication', user_id: worker.id }]);
    // The round took it out of the ranking (the projection the ranking page reads).
    await until(() => db.selectFrom('round_candidates').select('left_reason').where('application_id', '=', id).where('left_reason', '=', 'withdrawn').executeTakeFirst(), 'the round drops the withdrawn');
    const ranking = await api('commission', 'GET', `/api/projects/${projectId}/ranking`);
    expect(JSON.stringify(ranking.json())).not.toContain(id);

    const again = await api('worker', 'POST', '/api/applications/withdraw', { ...body, note: 'Jeszcze raz' }, { 'idempotency-key': randomUUID(), 'accept-language': 'en' });
    expect(again.statusCode).toBe(409);
  });
});

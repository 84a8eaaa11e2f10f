// A human action when no worker answers (all crashed, or none deployed): the Update has a deadline, so
// the request ends in a 503 with a Polish page or a JSON error to retry, never a hang or a 500; the
// retry with the same request id, once a worker is back, has exactly one effect.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createWorker } from '../../runtime/worker';
import { createTestUser, loggedIn, testApp, tokenFor } from '../helpers/app';
import { createProject, testPesel } from '../helpers/journeys';
import { testDataConverter } from '../helpers/temporal';

const DEADLINE_MS = 2_000;
const { app, db, env, config } = await testApp({ worker: false, config: { TEMPORAL_UPDATE_TIMEOUT_MS: String(DEADLINE_MS) } });
const worker = await createTestUser(db, 'social_worker');
const token = await tokenFor(db, worker);
const projectId = await createProject(db);

const api = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(payload ? { payload } : {}) });

describe('an action with no worker to answer it', () => {
  it('answers 503 within the deadline (API and panel), and the retry once a worker is back takes effect once', async () => {
    // Applications and their workflows are created (starting a workflow needs no worker).
    const apply = async () => {
      const applied = await api('POST', '/api/applications', { projectId, firstName: 'Zofia', lastName: 'Łękawska', pesel: testPesel(), sex: 'K', disability: false, channel: 'in_person' });
      expect(applied.statusCode, applied.body).toBe(201);
      return applied.json().id as string;
    };
    const applicationId = await apply();
    // The panel's attempt goes to another journey: its Update, too, waits for a worker and would race the retry.
    const viaPanel = await apply();
    const points = { disability: 0, long_term_unemployed: 5, popz: 5, multiple_exclusion: 4, worker_opinion: 8 };
    const score = { applicationId, scores: Object.entries(points).map(([code, p]) => ({ code, points: p })), opinion: 'Rekomenduję udział.' };
    const key = randomUUID();

    const t0 = Date.now();
    const res = await api('POST', '/api/applications/score', score, { 'idempotency-key': key });
    const took = Date.now() - t0;
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json()).toMatchObject({ error: 'unavailable', message: 'Temporal unavailable' });
    expect(took).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
    expect(took).toBeLessThan(DEADLINE_MS + 10_000);

    // The panel: a page in Polish with the same status, no stack trace.
    const panel = await loggedIn(app, worker);
    const page = await panel.get(`/participants/${viaPanel}`);
    expect(page.statusCode).toBe(200);
    const form = await panel.post(`/participants/${viaPanel}/actions/screen`, { ...Object.fromEntries(Object.entries(points).map(([c, p]) => [`score.${c}`, String(p)])), opinion: 'Rekomenduję udział.', _rid: randomUUID() });
    expect(form.statusCode).toBe(503);
    expect(form.headers['content-type']).toMatch(/^text\/html/);
    expect(form.body).toContain('Silnik przebiegów (Temporal) jest chwilowo niedostępny. Spróbuj ponownie za chwilę.');
    expect(form.body).not.toMatch(/\bat .*\.ts:\d+/);

    // A worker comes back; the client retries with the same Idempotency-Key: one screening, one event.
    const { worker: w, connection } = await createWorker({
      address: env.address,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      dataConverter: testDataConverter,
      deps: { db, now: () => new Date(), temporal: env.client },
    });
    await w.runUntil(async () => {
      const retried = await api('POST', '/api/applications/score', score, { 'idempotency-key': key });
      expect(retried.statusCode, retried.body).toBe(200);
      const again = await api('POST', '/api/applications/score', score, { 'idempotency-key': key });
      expect(again.statusCode, again.body).toBe(200);
    });
    await connection.close();
    const events = await db.selectFrom('journey_events').select('type').where('application_id', '=', applicationId).execute();
    expect(events.filter((e) => e.type === 'screened')).toHaveLength(1);
  }, 120_000);
});

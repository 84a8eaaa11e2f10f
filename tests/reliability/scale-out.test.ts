// Scale-out on one machine: two panel/API processes (runtime/server-main.ts) and two worker processes
// (runtime/worker-main.ts), real child processes as in production behind a load balancer, against one
// Temporal dev server and the run's PostgreSQL. What a replica holds in memory must not matter: a
// session started on one server is valid on the other, the login limit counts the attempts made on
// both, the same Idempotency-Key sent to both servers is one effect, and journeys started through both
// servers and run by both workers leave each of their effects exactly once.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { journeyWorkflowId } from '../../contracts/journey';
import type { Db } from '../../db/connect';
import type { Stage } from '../../domain/types';
import { AKTYWNY_SPOLECZNIE } from '../../scripts/example-projects';
import { createProject, SYSTEM_ACTOR } from '../../server/services/projects';
import { createTestUser, tokenFor, type TestUser } from '../helpers/app';
import { testDb } from '../helpers/db';
import { spawnDevServer, type DevServer } from '../helpers/dev-server';
import { testPesel } from '../helpers/journeys';
import { freePort } from '../helpers/ports';
import { TEST_PAYLOAD_ENV, testDataConverter } from '../helpers/temporal';
import { until } from '../helpers/wait';
import { expected, found } from './journeys';
import { WorkerProcess } from './worker-process';

const JOURNEYS = Number(process.env.SCALE_OUT_JOURNEYS ?? 12);
const SCORES = AKTYWNY_SPOLECZNIE.rules.criteria.map((c, i) => ({ code: c.code, points: Math.min(c.maxPoints, 2 + i) }));

let db: Db;
let dir = '';
let temporal: DevServer | undefined;
let connection: Connection | undefined;
let client: Client;
const workers: WorkerProcess[] = [];
const servers: Array<{ process: WorkerProcess; url: string }> = [];
let projectId = '';
let socialWorker: TestUser;
const tokens = { worker: '', commission: '' };

beforeAll(async () => {
  db = await testDb();
  dir = await mkdtemp(path.join(tmpdir(), 'sciezka-scale-out-'));
  temporal = await spawnDevServer();
  if (!temporal) throw new Error('the scale-out test needs the Temporal CLI (npm run setup)');
  const shared = {
    ...TEST_PAYLOAD_ENV,
    TEMPORAL_ADDRESS: temporal.address,
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_TASK_QUEUE: `scale-out-${randomUUID()}`,
    DATA_DIR: dir,
  };
  for (let i = 0; i < 2; i++) workers.push(new WorkerProcess(shared));
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    // Behind a proxy on the loopback, as behind a load balancer: the tests name the client's address.
    const env = { ...shared, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, TRUST_PROXY: '127.0.0.1' };
    servers.push({ process: new WorkerProcess(env, 'runtime/server-main.ts', '[sciezka] panel:'), url: `http://127.0.0.1:${port}` });
  }
  // All four start at once, as a deployment rolls them out.
  await Promise.all([...workers, ...servers.map((s) => s.process)].map((p) => p.start()));
  connection = await Connection.connect({ address: temporal.address });
  client = new Client({ connection, dataConverter: testDataConverter });

  projectId = (await createProject(db, SYSTEM_ACTOR, { ...AKTYWNY_SPOLECZNIE, code: `SCALE-${randomUUID().slice(0, 8)}`, places: 1000 })).id;
  socialWorker = await createTestUser(db, 'social_worker');
  tokens.worker = await tokenFor(db, socialWorker);
  tokens.commission = await tokenFor(db, await createTestUser(db, 'commission'));
}, 240_000);

afterAll(async () => {
  // Every process this file started, stopped and waited for (the global teardown fails the run otherwise).
  await Promise.all([...servers.map((s) => s.process), ...workers].map((p) => p.stop()));
  await connection?.close();
  await temporal?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

interface Reply {
  status: number;
  body: Record<string, unknown>;
  cookie?: string;
}

/** One HTTP request to replica `i` (0 or 1). */
async function call(i: number, method: string, url: string, opts: { body?: unknown; headers?: Record<string, string>; token?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${servers[i]!.url}${url}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, ...(cookie ? { cookie } : {}) };
}

const application = (lastName: string, project = projectId) => ({
  projectId: project, firstName: 'Zofia', lastName, pesel: testPesel(), sex: 'K', disability: false, channel: 'in_person',
});

async function waitForStage(applicationId: string, stage: Stage, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await db.selectFrom('applications').select('stage').where('id', '=', applicationId).executeTakeFirstOrThrow();
    if (row.stage === stage) return;
    if (Date.now() > deadline) throw new Error(`application ${applicationId} in ${row.stage}, expected ${stage}`);
    await sleep(500);
  }
}

describe('two servers and two workers on one Temporal and one PostgreSQL', () => {
  it('a session started on one server is valid on the other (its CSRF token too), and ends on both', async () => {
    const user = await createTestUser(db, 'coordinator');
    const login = await call(0, 'POST', '/api/login', { body: { email: user.email, password: user.password } });
    expect(login.status).toBe(200);
    const cookie = login.cookie!;
    expect(cookie).toBeTruthy();
    const me = await call(1, 'GET', '/api/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, role: 'coordinator' });
    // A write on the other replica with the token the first one issued.
    const out = await call(1, 'POST', '/api/logout', { headers: { cookie, 'x-csrf-token': String(login.body.csrfToken) } });
    expect(out.status).toBe(204);
    expect((await call(0, 'GET', '/api/me', { headers: { cookie } })).status).toBe(401);
  });

  it('the login limit counts the attempts made on both servers: 5 + 5 failures lock the account on each', async () => {
    const user = await createTestUser(db, 'coordinator');
    // An address of this test's own: the address counter is shared by every test logging in from 127.0.0.1.
    const from = { 'x-forwarded-for': `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` };
    for (let n = 0; n < 10; n++) {
      const wrong = await call(n % 2, 'POST', '/api/login', { body: { email: user.email, password: 'zle-haslo' }, headers: from });
      expect(wrong.status, `failure ${n + 1} on server ${n % 2}`).toBe(401);
    }
    // Each replica saw only 5 failures; together they are the 10 that lock the account, the right password too.
    for (const i of [0, 1]) {
      const locked = await call(i, 'POST', '/api/login', { body: { email: user.email, password: user.password }, headers: from });
      expect(locked.status, `server ${i}`).toBe(429);
      expect(locked.body.error).toBe('rate_limited');
    }
  });

  it('the same Idempotency-Key sent to both servers at once is one application, one journey, one screening', async () => {
    const body = application('Podwójna');
    const key = `scale-out-${randomUUID()}`;
    const submitted = await Promise.all([0, 1].map((i) => call(i, 'POST', '/api/applications', { body, token: tokens.worker, headers: { 'idempotency-key': key } })));
    expect(submitted.map((r) => r.status)).toEqual([201, 201]);
    const id = String(submitted[0]!.body.id);
    expect(submitted[1]!.body.id).toBe(id);
    const apps = await db.selectFrom('applications').select('id').where('project_id', '=', projectId).where('pesel', '=', body.pesel).execute();
    expect(apps).toEqual([{ id }]);
    await waitForStage(id, 'applied');

    const scoreKey = `scale-out-${randomUUID()}`;
    const scored = await Promise.all([0, 1].map((i) => call(i, 'POST', '/api/applications/score', {
      body: { applicationId: id, scores: SCORES, opinion: 'Rekomenduję udział.' }, token: tokens.worker, headers: { 'idempotency-key': scoreKey },
    })));
    expect(scored.map((r) => r.status)).toEqual([200, 200]);
    expect(scored[1]!.body).toEqual(scored[0]!.body);
    await waitForStage(id, 'screened');
    const events = await db.selectFrom('journey_events').select('type').where('application_id', '=', id).orderBy('id').execute();
    expect(events.map((e) => e.type).filter((t) => t === 'applied' || t === 'screened')).toEqual(['applied', 'screened']);
  });

  it(`${JOURNEYS} journeys started through both servers, run by both workers: every effect exactly once`, async () => {
    // A project of one place, taken first, so the round takes candidates on its reserve list.
    const c = AKTYWNY_SPOLECZNIE.config;
    const onePlace = { ...c, targetGroups: c.targetGroups.map((g) => ({ ...g, planned: 1 })), quotas: [] };
    const project = (await createProject(db, SYSTEM_ACTOR, { ...AKTYWNY_SPOLECZNIE, code: `SCALE-${randomUUID().slice(0, 8)}`, places: 1, config: onePlace })).id;
    /** Submitted on replica `n % 2`, scored on the other: no step depends on where the last one ran. */
    const apply = async (n: number): Promise<string> => {
      const here = n % 2;
      const submitted = await call(here, 'POST', '/api/applications', { body: application(`Skalowana-${n}`, project), token: tokens.worker, headers: { 'idempotency-key': randomUUID() } });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
      const id = String(submitted.body.id);
      await waitForStage(id, 'applied');
      const scored = await call(1 - here, 'POST', '/api/applications/score', { body: { applicationId: id, scores: SCORES, opinion: 'Rekomenduję udział.' }, token: tokens.worker });
      expect(scored.status, JSON.stringify(scored.body)).toBe(200);
      await waitForStage(id, 'screened');
      return id;
    };
    const decide = async (n: number, id: string, decision: Record<string, string>, stage: Stage): Promise<void> => {
      const decided = await call(n % 2, 'POST', '/api/applications/decide', { body: { applicationId: id, ...decision }, token: tokens.commission, headers: { 'idempotency-key': randomUUID() } });
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
      await waitForStage(id, stage);
    };
    await decide(0, await apply(JOURNEYS), { decision: 'qualified' }, 'decided');

    const applied = new Set(await Promise.all(Array.from({ length: JOURNEYS }, (_, n) => apply(n))));
    // Decided in rank order (equal points: earlier application first), so each reserve joins the end of the
    // list and no one's position moves: a moved position is a further letter-worthy event, not a duplicate.
    // The round hears of each scored candidate from its journey: wait until it ranks all of them.
    const ids = await until(async () => {
      const ranking = await call(1, 'GET', `/api/projects/${project}/ranking`, { token: tokens.commission });
      expect(ranking.status).toBe(200);
      const ranked = (ranking.body.candidates as Array<{ applicationId: string; position: number }>)
        .filter((cand) => applied.has(cand.applicationId)).sort((a, b) => a.position - b.position).map((cand) => cand.applicationId);
      return ranked.length === JOURNEYS ? ranked : undefined;
    }, `the round ranking all ${JOURNEYS} candidates`, 60_000);
    const plans = ids.map((_, n) => (n % 2 === 0 ? 'rejected' : 'reserve') as 'rejected' | 'reserve');
    for (const [n, id] of ids.entries()) {
      await decide(n, id, plans[n] === 'rejected' ? { decision: 'rejected', reason: 'Brak miejsc w grupie docelowej' } : { decision: 'reserve' }, expected(plans[n]!).stage);
    }

    // Letters and events follow the stage: wait until each journey's record is complete, then check it is exact.
    const deadline = Date.now() + 60_000;
    for (const [n, id] of ids.entries()) {
      const want = expected(plans[n]!);
      let got = await found({ db }, id, []);
      while (JSON.stringify(got) !== JSON.stringify(want) && Date.now() < deadline) {
        await sleep(500);
        got = await found({ db }, id, []);
      }
      expect(got, `journey ${n} (${plans[n]})`).toEqual(want);
    }

    // Both workers ran journeys: the workflow tasks of the histories name two worker identities.
    const identities = new Set<string>();
    for (const id of ids) {
      const history = await client.workflow.getHandle(journeyWorkflowId(id)).fetchHistory();
      for (const e of history.events ?? []) {
        const who = e.workflowTaskStartedEventAttributes?.identity ?? e.activityTaskStartedEventAttributes?.identity;
        if (who) identities.add(who);
      }
    }
    expect(identities.size, [...identities].join(', ')).toBe(2);
  }, 240_000);
});

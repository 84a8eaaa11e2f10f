// What every benchmark stands on: a throwaway PostgreSQL database (migrated), the workflow bundle built
// once, users and API tokens, a small HTTP client, and the dev-server stack: the Temporal dev server
// started by the app's own runtime code, the app's server as `npm run server` runs it and a worker with the
// app's workflows and activities (child processes), and the baselines' worker beside them.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import { openDatabase, type Db, type DbHandle } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { peselCheckDigit } from '../domain/pesel';
import type { Role } from '../domain/types';
import { AKTYWNY_SPOLECZNIE } from '../scripts/example-projects';
import { loadConfig } from '../runtime/config';
import { WORKFLOWS_PATH } from '../runtime/worker';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../runtime/temporal-server';
import { hashPassword } from '../server/passwords';
import { createApiToken } from '../server/services/users';
import { createProject, SYSTEM_ACTOR } from '../server/services/projects';
import { freePort } from '../tests/helpers/ports';
import { forkWorker, log, ROOT, spawnApp } from './processes';

/** Closers run in reverse order of opening, whatever failed. */
export class Cleanup {
  private readonly closers: Array<() => Promise<unknown>> = [];
  add(close: () => Promise<unknown>) {
    this.closers.push(close);
  }
  async run() {
    for (const close of this.closers.splice(0).reverse()) {
      try {
        await close();
      } catch (err) {
        log(`while cleaning up: ${(err as Error).message}`);
      }
    }
  }
}

export interface Bundle {
  path: string;
  code: string;
}

export interface Bundles {
  /** workflows/index.ts bundled as the production worker bundles it. */
  app: Bundle;
  /** bench/baseline-workflows.ts: bare Temporal. */
  baseline: Bundle;
}

export interface Base {
  db: Db;
  databaseUrl: string;
  /** Built once, in the background while the servers start. */
  bundles: Promise<Bundles>;
  tmp: string;
}

/** A database `bench_<random>` beside the tests' (TEST_DATABASE_URL), migrated; dropped at cleanup. */
async function throwawayDatabase(cleanup: Cleanup): Promise<{ url: string; handle: DbHandle }> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`the benchmarks need PostgreSQL at ${adminUrl} (BENCH_DATABASE_URL or TEST_DATABASE_URL): ${(err as Error).message}`, { cause: err });
  }
  await admin.query(`create database ${name}`);
  cleanup.add(async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  cleanup.add(() => handle.close());
  await migrateToLatest(handle.db);
  return { url: url.toString(), handle };
}

export async function openBase(cleanup: Cleanup): Promise<Base> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'sciezka-bench-'));
  cleanup.add(() => rm(tmp, { recursive: true, force: true }));
  const { url, handle } = await throwawayDatabase(cleanup);
  const bundle = async (workflowsPath: string, name: string): Promise<Bundle> => {
    const { code } = await bundleWorkflowCode({ workflowsPath, logger: quiet });
    await writeFile(path.join(tmp, name), code);
    return { path: path.join(tmp, name), code };
  };
  log('bundling the workflows (the app\'s and the baselines\') in the background');
  const bundles = (async () => ({ baseline: await bundle(path.join(ROOT, 'bench', 'baseline-workflows.ts'), 'baseline.js'), app: await bundle(WORKFLOWS_PATH, 'app.js') }))();
  bundles.catch(() => {}); // awaited later; a failure surfaces there
  return { db: handle.db, databaseUrl: url, bundles, tmp };
}

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };

// ---- people and projects ----------------------------------------------------------------------------

export interface BenchUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  token: string;
}

export async function createUser(db: Db, role: Role): Promise<BenchUser> {
  const email = `bench-${role}-${randomUUID().slice(0, 8)}@bench.sciezka`;
  const password = `bench-${randomUUID()}`;
  const { id } = await db
    .insertInto('users')
    .values({ email, name: `Bench ${role}`, role, password_hash: await hashPassword(password), must_change_password: false, all_projects: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { token } = await createApiToken(db, null, id, 'bench');
  return { id, email, password, role, token };
}

/** Aktywny Społecznie's configuration (its points sheet) with room for every candidate of the run. */
export async function createBenchProject(db: Db, places = 100_000): Promise<string> {
  const p = await createProject(db, SYSTEM_ACTOR, { ...AKTYWNY_SPOLECZNIE, code: `BENCH-${randomUUID().slice(0, 8)}`, places });
  return p.id;
}

/** The scores the project's points sheet asks for, as the API takes them. */
export const BENCH_SCORES = AKTYWNY_SPOLECZNIE.rules.criteria.map((c, i) => ({ code: c.code, points: Math.min(c.maxPoints, 2 + i) }));

/** A valid PESEL of a woman born on 2002-03-15, varied by `n`. */
export function benchPesel(n: number): string {
  const first10 = `022315${String(n % 1000).padStart(3, '0')}4`;
  return first10 + String(peselCheckDigit(first10));
}

// ---- HTTP --------------------------------------------------------------------------------------------

export interface HttpAnswer {
  status: number;
  body: string;
}

export async function http(url: string, init: { method?: string; headers?: Record<string, string>; json?: unknown } = {}): Promise<HttpAnswer> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
  return { status: res.status, body: await res.text() };
}

/** Fails loudly on an unexpected status: a benchmark of errors measures nothing. */
export function expectStatus(res: HttpAnswer, status: number, what: string): HttpAnswer {
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status}, expected ${status}: ${res.body.slice(0, 300)}`);
  return res;
}

/** A JSON API client for one user (Bearer token). */
export function apiClient(baseUrl: string, user: BenchUser) {
  return async (path: string, json: unknown, status: number): Promise<Record<string, unknown>> => {
    const res = await http(`${baseUrl}/api${path}`, { method: 'POST', headers: { authorization: `Bearer ${user.token}` }, json });
    return JSON.parse(expectStatus(res, status, `POST /api${path}`).body) as Record<string, unknown>;
  };
}

/** Logs in through the JSON API and returns the session cookie the panel pages take. */
export async function sessionCookie(baseUrl: string, user: BenchUser): Promise<string> {
  const res = await fetch(`${baseUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: user.password }) });
  if (res.status !== 200) throw new Error(`login: HTTP ${res.status}: ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sciezka_session='));
  if (!cookie) throw new Error('login: no session cookie');
  return cookie.split(';')[0]!;
}

// ---- the dev-server stack ----------------------------------------------------------------------------

export interface DevStack {
  temporal: EmbeddedTemporal;
  client: Client;
  /** The app's task queue (its worker process polls it). */
  taskQueue: string;
  /** The baselines' task queue (the bench worker polls it). */
  baselineQueue: string;
  baseUrl: string;
}

export async function openDevStack(base: Base, cleanup: Cleanup): Promise<DevStack> {
  const [port, uiPort, httpPort] = [await freePort(), await freePort(), await freePort()];
  const config = loadConfig({ DATA_DIR: base.tmp, TEMPORAL_PORT: String(port), TEMPORAL_UI_PORT: String(uiPort), LOG_LEVEL: 'warn' });
  log('starting the Temporal dev server (runtime/temporal-server.ts)');
  const temporal = await startEmbeddedTemporal(config, { info: log, error: log });
  cleanup.add(() => temporal.stop());
  const connection = await Connection.connect({ address: temporal.address });
  cleanup.add(() => connection.close());
  const client = new Client({ connection, namespace: config.temporal.namespace });

  const taskQueue = `bench-app-${randomUUID().slice(0, 8)}`;
  const baselineQueue = `bench-baseline-${randomUUID().slice(0, 8)}`;
  // The app encrypts every payload (server and worker share the key); the baselines are bare Temporal.
  const payloadKey = randomBytes(32).toString('base64');
  const env = {
    PAYLOAD_KEY: payloadKey,
    DATABASE_URL: base.databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    DATA_DIR: base.tmp,
    LOG_LEVEL: 'warn',
    PORT: String(httpPort),
    HOST: '127.0.0.1',
  };
  log('starting the app (`npm run server`\'s entry point, and a worker process with the app\'s workflows and activities) and the baselines\' worker');
  const namespace = config.temporal.namespace;
  const [server, worker, baselineWorker] = await Promise.all([
    spawnApp('server-main', env, /panel: /),
    base.bundles.then((b) => forkWorker({ address: temporal.address, namespace, taskQueue, bundlePath: b.app.path, databaseUrl: base.databaseUrl, payloadKey })),
    base.bundles.then((b) => forkWorker({ address: temporal.address, namespace, taskQueue: baselineQueue, bundlePath: b.baseline.path })),
  ]);
  cleanup.add(() => server.stop());
  cleanup.add(() => worker.stop());
  cleanup.add(() => baselineWorker.stop());
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  // The server answers /healthz 200 once the database, Temporal and a worker on its queue are there.
  for (let i = 0; ; i++) {
    const res = await http(`${baseUrl}/healthz`).catch(() => undefined);
    if (res?.status === 200) break;
    if (i > 300) throw new Error(`the app never became healthy: ${res?.body ?? 'no answer'}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { temporal, client, taskQueue, baselineQueue, baseUrl };
}

// The panel and API under test: the real app on the run's PostgreSQL, a real Temporal dev server and a
// real Worker (runtime/worker.ts) on a fresh task queue; users of every role; logged-in clients.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect, inject } from 'vitest';
import { onTeardown } from './teardown';
import type { Db } from '../../db/connect';
import type { Role } from '../../domain/types';
import { loadConfig, type Config } from '../../runtime/config';
import { createWorker } from '../../runtime/worker';
import { buildApp } from '../../server/app';
import type { LoginRateLimit } from '../../server/panel/auth-routes';
import { hashPassword } from '../../server/passwords';
import { createApiToken } from '../../server/services/api-tokens';
import { testDb } from './db';
import { devServerEnv } from './dev-server';
import { TEST_PAYLOAD_ENV, testDataConverter } from './temporal';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  env: TestWorkflowEnvironment;
  config: Config;
}

export const TEMPORAL_UI = 'http://temporal-ui.test';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: inject('databaseUrl'),
    DATA_DIR: `/tmp/sciezka-panel-test-${process.pid}`,
    TEMPORAL_TASK_QUEUE: `panel-${randomUUID()}`,
    LOG_LEVEL: 'silent',
    ...TEST_PAYLOAD_ENV,
    ...overrides,
  });
}

export async function testApp(
  opts: { worker?: boolean; loginRateLimit?: LoginRateLimit; logStream?: { write(line: string): void }; config?: Record<string, string>; db?: Db } = {},
): Promise<TestApp> {
  // The run's shared database unless the file brings its own (isolatedDb: what it does must not reach others).
  const db = opts.db ?? (await testDb());
  const env = await devServerEnv();
  const config = testConfig({ TEMPORAL_ADDRESS: env.address, ...(opts.logStream ? { LOG_LEVEL: 'trace' } : {}), ...opts.config });
  if (opts.worker !== false) {
    const { worker, connection } = await createWorker({
      address: env.address,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      dataConverter: testDataConverter,
      deps: { db, now: () => new Date(), temporal: env.client },
    });
    const run = worker.run();
    onTeardown(async () => {
      worker.shutdown();
      await run;
      await connection.close();
    });
  }
  const app = await buildApp(
    { config, db, temporal: env.client, temporalUiUrl: TEMPORAL_UI },
    { loginRateLimit: opts.loginRateLimit ?? { max: 1000, timeWindow: 60_000 }, ...(opts.logStream ? { logStream: opts.logStream } : {}) },
  );
  onTeardown(() => app.close());
  return { app, db, env, config };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  name: string;
}

/**
 * A user of this role. `projects`: the projects they work in; without it they see every project (the
 * suites that are not about project scoping share the run's database and its projects).
 */
export async function createTestUser(db: Db, role: Role, opts: { mustChangePassword?: boolean; name?: string; projects?: string[] } = {}): Promise<TestUser> {
  const email = `${role}-${randomUUID().slice(0, 8)}@test.sciezka`;
  const password = `haslo-${randomUUID().slice(0, 12)}`;
  const name = opts.name ?? `Test ${role}`;
  const row = await db
    .insertInto('users')
    .values({ email, name, role, password_hash: await hashPassword(password), must_change_password: opts.mustChangePassword ?? false, all_projects: !opts.projects })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (opts.projects?.length) await db.insertInto('user_projects').values(opts.projects.map((project_id) => ({ user_id: row.id, project_id }))).execute();
  return { id: row.id, email, password, role, name };
}

export async function tokenFor(db: Db, user: TestUser): Promise<string> {
  return (await createApiToken(db, null, user.id, 'test')).token;
}

/** Cookies from a response, merged into a jar (name -> value). */
export function mergeCookies(jar: Record<string, string>, res: LightMyRequestResponse): Record<string, string> {
  for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
    if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) delete jar[c.name];
    else jar[c.name] = c.value;
  }
  return jar;
}

export const csrfFromHtml = (html: string) => /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1] ?? '';

/** A browser-like client: keeps cookies, knows the CSRF token of the last page it loaded. */
export class PanelClient {
  cookies: Record<string, string> = {};
  csrf = '';
  constructor(readonly app: FastifyInstance) {}

  async request(opts: InjectOptions): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ ...opts, cookies: { ...this.cookies, ...(opts.cookies ?? {}) } });
    mergeCookies(this.cookies, res);
    const token = res.headers['content-type']?.toString().startsWith('text/html') ? csrfFromHtml(res.body) : '';
    if (token) this.csrf = token;
    return res;
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request({ method: 'GET', url, headers });
  }

  /** A form post with the CSRF token, as the browser sends it. */
  post(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    return this.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams({ _csrf: this.csrf, ...form }).toString(),
    });
  }

  async login(user: { email: string; password: string }): Promise<LightMyRequestResponse> {
    await this.get('/login');
    return this.post('/login', { email: user.email, password: user.password });
  }
}

export async function loggedIn(app: FastifyInstance, user: TestUser): Promise<PanelClient> {
  const client = new PanelClient(app);
  const res = await client.login(user);
  if (res.statusCode !== 303) throw new Error(`login failed: ${res.statusCode}`);
  await client.get('/');
  return client;
}

/**
 * The JSON API as the holder of each token sees it: `call('director', 'GET', url)`. Every answer is
 * checked not to be a 5xx (an API refuses with 4xx, never breaks).
 */
export function apiCaller<Who extends string>(app: FastifyInstance, tokens: Record<Who, string>) {
  return async (who: Who, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}`, ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
    return res;
  };
}

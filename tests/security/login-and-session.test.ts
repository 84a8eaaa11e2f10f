// The login and the session from the outside: `next` never leaves the panel, an idle session ends after
// 30 minutes (the sessions' clock is moved, nothing waits), expired sessions are purged at login, login
// throttling lives in PostgreSQL (per account with backoff, shared by replicas; per address), password
// hashes run at most a fixed number at once, and the participant's live refresh is audited.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors';
import { buildApp } from '../../server/app';
import { throttledLogin } from '../../server/login-throttle';
import { hashSlots } from '../../server/passwords';
import { Semaphore } from '../../server/semaphore';
import { createTestUser, PanelClient, TEMPORAL_UI, testApp } from '../helpers/app';
import { writeProject } from '../indicators/project-fixture';

const limits = { max: 3, timeWindow: 60_000, perAddress: 10 };
const { app, db, env, config } = await testApp({ worker: false, loginRateLimit: limits });
const deps = { config, db, temporal: env.client, temporalUiUrl: TEMPORAL_UI };
/** Another replica of the app on the same database. */
const replica = await buildApp(deps, { loginRateLimit: limits });
let clockMs = Date.now();
const clocked = await buildApp(deps, { loginRateLimit: limits, now: () => new Date(clockMs) });
afterAll(() => Promise.all([replica.close(), clocked.close()]));

/** A client from its own address, so that no other test's failures count against it. */
class ClientFrom extends PanelClient {
  constructor(
    app: PanelClient['app'],
    readonly address: string,
  ) {
    super(app);
  }
  override request(opts: Parameters<PanelClient['request']>[0]) {
    return super.request({ ...opts, remoteAddress: this.address } as typeof opts);
  }
}
// A fresh address each time (the counters live in the run's shared database).
const base = `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;
let hosts = 0;
const address = () => `${base}.${++hosts}`;
async function loggedIn(on: PanelClient['app'], user: { email: string; password: string }): Promise<ClientFrom> {
  const client = new ClientFrom(on, address());
  expect((await client.login(user)).statusCode).toBe(303);
  return client;
}

describe('next after login', () => {
  it('stays on the panel whatever the value', async () => {
    const user = await createTestUser(db, 'auditor');
    const nextOf = async (next: string) => {
      const client = new ClientFrom(app, address());
      await client.get('/login');
      const res = await client.post('/login', { email: user.email, password: user.password, next });
      expect(res.statusCode, next).toBe(303);
      return res.headers.location;
    };
    for (const evil of ['/\t/evil.example', '/\n/evil.example', '//evil', '/\\evil', '/.//evil', 'https://evil.example/x', 'javascript:alert(1)', '\t//evil']) {
      expect(await nextOf(evil), JSON.stringify(evil)).toBe('/');
    }
    expect(await nextOf('/participants?q=kow#top')).toBe('/participants?q=kow#top');
  });
});

describe('sessions', () => {
  it('an idle session expires after 30 minutes; activity keeps it', async () => {
    const user = await createTestUser(db, 'coordinator');
    const client = await loggedIn(clocked, user);
    const minutes = (m: number) => (clockMs += m * 60_000);
    expect((await client.get('/')).statusCode).toBe(200);
    minutes(29);
    expect((await client.get('/')).statusCode).toBe(200);
    minutes(29);
    expect((await client.get('/')).statusCode).toBe(200);
    minutes(31);
    const idle = await client.get('/');
    expect(idle.statusCode).toBe(303);
    expect(idle.headers.location).toContain('/login');
    expect(await db.selectFrom('sessions').where('user_id', '=', user.id).select('id_hash').execute()).toHaveLength(0);
  });

  it('expired and idle sessions are purged at login', async () => {
    const user = await createTestUser(db, 'auditor');
    const dead = [
      { id_hash: `expired-${randomUUID()}`, expires_at: new Date(Date.now() - 1000), updated_at: new Date(Date.now() - 3600_000) },
      { id_hash: `idle-${randomUUID()}`, expires_at: new Date(Date.now() + 3600_000), updated_at: new Date(Date.now() - 31 * 60_000) },
    ];
    await db.insertInto('sessions').values(dead.map((d) => ({ ...d, data: JSON.stringify({}), user_id: user.id }))).execute();
    await loggedIn(replica, user);
    const left = await db.selectFrom('sessions').select('id_hash').where('id_hash', 'in', dead.map((d) => d.id_hash)).execute();
    expect(left).toEqual([]);
  });
});

describe('login throttling', () => {
  it('locks an account after its failures on every replica and from every address, the right password too', async () => {
    const user = await createTestUser(db, 'commission');
    for (let i = 0; i < limits.max; i++) expect((await new ClientFrom(app, address()).login({ email: user.email, password: `wrong-${i}` })).statusCode).toBe(401);
    const elsewhere = await new ClientFrom(replica, address()).login(user);
    expect(elsewhere.statusCode).toBe(429);
    expect(elsewhere.headers['retry-after']).toBeDefined();
    const api = await replica.inject({ method: 'POST', url: '/api/login', remoteAddress: address(), payload: { email: user.email, password: user.password } });
    expect(api.statusCode).toBe(429);
    expect(api.json().error).toBe('rate_limited');
  });

  it('backs off: each failure after a lock doubles it; a success starts again', async () => {
    const who = { email: `backoff-${randomUUID()}@test.sciezka`, ip: address() };
    const l = { max: 2, timeWindow: 1000, perAddress: 100 };
    const t0 = Date.now();
    const at = (ms: number) => new Date(t0 + ms);
    const fail = (ms: number) => throttledLogin(db, l, who, () => Promise.reject(new AppError('unauthenticated', 'wrong')), at(ms));
    const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: AppError) => e.code);
    expect(await code(fail(0))).toBe('unauthenticated');
    expect(await code(fail(10))).toBe('unauthenticated'); // the second failure: locked for 1 s
    expect(await code(fail(900))).toBe('rate_limited');
    expect(await code(fail(1100))).toBe('unauthenticated'); // the third: locked for 2 s
    expect(await code(fail(2900))).toBe('rate_limited');
    expect(await code(fail(3200))).toBe('unauthenticated'); // the fourth: 4 s
    expect(await code(fail(7000))).toBe('rate_limited');
    expect(await code(throttledLogin(db, l, who, async () => 'in', at(7300)))).toBe('ok');
    expect(await code(fail(7400))).toBe('unauthenticated');
    expect(await code(fail(7500))).toBe('unauthenticated');
  });

  it('50 logins with random e-mails from one address: the address limit holds and hashes never exceed the bound', async () => {
    const from = address();
    hashSlots.peak = 0;
    const codes = await Promise.all(
      Array.from({ length: 50 }, () =>
        app.inject({ method: 'POST', url: '/api/login', remoteAddress: from, payload: { email: `random-${randomUUID()}@example.test`, password: 'guess-guess' } }).then((r) => r.statusCode),
      ),
    );
    expect(codes.filter((c) => c === 401)).toHaveLength(limits.perAddress);
    expect(codes.filter((c) => c === 429)).toHaveLength(50 - limits.perAddress);
    expect(hashSlots.peak).toBeGreaterThan(0);
    expect(hashSlots.peak).toBeLessThanOrEqual(hashSlots.size);
    // Another address is not affected.
    const user = await createTestUser(db, 'director');
    expect((await new ClientFrom(app, address()).login(user)).statusCode).toBe(303);
  });

  it('the semaphore never lets more than its size run at once', async () => {
    const s = new Semaphore(3);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        s.run(async () => {
          most = Math.max(most, ++running);
          await new Promise((r) => setTimeout(r, 5));
          running--;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(s.peak).toBe(3);
  });
});

describe('reads of personal data', () => {
  it('the live refresh of a participant is audited like the page', async () => {
    const fx = await writeProject(db);
    const user = await createTestUser(db, 'coordinator');
    const client = await loggedIn(app, user);
    const id = fx.ids[0]!;
    expect((await client.get(`/participants/${id}/live`, { 'hx-request': 'true' })).statusCode).toBe(200);
    const rows = await db.selectFrom('audit_log').select(['action', 'entity_id', 'details']).where('user_id', '=', user.id).where('action', '=', 'participant_viewed').execute();
    expect(rows).toEqual([{ action: 'participant_viewed', entity_id: id, details: { via: 'live' } }]);
  });
});

describe('refused attempts', () => {
  it('a 403, a CSRF failure and a 404 on a participant are audited, with the route pattern only', async () => {
    const worker = await createTestUser(db, 'social_worker');
    const client = await loggedIn(app, worker);
    expect((await client.get('/users')).statusCode).toBe(403);
    const probed = randomUUID();
    expect((await client.get(`/participants/${probed}?q=secret`)).statusCode).toBe(404);
    expect((await client.request({ method: 'POST', url: '/logout', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' })).statusCode).toBe(403);
    // Unknown URLs are not audited (scanners).
    expect((await client.get('/no-such-page')).statusCode).toBe(404);
    const rows = await db.selectFrom('audit_log').select(['action', 'entity_id', 'details', 'ip']).where('user_id', '=', worker.id).where('action', '=', 'access_refused').orderBy('seq').execute();
    const ip = client.address;
    expect(rows).toEqual([
      { action: 'access_refused', entity_id: null, ip, details: { status: 403, reason: 'forbidden', method: 'GET', route: '/users' } },
      { action: 'access_refused', entity_id: probed, ip, details: { status: 404, reason: 'not_found', method: 'GET', route: '/participants/:id' } },
      { action: 'access_refused', entity_id: null, ip, details: { status: 403, reason: 'csrf', method: 'POST', route: '/logout' } },
    ]);
  });
});

// API tokens from the outside: each expires (required, at most 365 days) and has a scope (a read-only
// token gets 403 on every write); a user mints tokens for themselves, an administrator also for a
// service account, never as another person, and never with a token; a password change or reset revokes
// them. Panel forms and the JSON API, over app.inject.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestUser, loggedIn, PanelClient, testApp, type TestUser } from '../helpers/app';

const { app, db } = await testApp({ worker: false });

const tokenOf = (html: string) => /<p class="token" id="new-token">(szk_[^<]+)<\/p>/.exec(html)?.[1];
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const me = async (token: string) => (await app.inject({ url: '/api/me', headers: bearer(token) })).statusCode;

async function ownToken(client: PanelClient, scope: 'read' | 'read-write' = 'read-write', days = '30') {
  await client.get('/tokens');
  const res = await client.post('/tokens', { name: `t-${randomUUID().slice(0, 6)}`, expiresInDays: days, scope });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return tokenOf(res.body)!;
}

async function refusals(user: TestUser) {
  return db.selectFrom('audit_log').select(['details']).where('action', '=', 'access_refused').where('user_id', '=', user.id).execute();
}

describe('API tokens', () => {
  it('a user creates a token for themselves, shown once, with its expiry and scope, and revokes it', async () => {
    const worker = await createTestUser(db, 'social_worker');
    const client = await loggedIn(app, worker);
    const token = await ownToken(client, 'read-write', '30');
    expect(await me(token)).toBe(200);
    const page = await client.get('/tokens');
    expect(page.body).not.toContain(token);
    expect(page.body).toContain('odczyt i zmiany');
    // The listed expiry is 30 days ahead, as dd.mm.rrrr.
    const listed = (await app.inject({ url: '/api/tokens', headers: bearer(token) })).json() as Array<{ id: string; userId: string; expiresAt: string; scope: string }>;
    expect(listed.every((t) => t.userId === worker.id)).toBe(true);
    const days = (new Date(listed[0]!.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const [d, m, y] = new Date(listed[0]!.expiresAt).toLocaleDateString('pl-PL', { timeZone: 'Europe/Warsaw', day: '2-digit', month: '2-digit', year: 'numeric' }).split('.');
    expect(page.body).toContain(`${d}.${m}.${y}`);
    expect((await client.post(`/tokens/${listed[0]!.id}/revoke`, {})).statusCode).toBe(303);
    expect(await me(token)).toBe(401);
  });

  it('requires an expiry of 1 to 365 days and a known scope', async () => {
    const client = await loggedIn(app, await createTestUser(db, 'coordinator'));
    await client.get('/tokens');
    for (const form of [{ name: 'x', scope: 'read', expiresInDays: '' }, { name: 'x', scope: 'read', expiresInDays: '0' }, { name: 'x', scope: 'read', expiresInDays: '366' }, { name: 'x', scope: 'admin', expiresInDays: '5' }]) {
      const res = await client.post('/tokens', form);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('aria-invalid="true"');
      expect(tokenOf(res.body)).toBeUndefined();
    }
    const api = await app.inject({ method: 'POST', url: '/api/tokens', headers: bearer(await ownToken(client)), payload: { name: 'x', scope: 'read', expiresInDays: 400 } });
    expect(api.statusCode).toBe(400);
  });

  it('a read-only token reads, and every write is refused with 403 (audited)', async () => {
    const worker = await createTestUser(db, 'social_worker');
    const token = await ownToken(await loggedIn(app, worker), 'read');
    expect(await me(token)).toBe(200);
    expect((await app.inject({ url: '/api/participants', headers: bearer(token) })).statusCode).toBe(200);
    for (const [method, url] of [['POST', '/api/applications'], ['POST', '/api/tokens'], ['POST', `/api/tokens/${randomUUID()}/revoke`], ['POST', '/api/logout']] as const) {
      const res = await app.inject({ method, url, headers: bearer(token), payload: {} });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json()).toMatchObject({ error: 'forbidden', message: 'this API token is read-only' });
    }
    expect((await refusals(worker)).length).toBeGreaterThanOrEqual(4);
  });

  it('a token cannot mint tokens, and a user cannot touch anyone else’s', async () => {
    const a = await createTestUser(db, 'coordinator');
    const b = await createTestUser(db, 'coordinator');
    const tokenA = await ownToken(await loggedIn(app, a));
    const tokenB = await ownToken(await loggedIn(app, b));
    const mint = await app.inject({ method: 'POST', url: '/api/tokens', headers: bearer(tokenA), payload: { name: 'successor', scope: 'read-write', expiresInDays: 365 } });
    expect(mint.statusCode).toBe(403);
    const idB = ((await app.inject({ url: '/api/tokens', headers: bearer(tokenB) })).json() as Array<{ id: string }>)[0]!.id;
    const listedA = (await app.inject({ url: '/api/tokens', headers: bearer(tokenA) })).json() as Array<{ id: string }>;
    expect(listedA.map((t) => t.id)).not.toContain(idB);
    expect((await app.inject({ method: 'POST', url: `/api/tokens/${idB}/revoke`, headers: bearer(tokenA) })).statusCode).toBe(404);
    expect(await me(tokenB)).toBe(200);
  });

  it('an administrator mints tokens for a service account, which cannot log in, but not as another person', async () => {
    const adminUser = await createTestUser(db, 'admin');
    const admin = await loggedIn(app, adminUser);
    await admin.get('/users');
    const email = `lsi-${randomUUID().slice(0, 8)}@test.sciezka`;
    const created = await admin.post('/users', { name: 'System LSI', email, role: 'auditor', serviceAccount: 'on' });
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain('konto usługowe');
    const service = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    // No password login (whatever password one tries).
    expect((await new PanelClient(app).login({ email, password: 'x'.repeat(12) })).statusCode).toBe(401);

    await admin.get('/tokens');
    const res = await admin.post('/tokens', { userId: service.id, name: 'LSI', expiresInDays: '365', scope: 'read' });
    const token = tokenOf(res.body)!;
    const who = await app.inject({ url: '/api/me', headers: bearer(token) });
    expect(who.json()).toMatchObject({ id: service.id, role: 'auditor' });
    expect((await admin.get('/tokens')).body).toContain(email);

    // Another person: refused (403, audited), no token made.
    const person = await createTestUser(db, 'director');
    const forged = await admin.post('/tokens', { userId: person.id, name: 'as them', expiresInDays: '30', scope: 'read-write' });
    expect(forged.statusCode).toBe(403);
    expect(tokenOf(forged.body)).toBeUndefined();
    expect(await refusals(adminUser)).toContainEqual({ details: expect.objectContaining({ method: 'POST', route: '/tokens', status: 403 }) });
    // Nor may a coordinator mint for the service account.
    const coordinator = await loggedIn(app, await createTestUser(db, 'coordinator'));
    await coordinator.get('/tokens');
    expect((await coordinator.post('/tokens', { userId: service.id, name: 'x', expiresInDays: '30', scope: 'read' })).statusCode).toBe(403);
  });

  it('expired tokens are refused', async () => {
    const user = await createTestUser(db, 'auditor');
    const token = await ownToken(await loggedIn(app, user), 'read', '1');
    expect(await me(token)).toBe(200);
    // A day later (the clock moved on: the row's expiry is put in the past).
    await db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', user.id).execute();
    const res = await app.inject({ url: '/api/me', headers: bearer(token) });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ message: 'invalid, expired or revoked API token' });
  });

  it('a password change or reset revokes the user’s tokens', async () => {
    const user = await createTestUser(db, 'commission');
    const client = await loggedIn(app, user);
    const first = await ownToken(client);
    await client.get('/password');
    const changed = await client.post('/password', { currentPassword: user.password, newPassword: 'Nowe-Haslo-2026!', repeatPassword: 'Nowe-Haslo-2026!' });
    expect(changed.statusCode).toBeLessThan(400);
    expect(await me(first)).toBe(401);

    const second = await ownToken(client);
    expect(await me(second)).toBe(200);
    const admin = await loggedIn(app, await createTestUser(db, 'admin'));
    await admin.get('/users');
    expect((await admin.post(`/users/${user.id}/password`, { password: 'tymczasowe-22' })).statusCode).toBe(303);
    expect(await me(second)).toBe(401);
  });
});

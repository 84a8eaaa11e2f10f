// Login, CSRF, session fixation, logout, forced password change, rate limiting, roles, error pages.
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE, buildApp } from '../../server/app';
import { createTestUser, loggedIn, PanelClient, testApp, testConfig } from '../helpers/app';
import { openDatabase } from '../../db/connect';

const { app, db, env } = await testApp({ worker: false, loginRateLimit: { max: 5, timeWindow: 60_000 } });

describe('panel authentication', () => {
  it('serves the login page with security headers and a CSRF meta tag, no inline scripts', async () => {
    const client = new PanelClient(app);
    const res = await client.get('/login');
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(client.csrf.length).toBeGreaterThan(10);
    expect(res.body).toContain('<label for="f-email">');
    expect(res.body).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*src=)[^>]*>/);
    expect(res.body).not.toMatch(/ style=/);
  });

  it('redirects to login when not logged in, and keeps the wanted page', async () => {
    const res = await app.inject({ url: '/users' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fusers');
    const htmx = await app.inject({ url: '/users', headers: { 'hx-request': 'true' } });
    expect(htmx.headers['hx-redirect']).toBe('/login?next=%2Fusers');
  });

  it('rejects a form without the CSRF token', async () => {
    const user = await createTestUser(db, 'coordinator');
    const client = new PanelClient(app);
    await client.get('/login');
    const res = await client.request({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: user.email, password: user.password }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Formularz wygasł');
    const forged = await client.post('/login', { email: user.email, password: user.password, _csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
  });

  it('logs in with a new session id (no fixation), and logout destroys the session', async () => {
    const user = await createTestUser(db, 'coordinator');
    const client = new PanelClient(app);
    await client.get('/login');
    const before = client.cookies[SESSION_COOKIE];
    expect(before).toBeDefined();
    const res = await client.post('/login', { email: user.email, password: user.password, next: '/users' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/users');
    const after = client.cookies[SESSION_COOKIE];
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');

    // The planted (pre-login) id does not carry the login.
    const planted = await app.inject({ url: '/', cookies: { [SESSION_COOKIE]: before! } });
    expect(planted.statusCode).toBe(303);

    const today = await client.get('/');
    expect(today.statusCode).toBe(200);
    expect(today.body).toContain('Dziś');
    expect(await db.selectFrom('sessions').where('user_id', '=', user.id).select('id_hash').execute()).toHaveLength(1);

    const out = await client.post('/logout', {});
    expect(out.statusCode).toBe(303);
    expect(await db.selectFrom('sessions').where('user_id', '=', user.id).select('id_hash').execute()).toHaveLength(0);
    const again = await app.inject({ url: '/', cookies: { [SESSION_COOKIE]: after! } });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toContain('/login');
  });

  it('does not follow an external next after login', async () => {
    const user = await createTestUser(db, 'auditor');
    const client = new PanelClient(app);
    await client.get('/login');
    const res = await client.post('/login', { email: user.email, password: user.password, next: '//evil.example/x' });
    expect(res.headers.location).toBe('/');
  });

  it('shows the same message for an unknown e-mail and a wrong password', async () => {
    const user = await createTestUser(db, 'director');
    const a = await new PanelClient(app).login({ email: user.email, password: 'wrong-password' });
    const b = await new PanelClient(app).login({ email: 'nobody@test.sciezka', password: 'wrong-password' });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.body).toContain('Nieprawidłowy e-mail lub hasło.');
    expect(b.body).toContain('Nieprawidłowy e-mail lub hasło.');
  });

  it('rate-limits login attempts per address and account', async () => {
    const user = await createTestUser(db, 'commission');
    const client = new PanelClient(app);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await client.login({ email: user.email, password: `wrong-${i}` })).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes[5]).toBe(429);
    // Even the right password waits now.
    expect((await client.login(user)).statusCode).toBe(429);
    // Another account from the same address is not locked out.
    const other = await createTestUser(db, 'commission');
    expect((await new PanelClient(app).login(other)).statusCode).toBe(303);
  });

  it('forces a password change when the password is a default one', async () => {
    const user = await createTestUser(db, 'admin', { mustChangePassword: true });
    const client = new PanelClient(app);
    const res = await client.login(user);
    expect(res.headers.location).toBe('/password');
    const blocked = await client.get('/users');
    expect(blocked.statusCode).toBe(303);
    expect(blocked.headers.location).toBe('/password');
    const page = await client.get('/password');
    expect(page.body).toContain('ustaw własne hasło');

    const short = await client.post('/password', { currentPassword: user.password, newPassword: 'short', repeatPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('co najmniej 10 znaków');
    const wrong = await client.post('/password', { currentPassword: 'not-it-at-all', newPassword: 'a-new-password-1', repeatPassword: 'a-new-password-1' });
    expect(wrong.body).toContain('Obecne hasło jest nieprawidłowe.');
    const mismatch = await client.post('/password', { currentPassword: user.password, newPassword: 'a-new-password-1', repeatPassword: 'a-new-password-2' });
    expect(mismatch.body).toContain('Hasła nie są takie same.');

    const ok = await client.post('/password', { currentPassword: user.password, newPassword: 'a-new-password-1', repeatPassword: 'a-new-password-1' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Hasło zostało zmienione.');
    const row = await db.selectFrom('users').select('must_change_password').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.must_change_password).toBe(false);
    expect((await client.get('/users')).statusCode).toBe(200);
    expect((await new PanelClient(app).login({ email: user.email, password: 'a-new-password-1' })).statusCode).toBe(303);
  });

  it('audits logins, failed logins and logouts', async () => {
    const user = await createTestUser(db, 'auditor');
    await new PanelClient(app).login({ email: user.email, password: 'nope-nope-nope' });
    const client = await loggedIn(app, user);
    await client.post('/logout', {});
    const actions = (await db.selectFrom('audit_log').select(['action', 'ip']).where('user_id', '=', user.id).orderBy('id').execute()).map((r) => r.action);
    expect(actions).toEqual(['login_failed', 'login', 'logout']);
  });

  it('switches the language, per user', async () => {
    const user = await createTestUser(db, 'auditor');
    const client = await loggedIn(app, user);
    const res = await client.post('/locale', { locale: 'en', back: '/password' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/password');
    const today = await client.get('/');
    expect(today.body).toContain('<html lang="en">');
    expect(today.body).toContain('What needs me now');
    expect((await db.selectFrom('users').select('locale').where('id', '=', user.id).executeTakeFirstOrThrow()).locale).toBe('en');
    const bad = await client.post('/locale', { locale: 'de' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('roles in the panel', () => {
  it('shows each role only the menu entries it may use, and refuses the rest', async () => {
    const admin = await loggedIn(app, await createTestUser(db, 'admin'));
    const worker = await loggedIn(app, await createTestUser(db, 'social_worker'));
    const adminHome = await admin.get('/');
    expect(adminHome.body).toContain('href="/users"');
    expect(adminHome.body).toContain('href="/operations"');
    const workerHome = await worker.get('/');
    expect(workerHome.body).not.toContain('href="/users"');
    expect(workerHome.body).not.toContain('href="/operations"');
    expect(workerHome.body).not.toContain('href="/audit"');
    const denied = await worker.get('/users');
    expect(denied.statusCode).toBe(403);
    expect(denied.body).toContain('Nie masz uprawnień');
    const deniedPost = await worker.post('/users', { name: 'X', email: 'x@test.sciezka', role: 'admin', password: 'abcdefghijkl' });
    expect(deniedPost.statusCode).toBe(403);
    expect(await db.selectFrom('users').select('id').where('email', '=', 'x@test.sciezka').executeTakeFirst()).toBeUndefined();
  });

  it('answers htmx requests with a fragment retargeted to the flash area', async () => {
    const worker = await loggedIn(app, await createTestUser(db, 'social_worker'));
    const res = await worker.get('/users', { 'hx-request': 'true' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['hx-retarget']).toBe('#flash');
    expect(res.headers['hx-reswap']).toBe('innerHTML');
    expect(res.body).not.toContain('<html');
    const page = await worker.get('/', { 'hx-request': 'true' });
    expect(page.body).not.toContain('<html');
    expect(String(page.headers.vary)).toContain('HX-Request');
  });

  it('answers an unknown page with a 404 page', async () => {
    const res = await app.inject({ url: '/no-such-page' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Nie znaleziono.');
  });
});

describe('database down', () => {
  it('shows "Baza danych niedostępna" instead of a stack trace', async () => {
    const handle = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', dataDir: '' });
    const down = await buildApp({ config: testConfig({ SESSION_SECRET: 'x'.repeat(40) }), db: handle.db, temporal: env.client, temporalUiUrl: undefined });
    try {
      const res = await down.inject({ url: '/', cookies: { [SESSION_COOKIE]: 'whatever.sig' } });
      // An unsigned cookie is simply ignored: not logged in.
      expect(res.statusCode).toBe(303);
      const login = await down.inject({ url: '/login' });
      expect(login.statusCode).toBe(503);
      expect(login.body).toContain('Baza danych niedostępna');
      expect(login.body).not.toContain('ECONNREFUSED');
      const api = await down.inject({ method: 'POST', url: '/api/login', payload: { email: 'a@b.c', password: 'x' } });
      expect(api.statusCode).toBe(503);
      expect(api.json()).toMatchObject({ message: 'database unavailable' });
    } finally {
      await down.close();
      await handle.close();
    }
  });
});

// API authentication: login (session + CSRF token), Bearer tokens (panel and CLI), OpenAPI document.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it, inject } from 'vitest';
import { SESSION_COOKIE } from '../../server/app';
import { createTestUser, mergeCookies, testApp, tokenFor } from '../helpers/app';

const { app, db } = await testApp({ worker: false, loginRateLimit: { max: 3, timeWindow: 60_000 } });

describe('API authentication', () => {
  it('login starts a session and returns a CSRF token for later writes', async () => {
    const user = await createTestUser(db, 'coordinator');
    const res = await app.inject({ method: 'POST', url: '/api/login', payload: { email: user.email, password: user.password } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({ id: user.id, email: user.email, name: user.name, role: 'coordinator', mustChangePassword: false });
    expect(body.csrfToken).toMatch(/.{10,}/);
    const cookies = mergeCookies({}, res);
    expect(cookies[SESSION_COOKIE]).toBeDefined();
    const me = await app.inject({ url: '/api/me', cookies });
    expect(me.json()).toMatchObject({ id: user.id, role: 'coordinator' });

    // A cookie-authenticated write without the token is refused; with it, accepted.
    const noToken = await app.inject({ method: 'POST', url: '/api/logout', cookies });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json()).toMatchObject({ error: 'forbidden', message: 'missing or invalid CSRF token' });
    const out = await app.inject({ method: 'POST', url: '/api/logout', cookies, headers: { 'x-csrf-token': body.csrfToken } });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ url: '/api/me', cookies })).statusCode).toBe(401);
  });

  it('answers bad credentials with 401, bad input with 400 and field errors, too many tries with 429', async () => {
    const user = await createTestUser(db, 'director');
    const wrong = await app.inject({ method: 'POST', url: '/api/login', payload: { email: user.email, password: 'wrong' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: 'unauthenticated', reason: 'unauthenticated', message: 'wrong e-mail or password', fields: [] });
    const invalid = await app.inject({ method: 'POST', url: '/api/login', payload: { email: 42 } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().fields.map((f: { field: string }) => f.field).sort()).toEqual(['email', 'password']);
    const notJson = await app.inject({ method: 'POST', url: '/api/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(notJson.statusCode).toBe(400);
    // Schema-invalid requests never reach the limiter; these two count with the first.
    for (let i = 0; i < 2; i++) {
      expect((await app.inject({ method: 'POST', url: '/api/login', payload: { email: user.email, password: 'wrong' } })).statusCode).toBe(401);
    }
    const limited = await app.inject({ method: 'POST', url: '/api/login', payload: { email: user.email, password: user.password } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toBe('rate_limited');
  });

  it('accepts a Bearer token without CSRF, refuses an unknown or revoked one', async () => {
    const user = await createTestUser(db, 'auditor');
    const token = await tokenFor(db, user);
    const me = await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(user.id);
    const stored = await db.selectFrom('api_tokens').select('token_hash').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(4, 20));
    const bad = await app.inject({ url: '/api/me', headers: { authorization: 'Bearer szk_nope' } });
    expect(bad.statusCode).toBe(401);
    await db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('user_id', '=', user.id).execute();
    expect((await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it('creates a token from the command line', async () => {
    const user = await createTestUser(db, 'coordinator');
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/cli.ts', 'token', 'create', '--email', user.email, '--name', 'ci'], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
    });
    const token = stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^szk_/);
    const me = await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().email).toBe(user.email);
    const bad = await promisify(execFile)('npx', ['tsx', 'scripts/cli.ts', 'token', 'create', '--email', 'nobody@x.y'], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toContain('no user with the e-mail');
  });

  it('publishes the OpenAPI document and the Swagger UI', async () => {
    const doc = await app.inject({ url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const spec = doc.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.paths['/api/login'].post.operationId).toBe('login');
    expect(spec.paths['/api/login'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('email');
    const ui = await app.inject({ url: '/api/docs/' });
    expect([200, 302]).toContain(ui.statusCode);
  });
});

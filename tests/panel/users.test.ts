// Users page (administrator): create, duplicate e-mail, deactivate (sessions end), temporary password, API tokens; audit page.
import { describe, expect, it } from 'vitest';
import { createTestUser, loggedIn, PanelClient, testApp } from '../helpers/app';

const { app, db } = await testApp({ worker: false });

describe('Users page', () => {
  it('creates a user who must change the temporary password, and refuses a duplicate e-mail inline', async () => {
    const admin = await loggedIn(app, await createTestUser(db, 'admin'));
    const email = `nowy-${Date.now()}@test.sciezka`;
    const res = await admin.post('/users', { name: 'Anna Nowak', email, role: 'social_worker', password: 'tymczasowe-1' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Dodano użytkownika.');
    expect(res.body).toContain('Anna Nowak');
    const dup = await admin.post('/users', { name: 'Anna Druga', email, role: 'social_worker', password: 'tymczasowe-1' });
    expect(dup.statusCode).toBe(409);
    expect(dup.body).toContain('Ten e-mail jest już używany.');
    expect(dup.body).toContain('value="Anna Druga"');
    const invalid = await admin.post('/users', { name: '', email: 'not-an-email', role: 'king', password: 'x' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('aria-invalid="true"');

    const newcomer = new PanelClient(app);
    expect((await newcomer.login({ email, password: 'tymczasowe-1' })).headers.location).toBe('/password');
    const entry = await db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'user_created').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry.details).toEqual({ role: 'social_worker' });
  });

  it('deactivating a user ends their sessions; a temporary password forces a change', async () => {
    const adminUser = await createTestUser(db, 'admin');
    const admin = await loggedIn(app, adminUser);
    const target = await createTestUser(db, 'commission');
    const theirs = await loggedIn(app, target);
    expect((await theirs.get('/')).statusCode).toBe(200);
    expect((await admin.post(`/users/${target.id}/active`, { active: 'false' })).statusCode).toBe(303);
    expect((await theirs.get('/')).statusCode).toBe(303);
    expect((await new PanelClient(app).login(target)).statusCode).toBe(401);
    await admin.post(`/users/${target.id}/active`, { active: 'true' });
    expect((await admin.post(`/users/${target.id}/password`, { password: 'nowe-tymczasowe' })).statusCode).toBe(303);
    expect((await new PanelClient(app).login({ email: target.email, password: 'nowe-tymczasowe' })).headers.location).toBe('/password');
    const self = await admin.post(`/users/${adminUser.id}/active`, { active: 'false' });
    expect(self.statusCode).toBe(409);
  });

  it('creates an API token shown once, which works until revoked', async () => {
    const admin = await loggedIn(app, await createTestUser(db, 'admin'));
    const user = await createTestUser(db, 'auditor');
    const res = await admin.post('/tokens', { userId: user.id, name: 'system LSI' });
    const token = /<p class="token" id="new-token">(szk_[^<]+)<\/p>/.exec(res.body)?.[1];
    expect(token).toBeDefined();
    expect((await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    const page = await admin.get('/users');
    expect(page.body).not.toContain(token!);
    const id = (await db.selectFrom('api_tokens').select('id').where('user_id', '=', user.id).executeTakeFirstOrThrow()).id;
    expect((await admin.post(`/tokens/${id}/revoke`, {})).statusCode).toBe(303);
    expect((await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it('escapes what users type (names are rendered as text)', async () => {
    const admin = await loggedIn(app, await createTestUser(db, 'admin'));
    const xss = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    await admin.post('/users', { name: xss, email: `xss-${Date.now()}@test.sciezka`, role: 'auditor', password: 'tymczasowe-1' });
    const page = await admin.get('/users');
    expect(page.body).not.toContain(xss);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('Audit page', () => {
  it('lets the auditor search the log, and nobody else but the administrator', async () => {
    const named = await createTestUser(db, 'auditor', { name: 'Barbara Audytorka' });
    const auditor = await loggedIn(app, named);
    const res = await auditor.get('/audit?action=login');
    expect(res.statusCode).toBe(200);
    // Readable: the action's label and the user the entry is about by name; the id only on hover.
    expect(res.body).toContain('<td>Logowanie</td>');
    expect(res.body).not.toContain('<td>Wylogowanie</td>');
    expect(res.body).toContain(`<td title="Identyfikator: ${named.id}">użytkownik: Barbara Audytorka</td>`);
    expect(res.body).toMatch(/<option value="login"[^>]*>Logowanie<\/option>/);
    const text = res.body.replace(/<[^>]*>/g, ' ');
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(text).not.toMatch(/\blogin\b/);
    const bad = await auditor.get('/audit?from=2026-13-45');
    expect(bad.statusCode).toBe(400);
    const coordinator = await loggedIn(app, await createTestUser(db, 'coordinator'));
    expect((await coordinator.get('/audit')).statusCode).toBe(403);
  });

  it('keeps the audit log append-only', async () => {
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });
});

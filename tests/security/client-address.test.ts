// The client's address (the audit log's "from where", the login rate limit's key) comes from the socket
// unless TRUST_PROXY names the proxies: a forged X-Forwarded-For neither resets the limit nor forges the audit.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config';
import { createTestUser, PanelClient, testApp } from '../helpers/app';

const { app, db } = await testApp({ worker: false, loginRateLimit: { max: 3, timeWindow: 60_000 } });

describe('client address', () => {
  it('ignores X-Forwarded-For from clients: the login rate limit holds and the audit keeps the real address', async () => {
    const user = await createTestUser(db, 'coordinator');
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const client = new PanelClient(app);
      await client.get('/login');
      const res = await client.post('/login', { email: user.email, password: `wrong-${i}` }, { 'x-forwarded-for': `203.0.113.${i}` });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429, 429]);
    // The lock is the account's (server/login-throttle.ts), through the API too.
    const api = await app.inject({ method: 'POST', url: '/api/login', headers: { 'x-forwarded-for': '198.51.100.7' }, payload: { email: user.email, password: 'wrong' } });
    expect(api.statusCode).toBe(429);
    const ips = await db.selectFrom('audit_log').select('ip').where('user_id', '=', user.id).where('action', '=', 'login_failed').execute();
    expect(ips.length).toBeGreaterThanOrEqual(3);
    for (const { ip } of ips) expect(ip).toBe('127.0.0.1');
  });

  it('trusts a proxy only when TRUST_PROXY says so', () => {
    const base = { DATABASE_URL: 'postgres://x' };
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.2,10.0.0.3' }).trustProxy).toBe('10.0.0.2,10.0.0.3');
  });
});

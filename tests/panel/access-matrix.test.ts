// The access matrix: every panel and API route times every role (and nobody), against the one
// permission table. A denied role gets 403 (and the handler never runs); an allowed one never 403 or 5xx.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { can } from '../../domain/permissions';
import { ROLES, type Role } from '../../domain/types';
import { createTestUser, loggedIn, type PanelClient, testApp } from '../helpers/app';

const { app, db } = await testApp({ worker: false });
const routes = app.routeAccess.filter((r) => r.access !== 'public');

const clients = new Map<Role, PanelClient>();
for (const role of ROLES) clients.set(role, await loggedIn(app, await createTestUser(db, role)));

const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, randomUUID());

describe('access matrix', () => {
  it('knows every route and declares access for each', () => {
    const urls = app.routeAccess.map((r) => `${r.method} ${r.url}`);
    for (const expected of [
      'GET /', 'GET /users', 'POST /users', 'GET /operations', 'POST /operations/retry', 'GET /audit', 'POST /api/login', 'GET /api/me',
      'GET /indicators', 'GET /projects/:id/indicators', 'GET /projects/:id/monitoring.csv', 'GET /projects/:id/monitoring.xlsx', 'GET /projects/:id/attendance-list.pdf',
      'GET /letters', 'GET /letters/:id/pdf', 'POST /letters/:id/sent',
      'GET /api/projects/:id/indicators', 'GET /api/projects/:id/monitoring', 'GET /api/projects/:id/attendance-list',
      'GET /api/letters', 'GET /api/letters/:id/pdf', 'POST /api/letters/:id/sent',
    ]) {
      expect(urls).toContain(expected);
    }
    expect(routes.length).toBeGreaterThan(8);
    // Each reporting and letters route is guarded by its own operation of the permission table.
    const opOf = (method: string, url: string) => app.routeAccess.find((r) => r.method === method && r.url === url)?.op;
    expect(opOf('GET', '/projects/:id/indicators')).toBe('getIndicators');
    expect(opOf('GET', '/api/projects/:id/indicators')).toBe('getIndicators');
    expect(opOf('GET', '/projects/:id/monitoring.xlsx')).toBe('exportMonitoring');
    expect(opOf('GET', '/api/projects/:id/attendance-list')).toBe('exportAttendanceList');
    expect(opOf('GET', '/letters')).toBe('listLetters');
    expect(opOf('GET', '/api/letters/:id/pdf')).toBe('getLetterPdf');
    expect(opOf('POST', '/letters/:id/sent')).toBe('markLetterSent');
    expect(opOf('POST', '/api/letters/:id/sent')).toBe('markLetterSent');
  });

  it('sends nobody without a session anywhere but public routes', async () => {
    for (const r of routes) {
      const res = await app.inject({ method: r.method as 'GET', url: concrete(r.url) });
      if (r.url.startsWith('/api/')) expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      else if (r.method === 'GET') expect(res.statusCode, `${r.method} ${r.url}`).toBe(303);
      // A write without a session has no CSRF secret: refused before anything else.
      else expect([303, 403], `${r.method} ${r.url}`).toContain(res.statusCode);
    }
  });

  for (const role of ROLES) {
    it(`gives the ${role} exactly what the permission table says`, async () => {
      const client = clients.get(role)!;
      for (const r of routes) {
        const label = `${role}: ${r.method} ${r.url}`;
        const isApi = r.url.startsWith('/api/');
        const res = await client.request({
          method: r.method as 'GET',
          url: concrete(r.url),
          headers: { 'x-csrf-token': client.csrf, ...(isApi && r.method !== 'GET' ? { 'content-type': 'application/json' } : {}) },
          ...(r.method !== 'GET' ? { payload: isApi ? '{}' : '' } : {}),
        });
        const allowed = r.op === null || can(role, r.op);
        if (allowed) {
          expect(res.statusCode, label).not.toBe(403);
          expect(res.statusCode, label).toBeLessThan(500);
        } else {
          expect(res.statusCode, label).toBe(403);
        }
      }
    });
  }
});

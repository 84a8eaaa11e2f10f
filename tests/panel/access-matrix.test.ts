// The access matrix: every panel and API route times every role (and nobody). The expected answers are
// written out here, not read from domain/permissions.ts, so that a wrong entry in the permission table
// fails this test. A 403 is a refusal by the role (the handler never runs); any other answer is what an
// allowed role gets for a request with unknown ids and an empty body (404, 400, …), never a 5xx.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../domain/types';
import { createTestUser, loggedIn, type PanelClient, testApp } from '../helpers/app';
import { createProject } from '../helpers/journeys';

const { app, db } = await testApp({ worker: false });
const routes = app.routeAccess.filter((r) => r.access !== 'public');
// With a project, the recruitment entry page redirects to it (303) whatever other suites created.
await createProject(db);

const clients = new Map<Role, PanelClient>();
for (const role of ROLES) clients.set(role, await loggedIn(app, await createTestUser(db, role)));

const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, randomUUID());

/** The columns of EXPECTED. */
const COLUMNS = ['admin', 'coordinator', 'social_worker', 'commission', 'director', 'auditor'] as const satisfies readonly Role[];

/** Per route, the status each role gets (columns as in COLUMNS). */
const EXPECTED: Array<[route: string, ...statuses: number[]]> = [
  ['GET /password', 200, 200, 200, 200, 200, 200],
  ['POST /password', 400, 400, 400, 400, 400, 400],
  ['GET /', 200, 200, 200, 200, 200, 200],
  ['GET /operations', 200, 200, 403, 403, 403, 403],
  ['POST /operations/retry', 400, 400, 403, 403, 403, 403],
  ['GET /audit', 200, 403, 403, 403, 403, 200],
  ['GET /users', 200, 403, 403, 403, 403, 403],
  ['POST /users', 400, 403, 403, 403, 403, 403],
  ['POST /users/:id/active', 404, 403, 403, 403, 403, 403],
  ['POST /users/:id/projects', 400, 403, 403, 403, 403, 403],
  ['POST /users/:id/password', 400, 403, 403, 403, 403, 403],
  ['GET /tokens', 200, 200, 200, 200, 200, 200],
  ['POST /tokens', 400, 400, 400, 400, 400, 400],
  ['POST /tokens/:id/revoke', 404, 404, 404, 404, 404, 404],
  ['GET /participants', 403, 200, 200, 200, 200, 200],
  ['POST /participants/filters', 403, 400, 400, 400, 400, 400],
  ['POST /participants/filters/:id/delete', 403, 303, 303, 303, 303, 303],
  ['POST /participants/bulk/preview', 403, 400, 403, 403, 403, 403],
  ['POST /participants/bulk/run', 403, 400, 403, 403, 403, 403],
  ['GET /participants/new', 403, 200, 200, 403, 403, 403],
  ['POST /participants/new', 403, 400, 400, 403, 403, 403],
  ['POST /participants/new/pesel-check', 403, 200, 200, 403, 403, 403],
  ['GET /participants/new/target-groups', 403, 200, 200, 403, 403, 403],
  ['GET /recruitment', 403, 303, 403, 303, 303, 303],
  ['GET /recruitment/:projectId', 403, 404, 403, 404, 404, 404],
  ['GET /recruitment/:projectId/sittings/:sittingId/protocol.pdf', 403, 404, 403, 404, 404, 404],
  ['POST /recruitment/:projectId/decide', 403, 403, 403, 404, 403, 403],
  ['POST /recruitment/:projectId/correct-decision', 403, 403, 403, 404, 403, 403],
  ['POST /recruitment/:projectId/close-sitting', 403, 403, 403, 404, 403, 403],
  ['POST /recruitment/:projectId/approve', 403, 403, 403, 403, 404, 403],
  ['GET /projects', 200, 200, 200, 200, 200, 200],
  ['POST /projects', 400, 400, 403, 403, 403, 403],
  ['GET /projects/:id', 404, 404, 404, 404, 404, 404],
  ['POST /projects/:id/config', 404, 404, 403, 403, 403, 403],
  ['GET /projects/:id/rules', 404, 404, 404, 404, 404, 404],
  ['POST /projects/:id/rules', 403, 403, 403, 403, 404, 403],
  ['GET /projects/:id/rules/migrate', 403, 403, 403, 403, 400, 403],
  ['POST /projects/:id/rules/migrate', 403, 403, 403, 403, 400, 403],
  ['GET /projects/:id/rules/migrations/:mid', 403, 403, 403, 403, 404, 403],
  ['GET /participants/:id', 403, 404, 404, 404, 404, 404],
  ['GET /participants/:id/live', 403, 404, 404, 404, 404, 404],
  ['POST /participants/:id/actions/screen', 403, 404, 404, 403, 403, 403],
  ['POST /participants/:id/actions/recordOriginal', 403, 404, 404, 403, 403, 403],
  ['POST /participants/:id/actions/signDocuments', 403, 404, 404, 403, 403, 403],
  ['POST /participants/:id/actions/planSupport', 403, 404, 404, 403, 403, 403],
  ['POST /participants/:id/actions/recordAttendance', 403, 404, 404, 403, 403, 403],
  ['POST /participants/:id/actions/justifyAbsence', 403, 404, 404, 403, 403, 403],
  ['POST /participants/:id/actions/correctAttendance', 403, 404, 404, 403, 403, 403],
  ['GET /sessions', 403, 200, 200, 403, 403, 403],
  ['GET /sessions/new', 403, 400, 400, 403, 403, 403],
  ['POST /sessions/new', 403, 400, 400, 403, 403, 403],
  ['GET /sessions/:id', 403, 404, 404, 403, 403, 403],
  ['GET /sessions/:id/edit', 403, 404, 404, 403, 403, 403],
  ['POST /sessions/:id/edit', 403, 404, 404, 403, 403, 403],
  ['POST /sessions/:id/attendance', 403, 404, 404, 403, 403, 403],
  ['GET /sessions/:id/sheet.pdf', 403, 404, 404, 403, 403, 403],
  ['POST /participants/:id/actions/recordJob', 403, 404, 404, 403, 403, 403],
  ['POST /participants/:id/actions/endParticipation', 403, 404, 404, 403, 403, 403],
  ['POST /participants/:id/actions/recordFollowUp', 403, 404, 404, 403, 403, 403],
  ['POST /participants/:id/actions/recordLetterSent', 403, 404, 404, 403, 403, 403],
  ['POST /participants/:id/correct', 403, 404, 404, 403, 403, 403],
  ['GET /tasks', 200, 200, 200, 200, 200, 200],
  ['POST /tasks/:id/done', 403, 404, 404, 404, 404, 403],
  ['POST /tasks/:id/snooze', 403, 400, 400, 400, 400, 403],
  ['POST /tasks/:id/dismiss', 403, 400, 400, 400, 400, 403],
  ['GET /participants/:id/isr', 403, 404, 404, 404, 404, 404],
  ['POST /participants/:id/isr', 403, 404, 404, 403, 403, 403],
  ['GET /participants/:id/isr.pdf', 403, 404, 404, 404, 404, 404],
  ['POST /participants/:id/actions/withdrawApplication', 403, 404, 404, 403, 403, 403],
  ['POST /participants/:id/actions/undoEnding', 403, 404, 403, 403, 403, 403],
  ['GET /outbox', 200, 200, 403, 403, 403, 403],
  ['GET /outbox/:id', 404, 404, 403, 403, 403, 403],
  ['POST /outbox/resolve', 400, 400, 403, 403, 403, 403],
  ['GET /participants/:id/export.json', 404, 404, 403, 403, 403, 403],
  ['POST /participants/:id/withdraw-image-consent', 403, 400, 400, 403, 403, 403],
  ['POST /participants/:id/erase', 403, 400, 403, 403, 403, 403],
  ['GET /indicators', 403, 200, 403, 403, 200, 200],
  ['GET /projects/:id/indicators', 403, 404, 403, 403, 404, 404],
  ['GET /projects/:id/indicators.pdf', 403, 404, 403, 403, 404, 404],
  ['GET /projects/:id/monitoring.csv', 403, 404, 403, 403, 404, 404],
  ['GET /projects/:id/monitoring.xlsx', 403, 404, 403, 403, 404, 404],
  ['GET /projects/:id/attendance-list.pdf', 403, 400, 400, 403, 400, 400],
  ['GET /letters', 403, 200, 200, 403, 403, 200],
  ['GET /letters/:id/pdf', 403, 404, 404, 403, 403, 404],
  ['POST /letters/:id/sent', 403, 400, 400, 403, 403, 403],
  ['POST /codec/decode', 400, 400, 403, 403, 403, 403],
  ['POST /codec/encode', 400, 400, 403, 403, 403, 403],
  ['GET /api/me', 200, 200, 200, 200, 200, 200],
  ['POST /api/projects', 400, 400, 403, 403, 403, 403],
  ['GET /api/projects', 200, 200, 200, 200, 200, 200],
  ['GET /api/projects/:id/rules', 404, 404, 404, 404, 404, 404],
  ['POST /api/projects/:id/rules', 403, 403, 403, 403, 400, 403],
  ['GET /api/projects/:id/rules/migration-preview', 403, 403, 403, 403, 400, 403],
  ['POST /api/projects/:id/rules/migrations', 403, 403, 403, 403, 400, 403],
  ['GET /api/projects/:id/rules/migrations/:migrationId', 403, 403, 403, 403, 404, 403],
  ['POST /api/applications', 403, 400, 400, 403, 403, 403],
  ['POST /api/applications/score', 403, 400, 400, 403, 403, 403],
  ['POST /api/applications/original', 403, 400, 400, 403, 403, 403],
  ['POST /api/applications/sign', 403, 400, 400, 403, 403, 403],
  ['POST /api/applications/plan', 403, 400, 400, 403, 403, 403],
  ['POST /api/applications/attendance', 403, 400, 400, 403, 403, 403],
  ['POST /api/applications/attendance-correction', 403, 400, 400, 403, 403, 403],
  ['GET /api/projects/:id/sessions', 403, 404, 404, 403, 403, 403],
  ['POST /api/projects/:id/sessions', 403, 400, 400, 403, 403, 403],
  ['PUT /api/sessions/:id', 403, 400, 400, 403, 403, 403],
  ['GET /api/sessions/:id', 403, 404, 404, 403, 403, 403],
  ['POST /api/sessions/:id/attendance', 403, 400, 400, 403, 403, 403],
  ['GET /api/sessions/:id/sheet.pdf', 403, 404, 404, 403, 403, 403],
  ['POST /api/applications/justify-absence', 403, 400, 400, 403, 403, 403],
  ['POST /api/applications/job', 403, 400, 400, 403, 403, 403],
  ['POST /api/applications/end', 403, 400, 400, 403, 403, 403],
  ['POST /api/applications/follow-up', 403, 400, 400, 403, 403, 403],
  ['POST /api/applications/letter-sent', 403, 400, 400, 403, 403, 403],
  ['POST /api/applications/withdraw', 403, 400, 400, 403, 403, 403],
  ['POST /api/applications/undo-end', 403, 400, 403, 403, 403, 403],
  ['POST /api/applications/correct', 403, 400, 400, 403, 403, 403],
  ['GET /api/projects/:id/sittings/:sittingId/protocol.pdf', 403, 404, 403, 404, 404, 404],
  ['GET /api/projects/:id/ranking', 403, 404, 403, 404, 404, 404],
  ['POST /api/applications/decide', 403, 403, 403, 400, 403, 403],
  ['POST /api/applications/correct-decision', 403, 403, 403, 400, 403, 403],
  ['POST /api/projects/close-sitting', 403, 403, 403, 400, 403, 403],
  ['POST /api/projects/approve-list', 403, 403, 403, 403, 400, 403],
  ['GET /api/participants/:id', 403, 404, 404, 404, 404, 404],
  ['POST /api/participants/bulk/preview', 403, 400, 403, 403, 403, 403],
  ['POST /api/participants/bulk/run', 403, 400, 403, 403, 403, 403],
  ['GET /api/participants', 403, 200, 200, 200, 200, 200],
  ['GET /api/participants/:id/export', 404, 404, 403, 403, 403, 403],
  ['POST /api/applications/withdraw-image-consent', 403, 400, 400, 403, 403, 403],
  ['POST /api/applications/erase', 403, 400, 403, 403, 403, 403],
  ['POST /api/projects/:id/anonymize', 404, 403, 403, 403, 403, 403],
  ['GET /api/projects/:id/indicators', 403, 404, 403, 403, 404, 404],
  ['GET /api/projects/:id/monitoring', 403, 404, 403, 403, 404, 404],
  ['GET /api/projects/:id/attendance-list', 403, 400, 400, 403, 400, 400],
  ['GET /api/tokens', 200, 200, 200, 200, 200, 200],
  ['POST /api/tokens', 400, 400, 400, 400, 400, 400],
  ['POST /api/tokens/:id/revoke', 404, 404, 404, 404, 404, 404],
  ['POST /api/codec/decode', 400, 400, 403, 403, 403, 403],
  ['POST /api/codec/encode', 400, 400, 403, 403, 403, 403],
  ['GET /api/letters', 403, 200, 200, 403, 403, 200],
  ['GET /api/letters/:id/pdf', 403, 404, 404, 403, 403, 404],
  ['POST /api/letters/:id/sent', 403, 400, 400, 403, 403, 403],
  ['GET /api/users', 200, 403, 403, 403, 403, 403],
  ['POST /api/users', 400, 403, 403, 403, 403, 403],
  ['POST /api/users/:id/active', 400, 403, 403, 403, 403, 403],
  ['POST /api/users/:id/password', 400, 403, 403, 403, 403, 403],
  ['GET /api/users/:id/projects', 404, 403, 403, 403, 403, 403],
  ['POST /api/users/:id/projects', 400, 403, 403, 403, 403, 403],
  ['GET /api/tasks', 200, 200, 200, 200, 200, 200],
  ['POST /api/tasks/:id/done', 403, 404, 404, 404, 404, 403],
  ['POST /api/tasks/:id/snooze', 403, 400, 400, 400, 400, 403],
  ['POST /api/tasks/:id/dismiss', 403, 400, 400, 400, 400, 403],
  ['GET /api/participants/:id/isr', 403, 404, 404, 404, 404, 404],
  ['GET /api/participants/:id/isr/pdf', 403, 404, 404, 404, 404, 404],
  ['POST /api/applications/isr', 403, 400, 400, 403, 403, 403],
];

const expected = new Map(EXPECTED.map(([route, ...statuses]) => [route, statuses]));

describe('access matrix', () => {
  it('states an answer for every route, and every route it states exists', () => {
    expect([...COLUMNS].sort()).toEqual([...ROLES].sort());
    const urls = routes.map((r) => `${r.method} ${r.url}`);
    expect(urls.filter((u) => !expected.has(u)), 'routes without expected answers').toEqual([]);
    expect([...expected.keys()].filter((u) => !urls.includes(u)), 'expected routes that do not exist').toEqual([]);
    for (const [route, ...statuses] of EXPECTED) expect(statuses, route).toHaveLength(COLUMNS.length);
    // Each reporting and letters route is guarded by its own operation.
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
      if (r.url.startsWith('/api/') || r.url.startsWith('/codec/')) expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      else if (r.method === 'GET') expect(res.statusCode, `${r.method} ${r.url}`).toBe(303);
      // A write without a session has no CSRF secret: refused before anything else.
      else expect([303, 403], `${r.method} ${r.url}`).toContain(res.statusCode);
    }
  });

  COLUMNS.forEach((role, column) => {
    it(`gives the ${role} the answers written out above`, async () => {
      const client = clients.get(role)!;
      const got: string[] = [];
      const want: string[] = [];
      for (const r of routes) {
        const route = `${r.method} ${r.url}`;
        const isApi = r.url.startsWith('/api/') || r.url.startsWith('/codec/');
        const res = await client.request({
          method: r.method as 'GET',
          url: concrete(r.url),
          headers: { 'x-csrf-token': client.csrf, ...(isApi && r.method !== 'GET' ? { 'content-type': 'application/json' } : {}) },
          ...(r.method !== 'GET' ? { payload: isApi ? '{}' : '' } : {}),
        });
        got.push(`${route} ${res.statusCode}`);
        want.push(`${route} ${expected.get(route)?.[column]}`);
      }
      expect(got).toEqual(want);
    });
  });
});

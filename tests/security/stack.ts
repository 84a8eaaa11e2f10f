// The real stack for the security tests (app, PostgreSQL, Temporal dev server, worker), API clients of
// every role, and a whole participant flow driven through the JSON API with chosen free-text values.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Role } from '../../domain/types';
import { todayInWarsaw } from '../../i18n/format';
import { apiCaller, createTestUser, testApp, tokenFor, type TestApp, type TestUser } from '../helpers/app';
import { testPesel, waitForStage } from '../helpers/journeys';
import { until } from '../helpers/wait';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of many shapes, asserted field by field
type Json = any;

export interface Stack extends TestApp {
  users: Record<Role, TestUser>;
  tokens: Record<Role, string>;
  call: (who: Role, method: 'GET' | 'POST', url: string, payload?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: Json }>;
}

export async function securityStack(opts: Parameters<typeof testApp>[0] = {}): Promise<Stack> {
  const t = await testApp(opts);
  const users = {} as Record<Role, TestUser>;
  const tokens = {} as Record<Role, string>;
  for (const role of ['admin', 'coordinator', 'social_worker', 'commission', 'director', 'auditor'] as const) {
    users[role] = await createTestUser(t.db, role);
    tokens[role] = await tokenFor(t.db, users[role]);
  }
  const api = apiCaller(t.app, tokens);
  const call: Stack['call'] = async (...args) => {
    const res = await api(...args);
    return { status: res.statusCode, body: res.body ? res.json() : undefined };
  };
  return { ...t, users, tokens, call };
}


export interface FlowTexts {
  projectName: string;
  criterionLabel: string;
  firstName: string;
  lastName: string;
  opinion: string;
  reason: string;
  member: string;
  note: string;
}

export const PLAIN_TEXTS: FlowTexts = {
  projectName: 'Aktywni Razem',
  criterionLabel: 'Opinia pracownika socjalnego',
  firstName: 'Zofia',
  lastName: 'Łękawska',
  opinion: 'Rekomenduję udział.',
  reason: 'Nie spełnia kryteriów.',
  member: 'Anna Nowak',
  note: 'Umowa o pracę.',
};

export interface Flow {
  projectId: string;
  /** Went the whole way: decided, signed (with the image consent), supported, ended, follow-up 1. */
  participantId: string;
  /** Rejected by the commission, with the reason. */
  rejectedId: string;
  pesel: string;
}

/** One project, two applications, the whole journey through the API as the roles do it. */
export async function runFlow(s: Stack, x: FlowTexts = PLAIN_TEXTS, project: Record<string, unknown> = {}): Promise<Flow> {
  const today = todayInWarsaw();
  const ok = (r: { status: number; body: unknown }, what: string) => expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  const created = await s.call('coordinator', 'POST', '/api/projects', {
    code: `SEC-${randomUUID().slice(0, 8)}`,
    name: x.projectName,
    startsOn: '2022-01-03',
    endsOn: '2030-06-30',
    places: 2,
    criteria: [{ code: 'opinion', label: x.criterionLabel, maxPoints: 10 }],
    ...project,
  });
  ok(created, 'createProject');
  const projectId = created.body.id as string;
  const pesel = testPesel();
  const apply = async (p: string) => {
    const r = await s.call('social_worker', 'POST', '/api/applications', { projectId, firstName: x.firstName, lastName: x.lastName, pesel: p, sex: 'K', disability: true, channel: 'in_person' });
    ok(r, 'submitApplication');
    return r.body.id as string;
  };
  const participantId = await apply(pesel);
  const rejectedId = await apply(testPesel());
  for (const id of [participantId, rejectedId]) {
    await waitForStage(s.db, id, 'applied');
    ok(await s.call('social_worker', 'POST', '/api/applications/score', { applicationId: id, scores: [{ code: 'opinion', points: 7 }], opinion: x.opinion }), 'score');
  }
  await until(async () => {
    const r = await s.call('commission', 'GET', `/api/projects/${projectId}/ranking`);
    return r.body.candidates?.length === 2 ? r : undefined;
  }, 'both candidates ranked');
  ok(await s.call('commission', 'POST', '/api/applications/decide', { applicationId: participantId, decision: 'qualified' }), 'decide');
  ok(await s.call('commission', 'POST', '/api/applications/decide', { applicationId: rejectedId, decision: 'rejected', reason: x.reason }), 'reject');
  ok(await s.call('commission', 'POST', '/api/projects/close-sitting', { projectId, members: [x.member, 'Jan Kowalski'], date: today }), 'closeSitting');
  ok(await s.call('director', 'POST', '/api/projects/approve-list', { projectId }), 'approveList');
  await waitForStage(s.db, participantId, 'joining');
  ok(await s.call('social_worker', 'POST', '/api/applications/sign', { applicationId: participantId, signedOn: today, documents: ['declaration', 'contract', 'data_statement', 'image_consent'] }), 'sign');
  await waitForStage(s.db, participantId, 'support');
  ok(await s.call('social_worker', 'POST', '/api/applications/plan', { applicationId: participantId, items: [{ formCode: 'support_group', hours: 40 }] }), 'plan');
  ok(await s.call('social_worker', 'POST', '/api/applications/attendance', { applicationId: participantId, sessionOn: today, formCode: 'support_group', plannedHours: 4, attendedHours: 4 }), 'attendance');
  ok(await s.call('social_worker', 'POST', '/api/applications/job', { applicationId: participantId, foundOn: today, note: x.note }), 'job');
  ok(await s.call('social_worker', 'POST', '/api/applications/end', { applicationId: participantId, endedOn: today, reason: 'completed', note: x.note }), 'end');
  ok(
    await s.call('coordinator', 'POST', '/api/applications/follow-up', { applicationId: participantId, number: 1, recordedOn: today, data: { qualificationObtained: true, jobSeeking: false, working: true, evidence: x.note } }),
    'follow-up 1',
  );
  await waitForStage(s.db, participantId, 'follow_up_1');
  return { projectId, participantId, rejectedId, pesel };
}

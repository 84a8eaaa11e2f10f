// Every API operation against the real stack (PostgreSQL, Temporal dev server, worker with the journey
// and the recruitment round), including its errors: 400 fields, 403 role, 404 id, 409 reason, never 500.
import { randomUUID } from 'node:crypto';
import { isWorkingDay } from '../../domain/working-days';
import { describe, expect, it } from 'vitest';
import { todayInWarsaw } from '../../i18n/format';
import { apiCaller, createTestUser, testApp, tokenFor } from '../helpers/app';
import { testPesel, waitForStage } from '../helpers/journeys';
import { until } from '../helpers/wait';

const { app, db } = await testApp();
const today = todayInWarsaw();
const tokens = {
  coordinator: await tokenFor(db, await createTestUser(db, 'coordinator')),
  worker: '',
  commission: await tokenFor(db, await createTestUser(db, 'commission')),
  director: await tokenFor(db, await createTestUser(db, 'director')),
  auditor: await tokenFor(db, await createTestUser(db, 'auditor')),
  admin: await tokenFor(db, await createTestUser(db, 'admin')),
  otherWorker: await tokenFor(db, await createTestUser(db, 'social_worker')),
};
const workerUser = await createTestUser(db, 'social_worker');
tokens.worker = await tokenFor(db, workerUser);

const api = apiCaller(app, tokens);
async function call(...args: Parameters<typeof api>) {
  const res = await api(...args);
  return { status: res.statusCode, body: res.json() };
}


const code = `API-${randomUUID().slice(0, 6)}`;
const project = {
  code,
  name: 'Aktywny Społecznie',
  startsOn: '2022-01-03',
  endsOn: '2030-06-30',
  places: 2,
  criteria: [
    { code: 'disability', label: 'Niepełnosprawność', maxPoints: 10 },
    { code: 'opinion', label: 'Opinia pracownika socjalnego', maxPoints: 10 },
  ],
  quotas: [{ code: 'women', label: 'Kobiety', field: 'sex_k', min: 1 }],
  targets: { supported: 60 },
};

describe('API operations', () => {
  let projectId = '';
  let applicationId = '';

  it('createProject / listProjects', async () => {
    expect((await call('worker', 'POST', '/api/projects', project)).status).toBe(403);
    const created = await call('coordinator', 'POST', '/api/projects', project);
    expect(created.status).toBe(201);
    projectId = created.body.id;
    const dup = await call('coordinator', 'POST', '/api/projects', project);
    expect(dup.status).toBe(409);
    expect(dup.body.fields[0].field).toBe('code');
    const bad = await call('coordinator', 'POST', '/api/projects', { ...project, code: `${code}-B`, endsOn: '2021-01-01', criteria: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('criteria');
    const list = await call('auditor', 'GET', '/api/projects');
    expect(list.status).toBe(200);
    expect(list.body.projects.find((p: { id: string }) => p.id === projectId)).toMatchObject({ code, places: 2, rulesVersion: 1 });
  });

  it('submitApplication: idempotent by Idempotency-Key; PESEL checked; 403/404', async () => {
    const body = { projectId, firstName: 'Zofia', lastName: 'Łękawska', pesel: testPesel(), sex: 'K', disability: false, channel: 'email_scan' };
    const key = randomUUID();
    const first = await call('worker', 'POST', '/api/applications', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const again = await call('worker', 'POST', '/api/applications', body, { 'idempotency-key': key });
    expect(again.body.id).toBe(first.body.id);
    applicationId = first.body.id;
    expect(await db.selectFrom('applications').select('id').where('project_id', '=', projectId).execute()).toHaveLength(1);

    const badPesel = await call('worker', 'POST', '/api/applications', { ...body, pesel: '02231500000' });
    expect(badPesel.status).toBe(422);
    expect(badPesel.body.fields[0].field).toBe('pesel');
    const wrongSex = await call('worker', 'POST', '/api/applications', { ...body, sex: 'M' });
    expect(wrongSex.status).toBe(422);
    expect((await call('worker', 'POST', '/api/applications', { ...body, projectId: randomUUID() })).status).toBe(404);
    expect((await call('commission', 'POST', '/api/applications', body)).status).toBe(403);
    expect((await call('worker', 'POST', '/api/applications', { ...body, sex: 'X' })).status).toBe(400);
    expect((await call('worker', 'POST', '/api/applications', body, { 'idempotency-key': 'bad key with spaces' })).status).toBe(400);
    await waitForStage(db, applicationId, 'applied');
  });

  it('scoreApplication: 409 with the reason when not allowed now, 404 for an unknown id', async () => {
    const noOpinion = { applicationId, scores: [{ code: 'disability', points: 0 }, { code: 'opinion', points: 8 }] };
    const missingOpinion = await call('worker', 'POST', '/api/applications/score', noOpinion);
    expect(missingOpinion.status).toBe(409);
    // The journey's reason in the caller's language: Polish by default, English when Accept-Language asks.
    expect(missingOpinion.body.message).toBe('Brak opinii pracownika socjalnego');
    const inEnglish = await call('worker', 'POST', '/api/applications/score', noOpinion, { 'accept-language': 'en-GB,en;q=0.9,pl;q=0.5' });
    expect(inEnglish.body).toMatchObject({ error: 'not_allowed_now', message: 'the social worker opinion is missing' });
    const tooMany = await call('worker', 'POST', '/api/applications/score', { applicationId, scores: [{ code: 'disability', points: 11 }, { code: 'opinion', points: 8 }], opinion: 'ok' });
    expect(tooMany.status).toBe(409);
    const ok = await call('worker', 'POST', '/api/applications/score', { applicationId, scores: [{ code: 'disability', points: 0 }, { code: 'opinion', points: 8 }], opinion: 'Rekomenduję.' });
    expect(ok.status).toBe(200);
    expect(ok.body.result).toEqual({ points: 8 });
    const twice = await call('worker', 'POST', '/api/applications/score', { applicationId, scores: [{ code: 'disability', points: 0 }, { code: 'opinion', points: 8 }], opinion: 'x' });
    expect(twice.status).toBe(409);
    expect((await call('worker', 'POST', '/api/applications/score', { applicationId: randomUUID(), scores: [], opinion: 'x' })).status).toBe(404);
    expect((await call('worker', 'POST', '/api/applications/score', { applicationId: 'nope' })).status).toBe(400);
    expect((await call('director', 'POST', '/api/applications/score', { applicationId, scores: [], opinion: 'x' })).status).toBe(403);
  });

  it('getRanking / decideApplication / closeSitting / approveList', async () => {
    const ranking = await until(async () => {
      const r = await call('commission', 'GET', `/api/projects/${projectId}/ranking`);
      return r.body.candidates?.length ? r : undefined;
    }, 'the candidate in the ranking');
    expect(ranking.body.candidates[0]).toMatchObject({ position: 1, applicationId, points: 8, status: 'waiting' });
    // What the commission reads before deciding, as on the panel's ranking: points per criterion, the opinion.
    expect(ranking.body.candidates[0]).toMatchObject({
      scores: expect.arrayContaining([
        { label: 'Niepełnosprawność', points: 0, max: 10 },
        { label: 'Opinia pracownika socjalnego', points: 8, max: 10 },
      ]),
      opinion: 'Rekomenduję.',
      // Sent by e-mail, its original not yet in: the commission is told (the signing below is refused for it).
      // Received now: on a Saturday, Sunday or holiday in Warsaw the application is also flagged as received on a day off.
      flags: ['original_pending', ...(isWorkingDay(todayInWarsaw()) ? [] : ['day_off'])],
      justification: null,
    });
    expect(ranking.body.quotas).toMatchObject([{ code: 'women', min: 1, count: 0, met: false, text: expect.stringContaining('1') }]);
    expect(ranking.body.places).toBe(2);
    expect((await call('worker', 'GET', `/api/projects/${projectId}/ranking`)).status).toBe(403);
    expect((await call('commission', 'GET', `/api/projects/${randomUUID()}/ranking`)).status).toBe(404);

    expect((await call('worker', 'POST', '/api/applications/decide', { applicationId, decision: 'qualified' })).status).toBe(403);
    const noReason = await call('commission', 'POST', '/api/applications/decide', { applicationId, decision: 'rejected' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.fields[0].field).toBe('reason');
    expect((await call('commission', 'POST', '/api/applications/decide', { applicationId: randomUUID(), decision: 'qualified' })).status).toBe(404);
    const decided = await call('commission', 'POST', '/api/applications/decide', { applicationId, decision: 'qualified' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ applicationId, decision: 'qualified' });

    const nothingClosed = await call('director', 'POST', '/api/projects/approve-list', { projectId });
    expect(nothingClosed.status).toBe(409);
    expect(nothingClosed.body.message).toBe('Nie ma zamkniętego posiedzenia czekającego na zatwierdzenie');
    const inEnglish = await call('director', 'POST', '/api/projects/approve-list', { projectId }, { 'accept-language': 'en' });
    expect(inEnglish.body.message).toBe('no closed sitting is waiting for approval');
    const closed = await call('commission', 'POST', '/api/projects/close-sitting', { projectId, members: ['Anna Nowak', 'Jan Kowalski'], date: today });
    expect(closed.status).toBe(200);
    const protocolUrl = `/api/projects/${projectId}/sittings/${closed.body.sittingId}/protocol.pdf`;
    const protocol = await api('commission', 'GET', protocolUrl);
    expect([protocol.statusCode, protocol.headers['content-type'], protocol.rawPayload.subarray(0, 5).toString()]).toEqual([200, 'application/pdf', '%PDF-']);
    expect((await api('worker', 'GET', protocolUrl)).statusCode).toBe(403);
    expect((await api('commission', 'GET', `/api/projects/${projectId}/sittings/${randomUUID()}/protocol.pdf`)).statusCode).toBe(404);
    expect((await call('commission', 'POST', '/api/projects/approve-list', { projectId })).status).toBe(403);
    const approved = await call('director', 'POST', '/api/projects/approve-list', { projectId });
    expect(approved.status).toBe(200);
    expect(approved.body.approved).toContain(applicationId);
    await waitForStage(db, applicationId, 'joining');
  });

  it('signDocuments / planSupport / recordAttendance / endParticipation / recordFollowUp', async () => {
    const missing = await call('worker', 'POST', '/api/applications/sign', { applicationId, signedOn: today, documents: ['declaration'] });
    expect(missing.status).toBe(409);
    expect((await call('worker', 'POST', '/api/applications/sign', { applicationId, signedOn: 'yesterday', documents: ['declaration'] })).status).toBe(400);
    expect((await call('worker', 'POST', '/api/applications/sign', { applicationId, signedOn: today, documents: ['passport'] })).status).toBe(400);
    // The form came as an e-mailed scan: without its original the contract is not signed (the project's default).
    const all = { applicationId, signedOn: today, documents: ['declaration', 'contract', 'data_statement'] };
    const noOriginal = await call('worker', 'POST', '/api/applications/sign', all);
    expect(noOriginal.status).toBe(409);
    expect(noOriginal.body.message).toMatch(/^Nie wpłynął jeszcze oryginał formularza/);
    const noOriginalEn = await call('worker', 'POST', '/api/applications/sign', all, { 'accept-language': 'en' });
    expect(noOriginalEn.body.message).toMatch(/^The original of the e-mailed form has not arrived yet/);
    expect((await call('worker', 'POST', '/api/applications/original', { applicationId, receivedOn: today })).status).toBe(200);
    const key = randomUUID();
    const signed = await call('worker', 'POST', '/api/applications/sign', all, { 'idempotency-key': key });
    expect(signed.status).toBe(200);
    // The same request retried (same key) is the same Update: one effect, same answer.
    const retried = await call('worker', 'POST', '/api/applications/sign', { applicationId, signedOn: today, documents: ['declaration', 'contract', 'data_statement'] }, { 'idempotency-key': key });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(signed.body);
    await waitForStage(db, applicationId, 'support');

    // Another social worker's participant: neither seen nor touched.
    expect((await call('otherWorker', 'POST', '/api/applications/plan', { applicationId, items: [{ formCode: 'support_group', hours: 40 }] })).status).toBe(404);
    expect((await call('worker', 'POST', '/api/applications/plan', { applicationId, items: [] })).status).toBe(400);
    expect((await call('worker', 'POST', '/api/applications/plan', { applicationId, items: [{ formCode: 'support_group', hours: 40 }] })).status).toBe(200);
    expect((await call('coordinator', 'POST', '/api/applications/attendance', { applicationId, sessionOn: today, formCode: 'support_group', plannedHours: 4, attendedHours: 5 })).status).toBe(409);
    const att = await call('worker', 'POST', '/api/applications/attendance', { applicationId, sessionOn: today, formCode: 'support_group', plannedHours: 4, attendedHours: 4 });
    expect(att.status).toBe(200);
    expect(att.body.result).toMatchObject({ attendanceShare: 1, belowThreshold: false });

    expect((await call('worker', 'POST', '/api/applications/follow-up', { applicationId, number: 1, recordedOn: today, data: { qualificationObtained: true, jobSeeking: false, working: true } })).status).toBe(409);
    expect((await call('worker', 'POST', '/api/applications/end', { applicationId, endedOn: today, reason: 'bored' })).status).toBe(400);
    expect((await call('auditor', 'POST', '/api/applications/end', { applicationId, endedOn: today, reason: 'completed' })).status).toBe(403);
    const ended = await call('worker', 'POST', '/api/applications/end', { applicationId, endedOn: today, reason: 'completed' });
    expect(ended.status).toBe(200);
    expect(ended.body.result).toEqual({ stage: 'ended' });
    const fu = await call('coordinator', 'POST', '/api/applications/follow-up', { applicationId, number: 1, recordedOn: today, data: { qualificationObtained: true, jobSeeking: false, working: true } });
    expect(fu.status).toBe(200);
    expect((await call('coordinator', 'POST', '/api/applications/follow-up', { applicationId, number: 3, recordedOn: today, data: {} })).status).toBe(400);
  });

  it('getParticipant / listParticipants, audited, scoped by role', async () => {
    const p = await call('auditor', 'GET', `/api/participants/${applicationId}`);
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ id: applicationId, projectId, stage: 'follow_up_1', data: { firstName: 'Zofia', lastName: 'Łękawska', points: 8, decision: 'qualified', endReason: 'completed' } });
    expect(p.body.documents.map((d: { kind: string }) => d.kind).sort()).toEqual(['contract', 'data_statement', 'declaration']);
    expect(p.body.attendance).toHaveLength(1);
    expect(p.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['applied', 'screened', 'decided', 'participation_started', 'participation_ended']));
    const audited = await db.selectFrom('audit_log').select(['details']).where('action', '=', 'participant_viewed').where('entity_id', '=', applicationId).execute();
    expect(audited.map((a) => a.details)).toContainEqual({ via: 'api' });
    expect((await call('admin', 'GET', `/api/participants/${applicationId}`)).status).toBe(403);
    expect((await call('otherWorker', 'GET', `/api/participants/${applicationId}`)).status).toBe(404);
    expect((await call('auditor', 'GET', `/api/participants/${randomUUID()}`)).status).toBe(404);

    const byName = await call('coordinator', 'GET', `/api/participants?q=${encodeURIComponent('Łękawska')}&projectId=${projectId}`);
    expect(byName.status).toBe(200);
    expect(byName.body.items.map((i: { id: string }) => i.id)).toEqual([applicationId]);
    const pesel = p.body.data.pesel as string;
    const byPesel = await call('coordinator', 'GET', `/api/participants?q=${pesel.slice(0, 8)}&projectId=${projectId}`);
    expect(byPesel.body.total).toBe(1);
    const none = await call('coordinator', 'GET', `/api/participants?stage=applied&projectId=${projectId}`);
    expect(none.body.total).toBe(0);
    expect((await call('coordinator', 'GET', '/api/participants?stage=nonsense')).status).toBe(400);
    expect((await call('coordinator', 'GET', '/api/participants?page=0')).status).toBe(400);
    expect((await call('otherWorker', 'GET', `/api/participants?projectId=${projectId}`)).body.total).toBe(0);
  });

  it('lists every issue-5 operationId in the OpenAPI document', async () => {
    const spec = (await app.inject({ url: '/api/openapi.json' })).json();
    const ids = Object.values(spec.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((p) => Object.values(p).map((o) => o.operationId));
    for (const op of ['login', 'createProject', 'listProjects', 'submitApplication', 'scoreApplication', 'getRanking', 'decideApplication', 'approveList', 'signDocuments', 'planSupport', 'recordAttendance', 'endParticipation', 'recordFollowUp', 'getParticipant', 'listParticipants']) {
      expect(ids).toContain(op);
    }
  });
});

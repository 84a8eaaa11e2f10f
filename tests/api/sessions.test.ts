// Sessions in the JSON API over real HTTP (inject), Temporal and PostgreSQL: bad input is a 400 naming
// the fields, a social worker keeps only sessions they lead or planned, a group is recorded in one
// call with the refused named in the caller's language, and the participant's record carries where
// they stand against the 80%/20% rules.
import { describe, expect, it } from 'vitest';
import { todayInWarsaw } from '../../i18n/format';
import { apiCaller, createTestUser, testApp, tokenFor } from '../helpers/app';
import { createProject } from '../helpers/journeys';
import { participantInSupport } from '../helpers/sessions';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const coordinator = await createTestUser(db, 'coordinator');
const worker = await createTestUser(db, 'social_worker');
const projectId = await createProject(db);
const call = apiCaller(app, { coordinator: await tokenFor(db, coordinator), worker: await tokenFor(db, worker) });

describe('sessions in the API', () => {
  it('plans a session, refuses bad input by field, records the group, and reports the standing', async () => {
    const [a, b] = await Promise.all([participantInSupport(deps, coordinator, projectId, 'Api-A'), participantInSupport(deps, coordinator, projectId, 'Api-B')]);
    const bad = await call('coordinator', 'POST', `/api/projects/${projectId}/sessions`, { formCode: 'nope', sessionOn: '2031-02-01', startsAt: '10:00', hours: 2, place: 'Sala', leaderId: coordinator.id, members: [a] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().fields.map((f: { field: string }) => f.field).sort()).toEqual(['formCode', 'sessionOn']);

    const body = { formCode: 'vocational_training', sessionOn: todayInWarsaw(), startsAt: '10:00', hours: 4, place: 'Sala 1', leaderId: coordinator.id, members: [a, b] };
    const created = await call('coordinator', 'POST', `/api/projects/${projectId}/sessions`, body);
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    // Not theirs: a social worker neither leads nor planned it.
    expect((await call('worker', 'GET', `/api/sessions/${id}`)).statusCode).toBe(403);
    expect((await call('worker', 'GET', `/api/projects/${projectId}/sessions`)).json().sessions).toEqual([]);
    expect((await call('coordinator', 'GET', `/api/projects/${projectId}/sessions`)).json().sessions).toEqual([expect.objectContaining({ id, groupSize: 2, place: 'Sala 1' })]);

    const justifiedWithout = await call('coordinator', 'POST', `/api/sessions/${id}/attendance`, { marks: [{ applicationId: a, mark: 'justified' }] });
    expect(justifiedWithout.statusCode).toBe(422);
    expect(justifiedWithout.json().fields).toMatchObject([{ field: 'marks.0.justification', message: 'Podaj powód usprawiedliwienia' }]);

    const res = await call('coordinator', 'POST', `/api/sessions/${id}/attendance`, { marks: [{ applicationId: a, mark: 'present', attendedHours: 3 }, { applicationId: b, mark: 'absent' }] }, { 'idempotency-key': 'sheet-1' });
    expect(res.statusCode).toBe(200);
    expect(res.json().recorded).toHaveLength(2);
    // Again with another key: each journey refuses (already recorded), named, in the caller's language.
    const twice = await call('coordinator', 'POST', `/api/sessions/${id}/attendance`, { marks: [{ applicationId: a, mark: 'present' }] }, { 'idempotency-key': 'sheet-2', 'accept-language': 'en' });
    expect(twice.json().refused).toEqual([{ applicationId: a, name: 'Api-A Zofia', reason: expect.any(String) }]);

    const sheet = (await call('coordinator', 'GET', `/api/sessions/${id}`)).json();
    expect(sheet.members.map((m: { recorded: { mark: string } }) => m.recorded.mark)).toEqual(['present', 'absent']);
    const pdf = await call('coordinator', 'GET', `/api/sessions/${id}/sheet.pdf?filled=true`);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    const record = (await call('coordinator', 'GET', `/api/participants/${a}`)).json();
    expect(record.attendanceStanding).toMatchObject({ plannedHours: 60, attendedHours: 3, ok: false, reachable: true, trainings: [{ formCode: 'vocational_training', missedHours: 1, ok: true }] });
  }, 180_000);
});

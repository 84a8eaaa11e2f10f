// Letters in the JSON API against real journeys: listLetters, getLetterPdf (text read back),
// markLetterSent (default today, idempotent), and their 400/403/404.
import { randomUUID } from 'node:crypto';
import { pdfText } from '../helpers/pdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { todayInWarsaw } from '../../i18n/format';
import { apiCaller, createTestUser, testApp, tokenFor } from '../helpers/app';
import { createProject, decidedWithLetter } from '../helpers/journeys';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const projectId = await createProject(db);
const owner = await createTestUser(db, 'social_worker');
const tokens = {
  owner: await tokenFor(db, owner),
  otherWorker: await tokenFor(db, await createTestUser(db, 'social_worker')),
  coordinator: await tokenFor(db, await createTestUser(db, 'coordinator')),
  auditor: await tokenFor(db, await createTestUser(db, 'auditor')),
  director: await tokenFor(db, await createTestUser(db, 'director')),
  commission: await tokenFor(db, await createTestUser(db, 'commission')),
};
const today = todayInWarsaw();
let promotedLike: { applicationId: string; letterId: string };
let rejected: { applicationId: string; letterId: string };

const call = apiCaller(app, tokens);

beforeAll(async () => {
  [promotedLike, rejected] = await Promise.all([
    decidedWithLetter(deps, owner, projectId, 'reserve', { firstName: 'Jadwiga', lastName: 'Żak' }),
    decidedWithLetter(deps, owner, projectId, 'rejected', { firstName: 'Halina', lastName: 'Gęślą' }),
  ]);
});

describe('letters API', () => {
  it('listLetters: unsent by default, filtered by project and status, scoped by social worker', async () => {
    const res = await call('coordinator', 'GET', `/api/letters?projectId=${projectId}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    expect(body.items.map((l: { kind: string }) => l.kind).sort()).toEqual(['result_rejected', 'result_reserve']);
    expect(body.items[0]).toMatchObject({ projectId, sentOn: null, hasPdf: true });
    expect(body.items.map((l: { participantName: string }) => l.participantName).sort()).toEqual(['Halina Gęślą', 'Jadwiga Żak']);
    expect((await call('owner', 'GET', `/api/letters?projectId=${projectId}`)).json().total).toBe(2);
    expect((await call('otherWorker', 'GET', `/api/letters?projectId=${projectId}`)).json().total).toBe(0);
    expect((await call('coordinator', 'GET', `/api/letters?projectId=${projectId}&status=sent`)).json().total).toBe(0);
    expect((await call('coordinator', 'GET', '/api/letters?status=maybe')).statusCode).toBe(400);
    expect((await call('commission', 'GET', '/api/letters')).statusCode).toBe(403);
  });

  it('getLetterPdf: the PDF the journey generated; 404 for an unknown id or someone else’s participant', async () => {
    const res = await call('auditor', 'GET', `/api/letters/${promotedLike.letterId}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('Informacja o wpisaniu na listę rezerwową');
    expect(text).toContain('Jadwiga Żak');
    expect((await call('coordinator', 'GET', `/api/letters/${randomUUID()}/pdf`)).statusCode).toBe(404);
    expect((await call('coordinator', 'GET', '/api/letters/..%2F..%2Fetc%2Fpasswd/pdf')).statusCode).toBe(400);
    expect((await call('otherWorker', 'GET', `/api/letters/${promotedLike.letterId}/pdf`)).statusCode).toBe(404);
    expect((await call('director', 'GET', `/api/letters/${promotedLike.letterId}/pdf`)).statusCode).toBe(403);
  });

  it('markLetterSent: idempotent, through the running journey', async () => {
    expect((await call('owner', 'POST', `/api/letters/${promotedLike.letterId}/sent`, {})).statusCode).toBe(400);
    const first = await call('owner', 'POST', `/api/letters/${promotedLike.letterId}/sent`, { sentOn: today });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ letterId: promotedLike.letterId, applicationId: promotedLike.applicationId, sentOn: today, alreadySent: false });
    const again = await call('coordinator', 'POST', `/api/letters/${promotedLike.letterId}/sent`, { sentOn: today });
    expect(again.json()).toMatchObject({ sentOn: today, alreadySent: true });
    const events = await db.selectFrom('journey_events').select('event_key').where('application_id', '=', promotedLike.applicationId).where('type', '=', 'letter_sent').execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.event_key).toBe(`${promotedLike.applicationId}:u:letter-sent:${promotedLike.letterId}`);
  });

  it('markLetterSent on a closed journey; its errors change nothing', async () => {
    const future = await call('coordinator', 'POST', `/api/letters/${rejected.letterId}/sent`, { sentOn: '2999-12-31' });
    expect(future.statusCode).toBe(422);
    expect(future.json().fields).toMatchObject([{ field: 'sentOn', message: 'Data wysłania nie może być z przyszłości' }]);
    expect((await call('coordinator', 'POST', `/api/letters/${rejected.letterId}/sent`, { sentOn: '2024-02-30' })).statusCode).toBe(400);
    expect((await call('coordinator', 'POST', `/api/letters/${randomUUID()}/sent`, { sentOn: today })).statusCode).toBe(404);
    expect((await call('auditor', 'POST', `/api/letters/${rejected.letterId}/sent`, { sentOn: today })).statusCode).toBe(403);
    expect((await call('otherWorker', 'POST', `/api/letters/${rejected.letterId}/sent`, { sentOn: today })).statusCode).toBe(404);
    expect((await db.selectFrom('letters').select('sent_on').where('id', '=', rejected.letterId).executeTakeFirstOrThrow()).sent_on).toBeNull();

    const ok = await call('coordinator', 'POST', `/api/letters/${rejected.letterId}/sent`, { sentOn: today });
    expect(ok.json()).toMatchObject({ sentOn: today, alreadySent: false });
    expect((await call('coordinator', 'POST', `/api/letters/${rejected.letterId}/sent`, { sentOn: today })).json()).toMatchObject({ sentOn: today, alreadySent: true });
    expect((await call('coordinator', 'GET', `/api/letters?projectId=${projectId}&status=sent`)).json().total).toBe(2);
  });

  it('a letter whose PDF was removed by anonymization is listed as such and not served', async () => {
    await db.updateTable('letters').set({ pdf: Buffer.alloc(0) }).where('id', '=', rejected.letterId).execute();
    const item = (await call('coordinator', 'GET', `/api/letters?projectId=${projectId}&status=all`)).json().items.find((l: { id: string }) => l.id === rejected.letterId);
    expect(item.hasPdf).toBe(false);
    expect((await call('coordinator', 'GET', `/api/letters/${rejected.letterId}/pdf`)).statusCode).toBe(404);
  });
});

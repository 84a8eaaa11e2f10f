// The letters page against real journeys (dev server + worker): the result letters the journeys generated,
// their PDFs (text read back), "mark as sent" through a CSRF form: through the journey's Update while it
// runs, recorded directly once it has closed (a rejection closes it); idempotent; audited; scoped by role.
import { pdfText } from '../helpers/pdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { todayInWarsaw } from '../../i18n/format';
import { journeyStateQuery, journeyWorkflowId } from '../../contracts/journey';
import { createTestUser, loggedIn, type PanelClient, testApp } from '../helpers/app';
import { createProject, decidedWithLetter } from '../helpers/journeys';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const projectId = await createProject(db);
const worker = await createTestUser(db, 'social_worker', { name: 'Ewa Socjalna' });
const coordinatorUser = await createTestUser(db, 'coordinator');
const today = todayInWarsaw();

let qualified: { applicationId: string; letterId: string };
let rejected: { applicationId: string; letterId: string };
let reserve: { applicationId: string; letterId: string };
let coordinator: PanelClient;

const back = `status=unsent&projectId=${projectId}`;
const letter = (id: string) => db.selectFrom('letters').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const sentEvents = (applicationId: string) =>
  db.selectFrom('journey_events').select(['event_key', 'actor_id', 'payload']).where('application_id', '=', applicationId).where('type', '=', 'letter_sent').execute();

beforeAll(async () => {
  [qualified, rejected, reserve] = await Promise.all([
    decidedWithLetter(deps, worker, projectId, 'qualified', { firstName: 'Anna', lastName: 'Żółkiewska' }),
    decidedWithLetter(deps, worker, projectId, 'rejected', { firstName: 'Bożena', lastName: 'Śliwińska' }),
    decidedWithLetter(deps, worker, projectId, 'reserve', { firstName: 'Celina', lastName: 'Łęcka' }),
  ]);
  coordinator = await loggedIn(app, coordinatorUser);
});

describe('letters page', () => {
  it('lists the unsent letters of a project with a download link and a mark-sent form carrying the CSRF token', async () => {
    const res = await coordinator.get(`/letters?projectId=${projectId}`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Pism: 3');
    for (const [who, kind] of [['Anna Żółkiewska', 'Pismo: zakwalifikowanie'], ['Bożena Śliwińska', 'Pismo: odmowa'], ['Celina Łęcka', 'Pismo: lista rezerwowa']]) {
      expect(html).toContain(who);
      expect(html).toContain(kind);
    }
    for (const l of [qualified, rejected, reserve]) {
      expect(html).toContain(`href="/letters/${l.letterId}/pdf"`);
      expect(html).toMatch(new RegExp(`<form method="post" action="/letters/${l.letterId}/sent" class="inline"><input type="hidden" name="_csrf" value="${coordinator.csrf}"/>`));
    }
    expect(html).toContain('href="/letters"');
    const listed = await db.selectFrom('audit_log').select('details').where('action', '=', 'letters_listed').where('user_id', '=', coordinatorUser.id).execute();
    expect(listed.at(-1)?.details).toMatchObject({ count: 3, status: 'unsent', projectId });
  });

  it('downloads a letter as the PDF the journey generated, audited', async () => {
    const res = await coordinator.get(`/letters/${rejected.letterId}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="pismo-result_rejected-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.pdf"$/);
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('Informacja o niezakwalifikowaniu do projektu');
    expect(text).toContain('Bożena Śliwińska');
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'letter_downloaded').where('entity_id', '=', rejected.applicationId).executeTakeFirst();
    expect(audit).toMatchObject({ user_id: coordinatorUser.id, entity: 'application' });
    expect(audit!.details).toMatchObject({ letterId: rejected.letterId, kind: 'result_rejected', via: 'panel' });
  });

  it('never reads a path: traversal attempts are refused and reveal nothing', async () => {
    for (const url of ['/letters/..%2F..%2F..%2Fetc%2Fpasswd/pdf', '/letters/../../../etc/passwd', '/letters/%2e%2e%2f%2e%2e%2fpackage.json/pdf', `/letters/${rejected.letterId}%2F..%2F..%2Fpackage.json/pdf`]) {
      const res = await coordinator.get(url);
      expect([400, 404], url).toContain(res.statusCode);
      expect(res.body).not.toContain('root:');
      expect(res.body).not.toContain('"dependencies"');
    }
  });

  it('marks a letter of a running journey as sent through the journey, once however often it is clicked', async () => {
    const res = await coordinator.post(`/letters/${qualified.letterId}/sent`, { sentOn: today, back });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/letters?status=unsent&projectId=${projectId}&marked=${today}#letter-${qualified.letterId}`);
    expect((await coordinator.get(res.headers.location as string)).body).toContain('Oznaczono pismo jako wysłane.');
    expect(await letter(qualified.letterId)).toMatchObject({ sent_on: today, sent_by: coordinatorUser.id });
    // The journey knows it (its own state), and its event log has the one event.
    const state = await env.client.workflow.getHandle(journeyWorkflowId(qualified.applicationId)).query(journeyStateQuery);
    expect(state.letters.find((l) => l.kind === 'result_qualified')?.sent).toBe(true);
    expect(await sentEvents(qualified.applicationId)).toHaveLength(1);

    const again = await coordinator.post(`/letters/${qualified.letterId}/sent`, { sentOn: today, back });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toContain('already=1');
    expect((await coordinator.get(again.headers.location as string)).body).toContain(`Pismo było już oznaczone jako wysłane (${today.split('-').reverse().join('.')}).`);
    expect(await sentEvents(qualified.applicationId)).toHaveLength(1);
    const audits = await db.selectFrom('audit_log').select('details').where('action', '=', 'letter_marked_sent').where('entity_id', '=', qualified.applicationId).orderBy('id').execute();
    expect(audits.map((a) => a.details.alreadySent)).toEqual([false, true]);
  });

  it('marks the letter of a closed journey (a rejection) as sent directly, with the same event', async () => {
    const status = (await env.client.workflow.getHandle(journeyWorkflowId(rejected.applicationId)).describe()).status.name;
    expect(status).toBe('COMPLETED');
    const res = await coordinator.post(`/letters/${rejected.letterId}/sent`, { sentOn: today, back });
    expect(res.statusCode).toBe(303);
    expect(await letter(rejected.letterId)).toMatchObject({ sent_on: today, sent_by: coordinatorUser.id });
    const key = (await letter(rejected.letterId)).key;
    expect(await sentEvents(rejected.applicationId)).toEqual([{ event_key: `office:letter_sent:${key}`, actor_id: coordinatorUser.id, payload: { letterKey: key, sentOn: today, journeyClosed: true } }]);
    await coordinator.post(`/letters/${rejected.letterId}/sent`, { sentOn: today, back });
    expect(await sentEvents(rejected.applicationId)).toHaveLength(1);
    // The participant's timeline shows it.
    expect((await coordinator.get(`/participants/${rejected.applicationId}`)).body).toContain('Wysłano pismo');
  });

  it('refuses a post without the CSRF token, a future date and a date before the letter existed, changing nothing', async () => {
    const noCsrf = await coordinator.request({
      method: 'POST',
      url: `/letters/${reserve.letterId}/sent`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ sentOn: today, back }).toString(),
    });
    expect(noCsrf.statusCode).toBe(403);
    const future = await coordinator.post(`/letters/${reserve.letterId}/sent`, { sentOn: '2999-01-01', back });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('Data wysłania nie może być z przyszłości');
    expect(future.body).toContain(`href="#lt-sent-${reserve.letterId}"`);
    const early = await coordinator.post(`/letters/${reserve.letterId}/sent`, { sentOn: '2020-01-01', back });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('Data wysłania przed utworzeniem pisma');
    expect((await letter(reserve.letterId)).sent_on).toBeNull();
    expect(await sentEvents(reserve.applicationId)).toHaveLength(0);
  });

  it('filters by status', async () => {
    const sent = (await coordinator.get(`/letters?projectId=${projectId}&status=sent`)).body;
    expect(sent).toContain('Pism: 2');
    expect(sent).toContain('Anna Żółkiewska');
    expect(sent).not.toContain('Celina Łęcka');
    const unsent = (await coordinator.get(`/letters?projectId=${projectId}`)).body;
    expect(unsent).toContain('Pism: 1');
    expect(unsent).toContain('Celina Łęcka');
  });

  it('by role: the own social worker marks; another sees nothing; the auditor reads only; the commission has no page', async () => {
    const own = await loggedIn(app, worker);
    expect((await own.get(`/letters?projectId=${projectId}&status=all`)).body).toContain('Pism: 3');
    const other = await loggedIn(app, await createTestUser(db, 'social_worker'));
    const otherPage = (await other.get(`/letters?projectId=${projectId}&status=all`)).body;
    expect(otherPage).toContain('Pism: 0');
    expect(otherPage).not.toContain('Celina');
    expect((await other.get(`/letters/${reserve.letterId}/pdf`)).statusCode).toBe(404);
    expect((await other.post(`/letters/${reserve.letterId}/sent`, { sentOn: today, back })).statusCode).toBe(404);

    const auditor = await loggedIn(app, await createTestUser(db, 'auditor'));
    const read = (await auditor.get(`/letters?projectId=${projectId}`)).body;
    expect(read).toContain(`href="/letters/${reserve.letterId}/pdf"`);
    expect(read).not.toContain(`action="/letters/${reserve.letterId}/sent"`);
    expect((await auditor.get(`/letters/${reserve.letterId}/pdf`)).statusCode).toBe(200);
    expect((await auditor.post(`/letters/${reserve.letterId}/sent`, { sentOn: today, back })).statusCode).toBe(403);

    const commission = await loggedIn(app, await createTestUser(db, 'commission'));
    expect((await commission.get('/letters')).statusCode).toBe(403);
    expect((await commission.get('/')).body).not.toContain('href="/letters"');

    expect((await own.post(`/letters/${reserve.letterId}/sent`, { sentOn: today, back })).statusCode).toBe(303);
    expect(await letter(reserve.letterId)).toMatchObject({ sent_on: today, sent_by: worker.id });
  });
});

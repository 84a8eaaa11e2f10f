// Personal data through a whole journey on the real stack: never in the server's or the worker's log,
// never in a Temporal payload; every view and change audited, the audit log append-only; the GDPR
// export, the image consent withdrawal and the anonymization after the retention period (indicators kept).
import { randomBytes } from 'node:crypto';
import { Runtime, type LogLevel, type LogMetadata } from '@temporalio/worker';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { anonymizationDueOn, anonymizedBirthDate } from '../../domain/gdpr';
import { decryptHistory } from '../../runtime/payload-codec';
import { ageOn } from '../../domain/indicators';
import { anonymizeDueProjects, anonymizeProject } from '../../server/services/gdpr';
import { createReminderActivities } from '../../activities/reminders';
import { getIndicators } from '../../server/services/indicators';
import { todayInWarsaw } from '../../i18n/format';
import { loggedIn } from '../helpers/app';
import { testDataConverter } from '../helpers/temporal';
import { PLAIN_TEXTS, runFlow, securityStack } from './stack';
import { journeyStateQuery, journeyWorkflowId } from '../../contracts/journey';

// Everything the server logs (pino lines) and everything the worker logs (the SDK's runtime logger,
// at every level, including workflow and activity logs).
const serverLog: string[] = [];
const workerLog: string[] = [];
const logger = Runtime.instance().logger as { log: (level: LogLevel, message: string, meta?: LogMetadata) => void };
logger.log = (level, message, meta) => {
  workerLog.push(JSON.stringify({ level, message, meta }, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
};

const s = await securityStack({ logStream: { write: (line: string) => void serverLog.push(line) } });
const tag = randomBytes(3).toString('hex');
const names = { firstName: `Genowefa${tag}`, lastName: `Pstrokońska${tag}` };
const flow = await runFlow(s, { ...PLAIN_TEXTS, ...names }, { retentionYears: 5 });
const coordinator = await loggedIn(s.app, s.users.coordinator);
// Reads and searches as people do them, so that they are in the logs too.
await s.call('auditor', 'GET', `/api/participants/${flow.participantId}`);
await s.call('coordinator', 'GET', `/api/participants?q=${encodeURIComponent(names.lastName)}`);
await s.call('coordinator', 'GET', `/api/participants?q=${flow.pesel}`);
await coordinator.get(`/participants/${flow.participantId}`);
await coordinator.get(`/participants?q=${flow.pesel}`);

const secrets = () => [flow.pesel, names.firstName, names.lastName];

describe('personal data never leaves the database', () => {
  it('is not in the server log nor in the worker log', () => {
    expect(serverLog.length).toBeGreaterThan(20);
    expect(serverLog.join('\n')).toContain(`/api/participants/${flow.participantId}`);
    expect(workerLog.length).toBeGreaterThan(0);
    for (const [what, log] of [['server', serverLog.join('\n')], ['worker', workerLog.join('\n')]] as const) {
      for (const secret of secrets()) expect(log.includes(secret), `${what} log holds ${secret}`).toBe(false);
      expect(log, `${what} log holds a sensitive flag`).not.toMatch(/"disability"\s*:/);
    }
  });

  it('is not in any Temporal payload of the journeys and the round', async () => {
    const ids = [`journey-${flow.participantId}`, `journey-${flow.rejectedId}`, `round-${flow.projectId}`];
    let payloads = 0;
    for (const id of ids) {
      const history = await s.env.client.workflow.getHandle(id).fetchHistory();
      const texts: string[] = [];
      const walk = (v: unknown): void => {
        if (v instanceof Uint8Array) texts.push(Buffer.from(v).toString('utf8'));
        else if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') Object.values(v).forEach(walk);
        else if (typeof v === 'string') texts.push(v);
      };
      // Decrypted: the codec hides everything from the raw bytes, but what the workflows carry must hold ids only.
      walk((await decryptHistory(history, testDataConverter)).events);
      payloads += texts.length;
      const all = texts.join('\n');
      // The ids are there (that is how the workflows find the data); the person is not.
      expect(all).toContain(flow.projectId);
      for (const secret of secrets()) expect(all.includes(secret), `${id} history holds ${secret}`).toBe(false);
    }
    expect(payloads).toBeGreaterThan(50);
  });
});

describe('audit', () => {
  it('records every view and every change: who, when, what, from where', async () => {
    const rows = await s.db.selectFrom('audit_log').selectAll().where('entity_id', '=', flow.participantId).orderBy('id').execute();
    const actions = rows.map((r) => r.action);
    for (const a of ['application_submitted', 'participant_screen', 'application_decided', 'participant_signDocuments', 'participant_planSupport', 'participant_recordAttendance', 'participant_recordJob', 'participant_endParticipation', 'participant_recordFollowUp', 'participant_viewed']) {
      expect(actions, a).toContain(a);
    }
    const views = rows.filter((r) => r.action === 'participant_viewed');
    expect(views.map((v) => v.details)).toEqual(expect.arrayContaining([{ via: 'api' }, { via: 'panel' }]));
    expect(views.map((v) => v.user_id)).toEqual(expect.arrayContaining([s.users.auditor.id, s.users.coordinator.id]));
    for (const r of rows) {
      expect(r.user_id, r.action).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.ip, r.action).toBe('127.0.0.1');
      expect(r.at).toBeInstanceOf(Date);
      for (const secret of secrets()) expect(JSON.stringify(r.details)).not.toContain(secret);
    }
    // The auditor finds them on the audit page.
    const auditor = await loggedIn(s.app, s.users.auditor);
    const page = await auditor.get(`/audit?entity=application&entityId=${flow.participantId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('participant_viewed');
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE fail', async () => {
    const before = await s.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(s.db.updateTable('audit_log').set({ action: 'forged' }).where('entity_id', '=', flow.participantId).execute()).rejects.toThrow(/append-only/);
    await expect(s.db.deleteFrom('audit_log').where('entity_id', '=', flow.participantId).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(s.db)).rejects.toThrow(/append-only/);
    const after = await s.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBeGreaterThanOrEqual(Number(before.n));
    await expect(s.db.updateTable('journey_events').set({ type: 'forged' }).where('application_id', '=', flow.participantId).execute()).rejects.toThrow(/append-only/);
  });
});

describe('GDPR', () => {
  it('exports everything held about one person, to the coordinator and the administrator only, audited', async () => {
    const res = await s.call('coordinator', 'GET', `/api/participants/${flow.participantId}/export`);
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d.format).toBe('sciezka-personal-data/1');
    expect(d.person).toMatchObject({ id: flow.participantId, first_name: names.firstName, last_name: names.lastName, pesel: flow.pesel, disability: true });
    expect(d.person).not.toHaveProperty('request_id');
    expect(d.documents.map((x: { kind: string }) => x.kind).sort()).toEqual(['contract', 'data_statement', 'declaration', 'image_consent']);
    expect(d.attendance).toHaveLength(1);
    expect(d.followUps).toHaveLength(1);
    expect(d.supportPlan).toHaveLength(1);
    expect(d.recruitment.decisions[0]).toMatchObject({ decision: 'qualified' });
    expect(d.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['applied', 'participation_started', 'participation_ended']));
    expect(d.accessLog.map((e: { action: string }) => e.action)).toContain('participant_viewed');
    expect((await s.call('admin', 'GET', `/api/participants/${flow.participantId}/export`)).status).toBe(200);
    for (const who of ['social_worker', 'auditor', 'commission', 'director'] as const) {
      expect((await s.call(who, 'GET', `/api/participants/${flow.participantId}/export`)).status, who).toBe(403);
    }
    expect((await s.call('coordinator', 'GET', `/api/participants/${flow.projectId}/export`)).status).toBe(404);
    const audited = await s.db.selectFrom('audit_log').select(['user_id', 'details']).where('action', '=', 'personal_data_exported').where('entity_id', '=', flow.participantId).execute();
    expect(audited.map((a) => a.user_id)).toEqual(expect.arrayContaining([s.users.coordinator.id, s.users.admin.id]));

    // The panel: a link on the participant's page, the file as a download.
    const page = await coordinator.get(`/participants/${flow.participantId}`);
    expect(page.body).toContain(`/participants/${flow.participantId}/export.json`);
    const file = await coordinator.get(`/participants/${flow.participantId}/export.json`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="dane-uczestnika-[0-9a-f-]+\.json"$/);
    expect(JSON.parse(file.body).person.pesel).toBe(flow.pesel);
  });

  it('honours the withdrawal of the image consent: recorded, visible, no longer counted', async () => {
    const today = todayInWarsaw();
    const other = (await s.call('social_worker', 'POST', '/api/applications/withdraw-image-consent', { applicationId: flow.rejectedId, withdrawnOn: today }));
    expect(other.status).toBe(409);
    expect(other.body.message).toBe('Zgoda na wizerunek nie została podpisana');
    const future = await s.call('social_worker', 'POST', '/api/applications/withdraw-image-consent', { applicationId: flow.participantId, withdrawnOn: '2999-01-01' });
    expect(future.status).toBe(422);
    expect(future.body.fields[0]).toMatchObject({ field: 'withdrawnOn', message: 'Data wycofania zgody nie może być z przyszłości' });
    expect((await s.call('auditor', 'POST', '/api/applications/withdraw-image-consent', { applicationId: flow.participantId, withdrawnOn: today })).status).toBe(403);

    // The panel shows the form to whoever may use it; the withdrawal goes through it.
    const page = await coordinator.get(`/participants/${flow.participantId}`);
    expect(page.body).toContain('Wycofanie zgody na wizerunek');
    const res = await coordinator.post(`/participants/${flow.participantId}/withdraw-image-consent`, { withdrawnOn: today });
    expect(res.statusCode).toBe(303);
    const again = await s.call('social_worker', 'POST', '/api/applications/withdraw-image-consent', { applicationId: flow.participantId, withdrawnOn: today });
    expect(again.status).toBe(409);

    const p = await s.call('coordinator', 'GET', `/api/participants/${flow.participantId}`);
    expect(p.body.documents.map((x: { kind: string }) => x.kind)).not.toContain('image_consent');
    expect(p.body.events.map((e: { type: string }) => e.type)).toContain('image_consent_withdrawn');
    const doc = await s.db.selectFrom('documents').selectAll().where('application_id', '=', flow.participantId).where('kind', '=', 'image_consent').executeTakeFirstOrThrow();
    expect(doc).toMatchObject({ withdrawn_on: today, withdrawn_by: s.users.coordinator.id });
    const after = await coordinator.get(`/participants/${flow.participantId}`);
    expect(after.body).toContain('Wycofano zgodę na wizerunek');
    expect(after.body).not.toContain('Wycofanie zgody na wizerunek (zał. 3)</button>');
    const audited = await s.db.selectFrom('audit_log').select(['user_id', 'details']).where('action', '=', 'consent_withdrawn').where('entity_id', '=', flow.participantId).execute();
    expect(audited).toEqual([{ user_id: s.users.coordinator.id, details: { kind: 'image_consent', withdrawnOn: today } }]);

    // The journey knows (tests/journey/actions.test.ts signs it again).
    const state = await s.env.client.workflow.getHandle(journeyWorkflowId(flow.participantId)).query(journeyStateQuery);
    expect(state.documents.image_consent).toBeUndefined();
  });

  it('anonymizes a project after its retention period, keeping the indicators', async () => {
    const dueOn = anonymizationDueOn('2030-06-30', 5);
    expect(dueOn).toBe('2035-06-30');
    // Not yet: the API refuses, with the date.
    const early = await s.call('admin', 'POST', `/api/projects/${flow.projectId}/anonymize`);
    expect(early.status).toBe(409);
    expect(early.body.message).toBe(`Okres przechowywania danych trwa do ${dueOn}`);
    expect((await s.call('coordinator', 'POST', `/api/projects/${flow.projectId}/anonymize`)).status).toBe(403);

    // What else names them: a coordinator's saved searches, and the daily digest listing their tasks.
    await coordinator.get('/participants');
    const filter = (name: string, q: string) => coordinator.post('/participants/filters', { name, query: `q=${encodeURIComponent(q)}` });
    expect((await filter('Szukam', names.lastName.slice(0, 6))).statusCode).toBe(303);
    expect((await filter(`Sprawa ${names.lastName}`, '')).statusCode).toBe(303);
    expect((await filter('Po PESEL', flow.pesel.slice(0, 6))).statusCode).toBe(303);
    expect((await filter(`Inne ${tag}`, `zzz${tag}`)).statusCode).toBe(303);
    // A task of theirs still open for the coordinator (set up as a row: opening one through the journey would also mail it).
    await s.db.insertInto('tasks').values({ key: `gdpr-digest-${tag}`, kind: 'original_pending', application_id: flow.participantId, project_id: flow.projectId, assignee_role: 'coordinator', assignee_user_id: s.users.coordinator.id, due_at: new Date(), payload: JSON.stringify({}) }).execute();
    const digests = await createReminderActivities({ db: s.db, now: () => new Date() }).enqueueDigests({ day: dueOn });
    const digestText = () => s.db.selectFrom('outbox').select(sql<string>`string_agg(subject || body_text || coalesce(body_html, ''), '|')`.as('t')).where('id', 'in', digests).executeTakeFirstOrThrow();
    expect((await digestText()).t).toContain(names.lastName);

    const asOf = new Date();
    const before = await getIndicators(s.db, flow.projectId, asOf);
    const birthBefore = (await s.db.selectFrom('applications').select('birth_date').where('id', '=', flow.participantId).executeTakeFirstOrThrow()).birth_date;
    const result = await anonymizeProject(s.db, { id: s.users.admin.id, ip: '127.0.0.1' }, flow.projectId, dueOn);
    expect(result).toEqual({ projectId: flow.projectId, dueOn, anonymized: 2 });
    expect(await getIndicators(s.db, flow.projectId, asOf)).toEqual(before);
    // Not an empty report: the participant counts (supported, with a disability, a woman…).
    expect(before.counts.filter((c) => c.ids.includes(flow.participantId)).length).toBeGreaterThan(1);

    const rows = await s.db.selectFrom('applications').selectAll().where('project_id', '=', flow.projectId).execute();
    for (const r of rows) {
      expect(r).toMatchObject({ first_name: 'Anonimizowano', last_name: '', pesel: '', opinion: null, end_note: null, rejection_reason: null });
      expect(r.anonymized_at).toBeInstanceOf(Date);
    }
    const started = todayInWarsaw(asOf);
    const participant = rows.find((r) => r.id === flow.participantId)!;
    expect(participant.birth_date).toBe(anonymizedBirthDate(birthBefore, started));
    expect(ageOn(participant.birth_date, started)).toBe(ageOn(birthBefore, started));
    expect(participant).toMatchObject({ sex: 'K', disability: true, stage: 'follow_up_1', end_reason: 'completed' });

    // Nothing about the person is left in any row of the project (notes, reasons, answers included).
    const { rows: dump } = await sql<{ t: string }>`
      select string_agg(x, '|') as t from (
        select t::text as x from applications t where project_id = ${flow.projectId}
        union all select t::text from journey_events t join applications a on a.id = t.application_id where a.project_id = ${flow.projectId}
        union all select t::text from follow_ups t join applications a on a.id = t.application_id where a.project_id = ${flow.projectId}
        union all select t::text from decisions t where project_id = ${flow.projectId}
      ) rows`.execute(s.db);
    for (const secret of [...secrets(), PLAIN_TEXTS.note, PLAIN_TEXTS.reason, PLAIN_TEXTS.opinion]) expect(dump[0]!.t.includes(secret), secret).toBe(false);
    expect(dump[0]!.t).toContain('completed');
    const pdfs = await s.db.selectFrom('sittings').select('protocol_pdf').where('project_id', '=', flow.projectId).execute();
    for (const p of pdfs) expect(p.protocol_pdf).toBeNull();

    // The digests no longer name them; only the unrelated saved filter is left; the scores are gone.
    expect((await digestText()).t).not.toContain(names.lastName);
    const left = await coordinator.get('/participants');
    expect(left.body).toContain(`Inne ${tag}`);
    expect(left.body).not.toContain('Szukam');
    expect(left.body).not.toContain('Po PESEL');
    expect(left.body).not.toContain(names.lastName);
    expect(participant.scores).toBeNull();

    // The export now holds nothing that identifies; running again (or the CLI's sweep) changes nothing.
    const exported = await s.call('coordinator', 'GET', `/api/participants/${flow.participantId}/export`);
    for (const secret of secrets()) expect(JSON.stringify(exported.body)).not.toContain(secret);
    expect((await anonymizeProject(s.db, null, flow.projectId, dueOn)).anonymized).toBe(0);
    expect((await anonymizeDueProjects(s.db, dueOn)).filter((r) => r.projectId === flow.projectId)).toEqual([]);
    const audited = await s.db.selectFrom('audit_log').select('details').where('action', '=', 'project_anonymized').where('entity_id', '=', flow.projectId).orderBy('id').execute();
    expect(audited[0]!.details).toEqual({ anonymized: 2, dueOn });
  });

  it('keeps the age at entry when it anonymizes a birth date', () => {
    expect(anonymizedBirthDate('1990-12-31', '2024-03-01')).toBe('1991-03-01');
    expect(ageOn('1991-03-01', '2024-03-01')).toBe(ageOn('1990-12-31', '2024-03-01'));
    expect(anonymizedBirthDate('2006-03-02', '2024-02-29')).toBe('2007-02-28');
    expect(ageOn('2007-02-28', '2024-02-29')).toBe(ageOn('2006-03-02', '2024-02-29'));
    expect(anonymizedBirthDate('1985-07-14', null)).toBe('1985-01-01');
    expect(anonymizationDueOn('2027-02-28', 1)).toBe('2028-02-28');
  });
});

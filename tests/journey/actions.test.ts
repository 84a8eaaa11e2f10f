// Human actions on a journey: refused actions in every stage leave no trace; retried requests have
// one effect; the late-signature flow; rules migration; the service's input checks.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JourneyAction, JourneyActions } from '../../domain/journey';
import { AppError } from '../../domain/errors';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { warsawDay } from '../../domain/warsaw-time';
import { workingDaysBetween } from '../../domain/working-days';
import { act, getParticipant, NotAllowedNowError, submitApplication } from '../../server/services/journeys';
import { Journey, testPesel } from './driver';
import { timeSkippingWorld } from './world';

const w = await timeSkippingWorld();

async function trace(j: Journey) {
  const app = await w.db.selectFrom('applications').selectAll().where('id', '=', j.applicationId).executeTakeFirstOrThrow();
  const count = async (t: 'documents' | 'attendance' | 'follow_ups' | 'support_plan' | 'letters') =>
    (await w.db.selectFrom(t).select(w.db.fn.countAll<number>().as('n')).where('application_id', '=', j.applicationId).executeTakeFirstOrThrow()).n;
  return {
    app, events: (await j.events()).length, tasks: await j.tasks(),
    documents: await count('documents'), attendance: await count('attendance'), followUps: await count('follow_ups'), plan: await count('support_plan'),
    letters: await count('letters'),
  };
}

/** The action is refused with a reason matching `en`, and nothing in the database changed. */
async function refused<A extends JourneyAction>(j: Journey, action: A, args: Omit<JourneyActions[A][0], 'actorId'>, en: RegExp, actor = w.coordinator) {
  const before = await trace(j);
  const err = await j.act(action, args, actor).then(() => undefined, (e: unknown) => e);
  expect(err, `${action} should be refused`).toBeInstanceOf(NotAllowedNowError);
  expect((err as NotAllowedNowError).reason.en).toMatch(en);
  expect((err as NotAllowedNowError).reason.pl.length).toBeGreaterThan(0);
  expect((err as AppError).status).toBe(409);
  expect(await trace(j)).toEqual(before);
}

const scores = { disability: 10, long_term_unemployed: 5, popz: 5, multiple_exclusion: 10, worker_opinion: 10 };

describe('refused actions leave no trace', () => {
  it('in every stage from applied to closed', async () => {
    const j = new Journey(w);
    await j.submit();
    const today = await j.today();
    const sign = { signedOn: today, kinds: ['declaration', 'contract', 'data_statement'] } as Omit<JourneyActions['signDocuments'][0], 'actorId'>;
    const attend = { sessionOn: today, formCode: 'kis', plannedHours: 4, attendedHours: 4, absent: false };
    const fu1 = { number: 1 as const, recordedOn: today, data: { qualificationObtained: false, jobSeeking: true, working: false } };

    // applied
    await refused(j, 'signDocuments', sign, /not qualified/);
    await refused(j, 'recordAttendance', attend, /only allowed during participation/);
    await refused(j, 'recordFollowUp', fu1, /after the end/);
    await refused(j, 'recordOriginal', { receivedOn: today }, /no original/);
    await refused(j, 'screen', { scores: { ...scores, popz: 6 }, opinion: 'x' }, /popz must be 0\.\.5/);
    await refused(j, 'screen', { scores: { ...scores, unknown: 1 }, opinion: 'x' }, /unknown criterion/);
    await refused(j, 'migrateRules', { toVersion: 1 }, /newer than 1/);
    await refused(j, 'endParticipation', { reason: 'completed', endedOn: today }, /only allowed during participation/);

    // screened
    await j.screen();
    await refused(j, 'screen', { scores, opinion: 'again' }, /already been screened/);
    await refused(j, 'signDocuments', sign, /not qualified/);

    // decided (qualified, not approved yet)
    await j.decide('qualified');
    await j.waitStage('decided');
    await j.waitForDb(() => w.db.selectFrom('letters').select('kind').where('application_id', '=', j.applicationId).execute(), (l) => l.length === 1, 'letter');
    await refused(j, 'signDocuments', sign, /not approved/);
    await refused(j, 'recordLetterSent', { letterKey: 'nope', sentOn: today }, /no such letter/);

    // joining
    await j.approveList();
    await j.waitStage('joining');
    await refused(j, 'signDocuments', { ...sign, kinds: ['declaration', 'contract'] }, /missing: data_statement/);
    await refused(j, 'signDocuments', { ...sign, signedOn: await j.daysFromToday(1) }, /future/);
    await refused(j, 'planSupport', { items: [{ formCode: 'kis', hours: 10 }] }, /only allowed during participation/);
    await refused(j, 'recordJob', { foundOn: today }, /only allowed during participation/);

    // support
    await j.sign();
    await j.waitStage('support');
    await refused(j, 'signDocuments', sign, /already signed/);
    await refused(j, 'recordAttendance', { ...attend, attendedHours: 5 }, /within planned hours/);
    await refused(j, 'recordAttendance', { ...attend, sessionOn: await j.daysFromToday(-1) }, /before/);
    await refused(j, 'justifyAbsence', { sessionOn: today, formCode: 'kis', justification: 'phone', justifiedOn: today }, /no such absence/);
    await refused(j, 'endParticipation', { reason: 'struck_off', endedOn: today }, /documented reason/);
    await refused(j, 'recordFollowUp', fu1, /after the end/);
    await refused(j, 'planSupport', { items: [] }, /empty/);

    // ended (follow-up 1 is due when the office next opens: at once on a working day, after a weekend otherwise)
    await j.end('completed');
    await j.sleepUntilTasks((k) => k.includes('follow_up_1_due'), 'follow-up 1 due', 4);
    await refused(j, 'recordAttendance', attend, /only allowed during participation/);
    await refused(j, 'recordFollowUp', { number: 2, recordedOn: today, data: { socialProgress: true, employed: false } }, /not due before/);
    await refused(j, 'recordFollowUp', { ...fu1, recordedOn: await j.daysFromToday(1) }, /future/);

    // follow_up_1
    await j.followUp1();
    await j.waitStage('follow_up_1');
    await j.waitForDb(() => j.openTaskKinds(), (k) => k.length === 0, 'follow-up 1 task resolved');
    await refused(j, 'recordFollowUp', fu1, /already recorded/);

    // closed: the workflow has finished, the action cannot reach it
    await j.sleepDays(30);
    await j.followUp2();
    const before0 = await w.env.currentTimeMs();
    await j.result();
    expect(await w.env.currentTimeMs() - before0).toBeLessThan(60 * 60 * 1000); // no leap in time
    const before = await trace(j);
    await expect(j.act('recordJob', { foundOn: today })).rejects.toMatchObject({ code: 'not_allowed_now' });
    expect(await trace(j)).toEqual(before);
  });

  it('an unknown journey is not found; a role without the right is forbidden', async () => {
    await expect(act(w, w.worker, randomUUID(), 'recordJob', { foundOn: '2026-01-01' }, randomUUID())).rejects.toMatchObject({ code: 'not_found' });
    await expect(act(w, { id: w.worker.id, role: 'auditor' }, randomUUID(), 'recordJob', { foundOn: '2026-01-01' }, randomUUID())).rejects.toMatchObject({ code: 'forbidden' });
    await expect(act(w, w.worker, randomUUID(), 'migrateRules', { toVersion: 2 }, randomUUID())).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('retries and idempotency', () => {
  it('a retried submission and a retried click have one effect', async () => {
    const requestId = randomUUID();
    const input = {
      projectId: w.projectId, firstName: 'Jan', lastName: 'Kowalski', pesel: testPesel(901), birthDate: '2002-03-15', sex: 'K', channel: 'post',
    };
    const a = await submitApplication(w, w.worker, input, requestId);
    const b = await submitApplication(w, w.worker, input, requestId);
    expect(b).toEqual(a);
    const rows = await w.db.selectFrom('applications').select('id').where('request_id', '=', requestId).execute();
    expect(rows).toHaveLength(1);

    const j = new Journey(w);
    j.applicationId = a.applicationId;
    await j.waitFor((s) => s.stage === 'applied');
    const click = randomUUID();
    const r1 = await j.act('screen', { scores, opinion: 'Tak' }, w.worker, click);
    const r2 = await j.act('screen', { scores, opinion: 'Tak' }, w.worker, click);
    expect(r2).toEqual(r1);
    expect(r1).toEqual({ points: 40 });
    expect((await j.events()).filter((e) => e.type === 'screened')).toHaveLength(1);
  });

  it('the application form is checked (PESEL against birth date and sex) before anything is stored', async () => {
    // A surname of this test's own: the run's database is shared with other files.
    const lastName = `Nowak${randomUUID().replace(/[^a-f]/g, '').slice(0, 8)}`;
    const bad = { projectId: w.projectId, firstName: 'Anna', lastName, pesel: '02231512347', birthDate: '2002-03-16', sex: 'M', channel: 'post' };
    const err = await submitApplication(w, w.worker, bad, randomUUID()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_input' });
    expect((err as AppError).fields.map((f) => f.field).sort()).toEqual(['birthDate', 'sex']);
    const wrong = await submitApplication(w, w.worker, { ...bad, pesel: '02231512348' }, randomUUID()).catch((e: unknown) => e);
    expect((wrong as AppError).fields).toContainEqual({ field: 'pesel', message: 'PESEL ma błędną cyfrę kontrolną' });
    expect(await w.db.selectFrom('applications').select('id').where('last_name', '=', lastName).execute()).toEqual([]);
  });
});

describe('image consent (att. 3)', () => {
  it('withdrawn through the journey, signed again during participation, withdrawn again; refused when not signed', async () => {
    const j = new Journey(w);
    await j.toSupport();
    const today = await j.today();
    // The Update the GDPR service sends (tests/security/personal-data.test.ts goes through the service,
    // whose clock is the real one; this world's has skipped ahead).
    const withdraw = () => j.act('withdrawImageConsent', { withdrawnOn: today });
    await refused(j, 'withdrawImageConsent', { withdrawnOn: today }, /not signed/);
    await j.act('signDocuments', { signedOn: today, kinds: ['image_consent'] });
    await refused(j, 'withdrawImageConsent', { withdrawnOn: '2999-01-01' }, /withdrawn on/);

    expect(await withdraw()).toEqual({ withdrawnOn: today });
    expect((await j.state()).documents.image_consent).toBeUndefined();
    expect((await getParticipant(w.db, w.coordinator, j.applicationId)).documents.map((d) => d.kind)).not.toContain('image_consent');

    // The journey takes a new signature, which counts again; that one can be withdrawn too.
    await j.act('signDocuments', { signedOn: today, kinds: ['image_consent'] });
    const doc = () => w.db.selectFrom('documents').selectAll().where('application_id', '=', j.applicationId).where('kind', '=', 'image_consent').executeTakeFirstOrThrow();
    expect(await doc()).toMatchObject({ signed_on: today, withdrawn_on: null });
    expect(await withdraw()).toEqual({ withdrawnOn: today });
    expect(await doc()).toMatchObject({ withdrawn_on: today, withdrawn_by: w.worker.id });
    expect((await j.events()).filter((e) => e.type === 'image_consent_withdrawn')).toHaveLength(2);
    await refused(j, 'withdrawImageConsent', { withdrawnOn: today }, /already withdrawn/);
  });
});

describe('joining deadlines, late signature, rules migration', () => {
  it('unsigned: reminder to the social worker, then the coordinator and the round; a late signature waits for the round', async () => {
    const j = new Journey(w);
    await j.toJoining();
    await j.sleepUntilTasks((k) => k.includes('sign_reminder'), 'sign reminder'); // N = 5 working days
    const [reminder] = await j.tasks();
    expect(reminder).toMatchObject({ kind: 'sign_reminder', assignee_role: 'social_worker', assignee_user_id: w.worker.id });
    const joined = (await j.events()).find((e) => e.stage_after === 'joining')!;
    const gap = (from: Date, to: Date) => workingDaysBetween(warsawDay(from), warsawDay(to));
    expect(gap(new Date(joined.occurred_at), new Date(reminder!.due_at))).toBe(DEFAULT_RULES.signingReminderDays);
    // M = 5 more working days: escalation
    expect(await j.sleepUntilTasks((k) => k.length === 2, 'escalation')).toEqual(['sign_escalation', 'sign_reminder']);
    const escalation = (await j.tasks()).find((t) => t.kind === 'sign_escalation')!;
    expect(gap(new Date(reminder!.due_at), new Date(escalation.due_at))).toBe(DEFAULT_RULES.signingEscalationDays);
    await j.waitFor((s) => s.signingEscalated);
    const freed = (await j.events()).filter((e) => e.type === 'round_notified').map((e) => e.payload);
    expect(freed.at(-1)).toMatchObject({ kind: 'placeFreed', reason: 'not_signed' });

    const requestId = randomUUID();
    const res = await j.act('signDocuments', { signedOn: await j.today(), kinds: ['declaration', 'contract', 'data_statement'] }, w.worker, requestId);
    expect(res).toEqual({ started: false, awaitingPlaceConfirmation: true });
    expect(await j.stage()).toBe('joining');
    const ask = (await j.events()).at(-1)!;
    expect(ask.payload).toMatchObject({ kind: 'confirmPlace', requestId: `u:${requestId}` });
    // Signed: the social worker's reminder is resolved; the coordinator's escalation waits for the round.
    expect(await j.openTaskKinds()).toEqual(['sign_escalation']);
    await j.confirmPlace(`u:${requestId}`, true);
    await j.waitStage('support');
    expect(await j.waitForDb(() => j.openTaskKinds(), (k) => k.length === 0, 'sign tasks resolved')).toEqual([]);
    expect((await j.tasks()).map((t) => [t.kind, t.closed_automatically, t.close_reason, t.closed_by]).sort()).toEqual([
      ['sign_escalation', true, 'documents signed', null], ['sign_reminder', true, 'documents signed', null],
    ]);
    const app = await w.db.selectFrom('applications').select('participation_started_on').where('id', '=', j.applicationId).executeTakeFirstOrThrow();
    expect(app.participation_started_on).toBe(await j.today());
  });

  it('a late signature the round refuses closes the journey', async () => {
    const j = new Journey(w);
    await j.toJoining();
    await j.sleepUntilTasks((k) => k.includes('sign_escalation'), 'escalation');
    await j.waitFor((s) => s.signingEscalated);
    const requestId = randomUUID();
    await j.act('signDocuments', { signedOn: await j.today(), kinds: ['declaration', 'contract', 'data_statement'] }, w.worker, requestId);
    await j.confirmPlace(`u:${requestId}`, false);
    expect(await j.result()).toMatchObject({ stage: 'closed' });
    expect((await j.events()).at(-1)).toMatchObject({ type: 'place_lost', stage_after: 'closed' });
  });

  it('attendance back above the threshold and a justified absence resolve their tasks', async () => {
    const j = new Journey(w);
    await j.toSupport();
    const day = await j.today();
    await j.attend(day, 1);
    expect(await j.openTaskKinds()).toEqual(['attendance_low']);
    await j.sleepUntilTasks((k) => k.some((x) => x.startsWith('absence_unjustified:')), 'absence task');
    // Left open for 7 working days, the attendance task has climbed the chain (2 working days a step).
    const attendanceLow = (await j.tasks()).filter((t) => t.kind === 'attendance_low' && t.state === 'open');
    expect(attendanceLow.map((t) => [t.assignee_role, t.escalation_level])).toEqual([['social_worker', 0], ['coordinator', 1], ['director', 2]]);
    await j.act('justifyAbsence', { sessionOn: day, formCode: 'support_group', justification: 'written', justifiedOn: await j.today() });
    for (let i = 1; i <= 4; i++) await j.attend(await j.daysFromToday(-i), 4);
    expect(await j.waitForDb(() => j.openTaskKinds(), (k) => k.length === 0, 'resolved')).toEqual([]);
    const closed = [...new Set((await j.tasks()).map((t) => t.close_reason))].sort();
    expect(closed).toEqual(['absence justified', 'attendance back above the threshold']);
    // Every step of the chain closed with its cause, automatically (the escalated copies too).
    expect((await j.tasks()).filter((t) => !t.closed_automatically || t.closed_by !== null)).toEqual([]);
    const absence = (await j.tasks()).filter((t) => t.kind.startsWith('absence_unjustified:'));
    expect(absence.length).toBeGreaterThan(0);
    expect(absence.map((t) => t.close_reason)).toEqual(absence.map(() => 'absence justified'));
    const att = await w.db.selectFrom('attendance').selectAll().where('application_id', '=', j.applicationId).where('session_on', '=', day).executeTakeFirstOrThrow();
    expect(att).toMatchObject({ absent: true, justified: true, justification: 'written' });
  });

  it('a coordinator migrates a running journey to a newer rules version; unknown versions are refused', async () => {
    // Issued after the application: it started on version 1 (an application starts on the version in effect).
    const j = new Journey(w);
    await j.submit();
    await w.db.insertInto('project_rules').values({
      project_id: w.projectId, version: 2, rules: JSON.stringify({ ...DEFAULT_RULES, version: 2, criteria: [{ code: 'only', label: 'Jedyne', maxPoints: 3 }] }),
    }).execute();
    await expect(j.act('migrateRules', { toVersion: 7 }, w.coordinator)).rejects.toBeInstanceOf(AppError);
    expect((await j.events()).map((e) => e.type)).toEqual(['applied']);
    expect(await j.act('migrateRules', { toVersion: 2 }, w.coordinator)).toEqual({ rulesVersion: 2 });
    await refused(j, 'screen', { scores, opinion: 'x' }, /unknown criterion/);
    expect(await j.act('screen', { scores: { only: 3 }, opinion: 'ok' })).toEqual({ points: 3 });
    const app = await w.db.selectFrom('applications').select(['rules_version', 'points']).where('id', '=', j.applicationId).executeTakeFirstOrThrow();
    expect(app).toEqual({ rules_version: 2, points: 3 });
    await w.db.deleteFrom('project_rules').where('project_id', '=', w.projectId).where('version', '=', 2).execute();
  });

  it('a rules migration moves the deadline of a timer already running (signing reminder 5 -> 1 working day)', async () => {
    const j = new Journey(w);
    await j.toJoining();
    await w.db.insertInto('project_rules').values({
      project_id: w.projectId, version: 3, rules: JSON.stringify({ ...DEFAULT_RULES, version: 3, signingReminderDays: 1 }),
    }).execute();
    const joined = (await j.events()).find((e) => e.stage_after === 'joining')!;
    await j.act('migrateRules', { toVersion: 3 }, w.coordinator);
    await j.sleepUntilTasks((k) => k.includes('sign_reminder'), 'sign reminder after the migration', 4);
    const reminder = (await j.tasks()).find((t) => t.kind === 'sign_reminder')!;
    expect(workingDaysBetween(warsawDay(new Date(joined.occurred_at)), warsawDay(new Date(reminder.due_at)))).toBe(1);
    await j.handle.terminate('test done');
    await w.db.deleteFrom('project_rules').where('project_id', '=', w.projectId).where('version', '=', 3).execute();
  });

  it('an e-mailed original recorded stops the reminders; a letter is recorded as sent; the participant view reads it all', async () => {
    const j = new Journey(w);
    await j.submit({ channel: 'email_scan' });
    await j.sleepUntilTasks((k) => k.includes('original_pending'), 'original reminder');
    await j.act('recordOriginal', { receivedOn: await j.today() });
    expect(await j.waitForDb(() => j.openTaskKinds(), (k) => k.length === 0, 'reminder resolved')).toEqual([]);
    expect((await j.tasks()).map((t) => [t.kind, t.closed_automatically, t.close_reason])).toEqual([['original_pending', true, 'original received']]);
    await j.screen();
    await j.decide('reserve', { reservePosition: 3 });
    const s = await j.waitFor((x) => x.letters.length === 1);
    await j.act('recordLetterSent', { letterKey: s.letters[0]!.key, sentOn: await j.today() }, w.coordinator);
    const view = await getParticipant(w.db, w.coordinator, j.applicationId);
    expect(view.application).toMatchObject({ stage: 'decided', decision: 'reserve', reserve_position: 3, original_pending: false });
    expect(view.letters).toMatchObject([{ kind: 'result_reserve', sentOn: await j.today() }]);
    expect(view.events.map((e) => e.type)).toEqual(['applied', 'original_received', 'screened', 'round_notified', 'decided', 'letter_sent']);
    await expect(getParticipant(w.db, w.coordinator, randomUUID())).rejects.toMatchObject({ code: 'not_found' });
    await j.handle.terminate('test done');
  });
});

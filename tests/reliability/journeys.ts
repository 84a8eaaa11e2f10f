// Journeys under faults: each one driven through the real service (submitApplication, act) and the
// round's signals by the journey test driver, every call retried the way a client retries (the same
// request id, so a retry is the same request), and afterwards the database checked for exactly the
// side effects the path should have left: events, letters, tasks, e-mails.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { expect } from 'vitest';
import { toAppError } from '../../server/errors';
import type { Stage } from '../../domain/types';
import { Journey, testPesel, type World } from '../journey/driver';
import { submitApplication } from '../../server/services/journeys';

export type Plan = 'rejected' | 'reserve' | 'support';
export const PLANS: Plan[] = ['rejected', 'reserve', 'support'];

/** What each path must leave behind, once. */
const EXPECTED: Record<Plan, { stage: Stage; events: string[]; letters: string[]; tasks: string[] }> = {
  rejected: { stage: 'closed', events: ['applied', 'screened', 'round_notified', 'decided', 'closed'], letters: ['result_rejected'], tasks: [] },
  reserve: { stage: 'decided', events: ['applied', 'screened', 'round_notified', 'decided'], letters: ['result_reserve'], tasks: [] },
  support: {
    stage: 'support',
    events: ['applied', 'screened', 'round_notified', 'decided', 'list_approved', 'participation_started', 'attendance_recorded'],
    letters: ['result_qualified'],
    // An absence at the first session: attendance 0% < 80% opens a task, which e-mails the social worker.
    tasks: ['attendance_low'],
  },
};

const SCORES = { disability: 10, long_term_unemployed: 5, popz: 5, multiple_exclusion: 4, worker_opinion: 8 };

/** Counts the retries the faults forced on the clients. */
export const retries = { calls: 0, signals: 0 };

/**
 * Retries a call the way a client retries a 503: only when the app would answer "unavailable"
 * (Temporal or the database down, a journey catching up). Anything the app would answer with a 500
 * or a refusal fails the test.
 */
export async function retrying<T>(fn: () => Promise<T>, deadline: number): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const { error, kind } = toAppError(err);
      if (error.code !== 'unavailable' || kind === 'internal') throw err;
      if (Date.now() > deadline) throw err;
      retries.calls++;
      await sleep(500);
    }
  }
}

async function signalCount(handle: WorkflowHandle, name: string): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === name).length;
}

/**
 * Sends a signal exactly once although the call may fail after the server took it (a restart): before
 * sending again, the history says whether the first one landed.
 */
async function signalOnce(handle: WorkflowHandle, name: string, send: () => Promise<void>, deadline: number): Promise<void> {
  const before = await retrying(() => signalCount(handle, name), deadline);
  for (;;) {
    try {
      return await send();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      retries.signals++;
      await sleep(500);
      if ((await retrying(() => signalCount(handle, name), deadline)) > before) return;
    }
  }
}

async function waitForDbStage(j: Journey, stage: Stage, deadline: number): Promise<void> {
  for (;;) {
    const now = await retrying(() => j.stage(), deadline);
    if (now === stage) return;
    if (Date.now() > deadline) throw new Error(`journey ${j.applicationId} stuck in ${now}, expected ${stage}`);
    await sleep(1000);
  }
}

/** One journey along its plan, to the stage the plan ends in. */
export async function drive(w: World, plan: Plan, serial: number, deadline: number): Promise<Journey> {
  const j = new Journey(w);
  const input = {
    projectId: w.projectId, firstName: 'Zofia', lastName: 'Łękawska', pesel: testPesel(serial), birthDate: '2002-03-15', sex: 'K',
    disability: false, targetGroup: 'poverty', channel: 'in_person',
  };
  const submitId = randomUUID();
  j.applicationId = (await retrying(() => submitApplication(w, w.worker, input, submitId), deadline)).applicationId;
  const screenId = randomUUID();
  await retrying(() => j.act('screen', { scores: SCORES, opinion: 'Rekomenduję udział.' }, w.worker, screenId), deadline);

  if (plan === 'rejected') {
    await signalOnce(j.handle, 'decided', () => j.decide('rejected', { reason: 'Brak miejsc w grupie docelowej' }), deadline);
  } else if (plan === 'reserve') {
    await signalOnce(j.handle, 'decided', () => j.decide('reserve', { reservePosition: serial }), deadline);
  } else {
    await signalOnce(j.handle, 'decided', () => j.decide('qualified'), deadline);
    await signalOnce(j.handle, 'listApproved', () => j.approveList(), deadline);
    await waitForDbStage(j, 'joining', deadline);
    const today = await j.today();
    const signId = randomUUID();
    await retrying(() => j.act('signDocuments', { signedOn: today, kinds: ['declaration', 'contract', 'data_statement'] }, w.worker, signId), deadline);
    const attendId = randomUUID();
    await retrying(
      () => j.act('recordAttendance', { sessionOn: today, formCode: 'support_group', plannedHours: 4, attendedHours: 0, absent: true }, w.worker, attendId),
      deadline,
    );
  }
  await waitForDbStage(j, EXPECTED[plan].stage, deadline);
  return j;
}

export interface Found {
  stage: Stage;
  events: string[];
  letters: string[];
  tasks: string[];
  /** Outbox rows of the journey's tasks: status and how many copies the SMTP server received. */
  mails: { status: string; received: number }[];
}

/** What the database (and the SMTP server) hold for one journey. */
export async function found(w: Pick<World, 'db'>, applicationId: string, receivedIds: string[]): Promise<Found> {
  const app = await w.db.selectFrom('applications').select('stage').where('id', '=', applicationId).executeTakeFirstOrThrow();
  const events = await w.db.selectFrom('journey_events').select('type').where('application_id', '=', applicationId).orderBy('id').execute();
  const letters = await w.db.selectFrom('letters').select('kind').where('application_id', '=', applicationId).orderBy('created_at').execute();
  const tasks = await w.db.selectFrom('tasks').select(['id', 'kind']).where('application_id', '=', applicationId).orderBy('created_at').execute();
  const mails = tasks.length === 0 ? [] : await w.db
    .selectFrom('outbox').select(['status', 'smtp_message_id']).where('task_id', 'in', tasks.map((t) => t.id)).execute();
  return {
    stage: app.stage,
    events: events.map((e) => e.type),
    letters: letters.map((l) => l.kind),
    tasks: tasks.map((t) => t.kind),
    mails: mails.map((m) => ({ status: m.status, received: receivedIds.filter((id) => id === m.smtp_message_id).length })),
  };
}

/** The expected record of a plan: one e-mail per task, delivered once. */
export function expected(plan: Plan): Found {
  const e = EXPECTED[plan];
  return { ...e, mails: e.tasks.map(() => ({ status: 'sent', received: 1 })) };
}

/**
 * Waits until every journey's record is complete (deliveries and retried activities may trail the
 * drives), then returns what was found: the caller compares it with `expected`.
 */
export async function settle(
  w: World,
  journeys: { plan: Plan; j: Journey }[],
  receivedIds: () => string[],
  deadline: number,
  want: (plan: Plan) => Found = expected,
) {
  for (;;) {
    const result: { plan: Plan; id: string; found: Found }[] = [];
    for (const { plan, j } of journeys) result.push({ plan, id: j.applicationId, found: await found(w, j.applicationId, receivedIds()) });
    const done = result.every((r) => JSON.stringify(r.found) === JSON.stringify(want(r.plan)) || r.found.mails.some((m) => m.status === 'unconfirmed'));
    if (done || Date.now() > deadline) return result;
    await sleep(1000);
  }
}

/**
 * Drives `n` journeys (plans in rotation, PESELs from `firstSerial`) at once. All settle before the first
 * failure is thrown, so a failed drive does not leave the others running into the next test.
 */
export async function driveAll(w: World, n: number, firstSerial: number, deadline: number, context: () => string = () => ''): Promise<{ plan: Plan; j: Journey }[]> {
  const plans: Plan[] = Array.from({ length: n }, (_, i) => PLANS[i % PLANS.length]!);
  const outcomes = await Promise.allSettled(plans.map(async (plan, i) => ({ plan, j: await drive(w, plan, firstSerial + i, deadline) })));
  const failed = outcomes.find((o) => o.status === 'rejected');
  if (failed) throw new Error(`a journey failed: ${String(failed.reason)}\n${context()}`);
  return outcomes.map((o) => (o as PromiseFulfilledResult<{ plan: Plan; j: Journey }>).value);
}

/**
 * Waits for every journey's record, then asserts it: the plan's stage, events, letters and tasks, and each
 * task's e-mail delivered once. A crash inside the SMTP hand-over may leave a message 'unconfirmed' (never
 * resent): it arrived at most once. No message reached the mail server twice.
 */
export async function expectRecords(w: World, journeys: { plan: Plan; j: Journey }[], received: () => string[], deadline: number): Promise<{ unconfirmed: number }> {
  const result = await settle(w, journeys, received, deadline);
  let unconfirmedCount = 0;
  for (const r of result) {
    const unconfirmed = r.found.mails.filter((m) => m.status === 'unconfirmed');
    unconfirmedCount += unconfirmed.length;
    for (const m of unconfirmed) expect(m.received, `journey ${r.id}`).toBeLessThanOrEqual(1);
    const want = expected(r.plan);
    expect({ ...r.found, mails: r.found.mails.filter((m) => m.status !== 'unconfirmed') }, `journey ${r.id} (${r.plan})`).toEqual({
      ...want,
      mails: want.mails.slice(unconfirmed.length),
    });
  }
  expect(new Set(received()).size).toBe(received().length);
  return { unconfirmed: unconfirmedCount };
}

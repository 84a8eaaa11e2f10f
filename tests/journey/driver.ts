// Drives participant journeys on the time-skipping server through the real service functions, and
// describes each path once: the tests run the paths with checks between steps, and
// tests/journey/replay.test.ts (RECORD_HISTORIES=1) runs them to record the histories it replays.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../../db/connect';
import type { JourneyAction, JourneyActions, JourneySnapshot } from '../../domain/journey';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { peselCheckDigit } from '../../domain/pesel';
import type { DocumentKind, Stage } from '../../domain/types';
import { warsawDay } from '../../domain/warsaw-time';
import { addCalendarDays } from '../../domain/working-days';
import { act, NotAllowedNowError, reassignSocialWorker, submitApplication, type Actor, type ApplicationInput } from '../../server/services/journeys';
import { correctParticipant } from '../../server/services/corrections';
import { createSession, recordSheet } from '../../server/services/sessions';
import { decidedSignal, listApprovedSignal, placeConfirmationSignal, type DecisionMessage } from '../../contracts/signals';
import { journeyWorkflowId, journeyStateQuery } from '../../contracts/journey';

export interface World {
  env: TestWorkflowEnvironment;
  temporal: TestWorkflowEnvironment['client'];
  db: Db;
  taskQueue: string;
  projectId: string;
  worker: Actor;
  /** A second social worker, who takes participants over. */
  otherWorker: Actor;
  coordinator: Actor;
}

/** A user and a project with the default regulations stored as version 1. */
export async function createWorld(db: Db, env: TestWorkflowEnvironment, taskQueue: string): Promise<World> {
  const mk = async (role: Actor['role']) => {
    const u = await db
      .insertInto('users')
      .values({ email: `${role}-${randomUUID()}@example.test`, name: role, role, password_hash: 'x', all_projects: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: u.id, role };
  };
  const project = await db
    .insertInto('projects')
    .values({ code: `P-${randomUUID().slice(0, 8)}`, name: 'DRUGI BRZEG', starts_on: '2022-01-03', ends_on: '2030-06-30', places: 55, config: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { env, temporal: env.client, db, taskQueue, projectId: project.id, worker: await mk('social_worker'), otherWorker: await mk('social_worker'), coordinator: await mk('coordinator') };
}

/** A valid PESEL for a woman born on 2002-03-15 (month coded +20 for the 2000s), varied by serial. */
export function testPesel(serial: number): string {
  const first10 = `022315${String(serial % 1000).padStart(3, '0')}4`;
  return first10 + String(peselCheckDigit(first10));
}

let serial = 100;

export class Journey {
  applicationId = '';
  constructor(readonly w: World) {}

  get handle() {
    return this.w.env.client.workflow.getHandle(journeyWorkflowId(this.applicationId));
  }

  async submit(over: Partial<ApplicationInput> = {}, requestId = randomUUID()) {
    const res = await submitApplication(this.w, this.w.worker, {
      projectId: this.w.projectId,
      firstName: 'Zofia',
      lastName: 'Łękawska',
      pesel: testPesel(serial++),
      birthDate: '2002-03-15',
      sex: 'K',
      disability: false,
      targetGroup: 'poverty',
      channel: 'in_person',
      ...over,
    }, requestId);
    this.applicationId = res.applicationId;
    await this.waitForDb(() => this.events(), (e) => e.length > 0, 'applied event');
    return res;
  }

  act<A extends JourneyAction>(action: A, args: Omit<JourneyActions[A][0], 'actorId'>, actor: Actor = this.w.worker, requestId = randomUUID()) {
    return act(this.w, actor, this.applicationId, action, args, requestId);
  }

  state(): Promise<JourneySnapshot> {
    return this.handle.query(journeyStateQuery);
  }

  /** Polls the live state (wall-clock; workflow time stands still meanwhile) until `ok`. */
  async waitFor(ok: (s: JourneySnapshot) => boolean, what = 'journey state'): Promise<JourneySnapshot> {
    let last: JourneySnapshot | undefined;
    for (let i = 0; i < 300; i++) {
      try {
        last = await this.state();
        if (ok(last)) return last;
      } catch {
        // not started yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
  }

  /** Polls the database until `ok` holds (activities run after timers fire). */
  async waitForDb<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
    let v = await read();
    for (let i = 0; i < 300 && !ok(v); i++) {
      await new Promise((r) => setTimeout(r, 100));
      v = await read();
    }
    if (!ok(v)) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    return v;
  }

  async today(): Promise<string> {
    return warsawDay(new Date(await this.w.env.currentTimeMs()));
  }

  async daysFromToday(n: number) {
    return addCalendarDays(await this.today(), n);
  }

  async decide(decision: DecisionMessage['decision'], extra: Partial<DecisionMessage> = {}) {
    await this.handle.signal(decidedSignal, {
      decision,
      fromReserve: false,
      decidedBy: this.w.coordinator.id,
      decidedAt: new Date(await this.w.env.currentTimeMs()).toISOString(),
      ...extra,
    });
  }

  async approveList() {
    await this.handle.signal(listApprovedSignal, { approvedBy: this.w.coordinator.id, approvedAt: new Date(await this.w.env.currentTimeMs()).toISOString() });
  }

  async confirmPlace(requestId: string, confirmed: boolean) {
    await this.handle.signal(placeConfirmationSignal, { requestId, confirmed });
  }

  stage() {
    return this.w.db.selectFrom('applications').select('stage').where('id', '=', this.applicationId).executeTakeFirstOrThrow().then((r) => r.stage);
  }

  events() {
    return this.w.db.selectFrom('journey_events').selectAll().where('application_id', '=', this.applicationId).orderBy('id').execute();
  }

  tasks() {
    return this.w.db.selectFrom('tasks').selectAll().where('application_id', '=', this.applicationId).orderBy('created_at').execute();
  }

  async openTaskKinds(): Promise<string[]> {
    return (await this.tasks()).filter((t) => t.state === 'open').map((t) => t.kind).sort();
  }

  async waitStage(stage: Stage) {
    await this.waitFor((s) => s.stage === stage, `stage ${stage}`);
    return this.waitForDb(() => this.stage(), (s) => s === stage, `db stage ${stage}`);
  }

  async sleepDays(days: number) {
    await this.w.env.sleep(`${days} days`);
  }

  /**
   * Skips time a day at a time until `done`: working-day deadlines stretch over weekends and
   * holidays, so how many calendar days a reminder takes depends on the date of the run.
   */
  async sleepUntil(done: () => Promise<boolean>, what: string, maxDays = 40): Promise<void> {
    for (let d = 0; d < maxDays; d++) {
      if (await done()) return;
      await this.sleepDays(1);
      await new Promise((r) => setTimeout(r, 150)); // let the fired timer's activity run
    }
    await this.waitForDb(done, (v) => v, what);
  }

  async sleepUntilTasks(ok: (openKinds: string[]) => boolean, what: string, maxDays = 40): Promise<string[]> {
    await this.sleepUntil(async () => ok(await this.openTaskKinds()), what, maxDays);
    return this.openTaskKinds();
  }

  // ---- common stretches of a path -----------------------------------------------------------

  async screen() {
    return this.act('screen', { scores: { disability: 0, long_term_unemployed: 5, popz: 5, multiple_exclusion: 4, worker_opinion: 8 }, opinion: 'Rekomenduję udział.' });
  }

  /** Applied -> screened -> qualified and approved -> joining. */
  async toJoining(over: Partial<ApplicationInput> = {}) {
    await this.submit(over);
    await this.screen();
    await this.decide('qualified');
    await this.approveList();
    await this.waitStage('joining');
  }

  async sign() {
    return this.act('signDocuments', { signedOn: await this.today(), kinds: ['declaration', 'contract', 'data_statement'] });
  }

  async toSupport(over: Partial<ApplicationInput> = {}) {
    await this.toJoining(over);
    await this.sign();
    await this.waitStage('support');
  }

  async attend(sessionOn: string, attendedHours: number, plannedHours = 4, formCode = 'support_group') {
    return this.act('recordAttendance', { sessionOn, formCode, plannedHours, attendedHours, absent: attendedHours < plannedHours });
  }

  async end(reason: JourneyActions['endParticipation'][0]['reason'], note?: string) {
    await this.act('endParticipation', { reason, endedOn: await this.today(), ...(note ? { note } : {}) });
    await this.waitStage('ended');
  }

  async followUp1() {
    return this.act('recordFollowUp', { number: 1, recordedOn: await this.today(), data: { qualificationObtained: true, jobSeeking: false, working: true, workingSince: await this.today() } }, this.w.coordinator);
  }

  async followUp2() {
    return this.act('recordFollowUp', { number: 2, recordedOn: await this.today(), data: { socialProgress: true, employed: true, contractType: 'employment' } }, this.w.coordinator);
  }

  /** Both follow-ups on time (the second 30 days after the first), then the journey's result. */
  async followUpsAndClose() {
    await this.followUp1();
    await this.sleepDays(30);
    await this.followUp2();
    return this.result();
  }

  /**
   * The journey's result through a plain client: the time-skipping client's result() unlocks time
   * skipping while it waits, and the test server then leaps ~10 years ahead (to a run-timeout timer),
   * which would throw every later step of the file into 2036. Paths sleep past their last timer first.
   */
  result() {
    const { payloadCodecs } = this.w.env.client.options.loadedDataConverter;
    const plain = new Client({ connection: this.w.env.connection, namespace: this.w.env.namespace ?? 'default', dataConverter: { payloadCodecs } });
    return plain.workflow.getHandle(journeyWorkflowId(this.applicationId)).result();
  }
}

/** Each recorded path, end to end, with an optional check between steps (the tests' assertions). */
export type Check = (step: string, j: Journey) => Promise<void>;
const none: Check = async () => {};

export const PATHS: Record<string, (w: World, check?: Check) => Promise<Journey>> = {
  async completed(w, check = none) {
    const j = new Journey(w);
    await j.toSupport();
    await check('support', j);
    await j.act('planSupport', { items: [{ formCode: 'support_group', hours: 40 }, { formCode: 'job_coach', hours: 10 }] });
    await j.attend(await j.today(), 4);
    await j.sleepDays(7);
    await j.attend(await j.today(), 4);
    await j.act('recordJob', { foundOn: await j.today() });
    await check('path', j);
    await j.end('completed');
    await check('ended', j);
    await j.followUp1();
    await j.waitStage('follow_up_1');
    await check('follow_up_1', j);
    await j.sleepDays(30);
    await j.followUp2();
    await j.result();
    await check('closed', j);
    return j;
  },

  async resigned(w, check = none) {
    const j = new Journey(w);
    await j.toSupport();
    await j.attend(await j.today(), 4);
    await j.sleepDays(3);
    await j.end('resigned', 'Nowa praca poza miastem (zaświadczenie pracodawcy)');
    await check('ended', j);
    await j.followUpsAndClose();
    await check('closed', j);
    return j;
  },

  async promoted(w, check = none) {
    // A reserve candidate gets the freed place: promotion letter, then joining without a second approval.
    const j = new Journey(w);
    await j.submit();
    await j.screen();
    await j.decide('reserve', { reservePosition: 2 });
    await j.waitFor((s) => s.decision === 'reserve');
    await j.handle.signal('reservePosition', { position: 1 });
    await j.waitFor((s) => s.reservePosition === 1);
    // The live state moves before the activity that records it has committed.
    await j.waitForDb(() => j.w.db.selectFrom('applications').select('reserve_position').where('id', '=', j.applicationId).executeTakeFirstOrThrow(), (r) => r.reserve_position === 1, 'db reserve position 1');
    await check('reserve', j);
    await j.decide('qualified', { fromReserve: true });
    await j.waitStage('joining');
    await check('joining', j);
    await j.sign();
    await j.waitStage('support');
    await check('support', j);
    await j.end('situation_changed', 'Zmiana sytuacji zdrowotnej');
    await j.followUpsAndClose();
    return j;
  },

  async struck_off(w, check = none) {
    const j = new Journey(w);
    await j.toSupport();
    await j.attend(await j.today(), 0);
    await j.sleepDays(1);
    await j.attend(await j.today(), 0);
    await check('absent', j);
    await j.sleepUntilTasks((k) => k.filter((x) => x.startsWith('absence_unjustified')).length === 2, 'absence tasks');
    await check('absences_unjustified', j);
    await j.end('struck_off', 'Uporczywe naruszanie regulaminu');
    await check('ended', j);
    await j.followUpsAndClose();
    return j;
  },

  async consent_and_rules(w, check = none) {
    // Rules migrated mid-path (patch rules-migration-recomputes-timers); the image consent signed,
    // withdrawn through the journey and signed again (the withdrawImageConsent Update).
    await w.db.insertInto('project_rules').values({ project_id: w.projectId, version: 7, rules: JSON.stringify({ ...DEFAULT_RULES, version: 7, absenceJustificationDays: 3 }) })
      .onConflict((oc) => oc.doNothing()).execute();
    const j = new Journey(w);
    await j.toSupport();
    const today = await j.today();
    await j.act('signDocuments', { signedOn: today, kinds: ['image_consent'] });
    await j.attend(today, 0);
    await j.act('migrateRules', { toVersion: 7 }, w.coordinator);
    await j.act('withdrawImageConsent', { withdrawnOn: today });
    await j.act('signDocuments', { signedOn: today, kinds: ['image_consent'] });
    await check('support', j);
    await j.sleepDays(7);
    await j.end('completed');
    await j.followUpsAndClose();
    return j;
  },

  async reassigned(w, check = none) {
    // Another social worker takes the participant over mid-path (the reassignSocialWorker Update): the
    // open attendance task moves along, and the absence reminder opened afterwards goes to the new worker.
    const j = new Journey(w);
    await j.toSupport();
    await j.attend(await j.today(), 0);
    await j.waitForDb(() => j.openTaskKinds(), (k) => k.includes('attendance_low'), 'attendance_low task');
    await check('before', j);
    await reassignSocialWorker(w, w.coordinator, j.applicationId, w.otherWorker.id, randomUUID());
    await check('reassigned', j);
    await j.sleepUntilTasks((k) => k.some((x) => x.startsWith('absence_unjustified')), 'absence task');
    await check('reminded', j);
    await j.end('completed');
    await j.followUpsAndClose();
    return j;
  },

  async corrected(w, check = none) {
    // Personal data corrected through the journey (the correctData Update, patch correct-data-tells-round):
    // the surname before screening; after it, the PESEL with the sex it encodes (the round is told); then
    // the path goes on to its end.
    const j = new Journey(w);
    const correct = (changes: Record<string, unknown>, reason: string) =>
      correctParticipant(w, w.worker, { applicationId: j.applicationId, input: { reason, changes }, requestId: randomUUID(), via: 'api', locale: 'pl' });
    await j.submit({ lastName: 'Łękawsak' });
    await correct({ lastName: 'Łękawska' }, 'Literówka w nazwisku (dowód osobisty)');
    await j.screen();
    const first10 = `022315${String(serial++ % 1000).padStart(3, '0')}5`;
    await correct({ pesel: first10 + String(peselCheckDigit(first10)), sex: 'M' }, 'PESEL i płeć według dowodu osobistego');
    await check('corrected', j);
    await j.decide('qualified');
    await j.approveList();
    await j.waitStage('joining');
    await j.sign();
    await j.waitStage('support');
    await j.end('completed');
    await j.followUpsAndClose();
    return j;
  },

  async ending_undone(w, check = none) {
    // An early end recorded by mistake and undone by the coordinator within 14 days (the undoEnding
    // Update, patch correct-undo-ending): back in support, attendance again, then the real end and its
    // follow-ups (the first end's follow-ups no longer wait).
    const j = new Journey(w);
    await j.toSupport();
    await j.attend(await j.today(), 4);
    await j.end('resigned', 'Rezygnacja (wpisana omyłkowo u innej osoby)');
    await j.sleepDays(3);
    await j.act('undoEnding', { reason: 'Zakończenie wpisane omyłkowo: rezygnację złożyła inna uczestniczka' }, w.coordinator);
    await j.waitStage('support');
    await check('undone', j);
    await j.attend(await j.today(), 4);
    await j.sleepDays(2);
    await j.end('completed');
    await j.followUpsAndClose();
    await check('closed', j);
    return j;
  },

  async died(w, check = none) {
    // The participant dies during support (patch death-closes-journey): the end closes every open task
    // of the journey with the cause, no follow-up is due, and the journey closes at once.
    const j = new Journey(w);
    await j.toSupport();
    await j.attend(await j.today(), 0);
    await j.sleepUntilTasks((k) => k.some((x) => x.startsWith('absence_unjustified')), 'absence task');
    await check('before', j);
    await j.act('endParticipation', { reason: 'died', endedOn: await j.today(), note: 'Akt zgonu w aktach' });
    await j.result();
    await check('closed', j);
    return j;
  },

  async isr_revised(w, check = none) {
    // The IŚR set up and revised twice through the journey (the reviseIsr Update, patch isr-revisions):
    // its plan is what attendance counts against, and the plain plan is refused once it exists.
    const j = new Journey(w);
    await j.toSupport();
    const from = await j.today();
    const to = await j.daysFromToday(90);
    const isr = { diagnosis: 'Długotrwale bezrobotna, izolacja społeczna; zasoby: motywacja, wsparcie rodziny.', goals: 'Powrót na rynek pracy; udział w grupie wsparcia.' };
    const group = { formCode: 'support_group', hours: 40, from, to, provider: 'Stowarzyszenie PERSONA' };
    await j.act('reviseIsr', { ...isr, items: [group] });
    await check('established', j);
    await j.act('reviseIsr', { ...isr, items: [group, { formCode: 'job_coach', hours: 10, from, to, provider: 'Trener pracy OPS' }], reason: 'Dodano trenera pracy po rozmowie' });
    await j.attend(await j.today(), 4);
    await j.act('reviseIsr', { ...isr, items: [{ ...group, hours: 30 }], reason: 'Rezygnacja z trenera pracy, mniej godzin grupy' });
    await check('revised', j);
    await j.end('completed');
    await j.followUpsAndClose();
    return j;
  },

  async follow_ups_late(w, check = none) {
    const j = new Journey(w);
    await j.toSupport();
    await j.end('completed');
    await j.sleepDays(31); // follow-up 1 window (28 days) closed unrecorded
    await check('follow_up_1_missed', j);
    await j.followUp1(); // late
    await j.sleepDays(70); // follow-up 2 window (91 days) closed too
    await check('follow_up_2_missed', j);
    await j.followUp2(); // late, within the grace period
    await j.result();
    await check('closed', j);
    return j;
  },

  async follow_ups_never(w, check = none) {
    const j = new Journey(w);
    await j.toSupport();
    await j.end('completed');
    await j.sleepDays(130);
    await j.result();
    await check('closed', j);
    return j;
  },

  async session_attendance(w, check = none) {
    // A session's sheet records the participant absent (recordSessionAttendance, patch
    // sessions-group-attendance); the absence task opens, a correction with a reason justifies it
    // (correctAttendance) and the task closes; then the path ends as usual.
    const j = new Journey(w);
    await j.toSupport();
    await j.act('planSupport', { items: [{ formCode: 'support_group', hours: 40 }, { formCode: 'vocational_training', hours: 20 }] });
    const today = await j.today();
    const { id } = await createSession(w.db, w.worker, w.projectId, { formCode: 'vocational_training', sessionOn: today, startsAt: '10:00', hours: 5, place: 'Sala 2', leaderId: w.worker.id, members: [j.applicationId] });
    const sheet = await recordSheet(w, w.worker, id, { marks: [{ applicationId: j.applicationId, mark: 'absent' }] }, { requestId: randomUUID(), via: 'api', locale: 'pl' });
    await check('recorded', j);
    if (sheet.refused.length) throw new Error(`refused: ${JSON.stringify(sheet.refused)}`);
    await j.sleepUntilTasks((k) => k.some((x) => x.startsWith('absence_unjustified')), 'absence task');
    await check('absence_task', j);
    await j.act('correctAttendance', { sessionOn: today, formCode: 'vocational_training', mark: 'justified', justification: 'sick_leave', reason: 'Zwolnienie lekarskie doniesione' });
    await j.waitForDb(() => j.openTaskKinds(), (k) => !k.some((x) => x.startsWith('absence_unjustified')), 'absence task closed');
    await check('corrected', j);
    await j.end('completed');
    await j.followUpsAndClose();
    return j;
  },

  async ended_late(w, check = none) {
    // Paper records entered months later: signed 200 days ago, ended 150 days ago (both follow-up windows
    // long closed). The journey waits for the follow-ups done on paper (LATE_ENDING_GRACE_PATCH).
    const j = new Journey(w);
    await j.toJoining();
    const day = (n: number) => j.daysFromToday(n);
    await j.act('signDocuments', { signedOn: await day(-200), kinds: ['declaration', 'contract', 'data_statement'] });
    await j.waitStage('support');
    await j.act('endParticipation', { reason: 'completed', endedOn: await day(-150) });
    await j.waitStage('ended');
    // Both windows closed long ago: every follow-up step is due at once (the test server mishandles an
    // Update that lands while those timers fire, so the path lets them settle first).
    await j.waitForDb(() => j.openTaskKinds(), (k) => k.includes('follow_up_1_escalation') && k.includes('follow_up_2_escalation'), 'both follow-up escalations');
    await check('ended', j);
    await j.act('recordFollowUp', { number: 1, recordedOn: await day(-140), data: { qualificationObtained: true, jobSeeking: false, working: false, qualificationObtainedOn: await day(-145) } }, w.coordinator);
    await j.act('recordFollowUp', { number: 2, recordedOn: await day(-70), data: { socialProgress: true, employed: false } }, w.coordinator);
    await j.result();
    await check('closed', j);
    return j;
  },

  async withdrawn(w, check = none) {
    // A reserve candidate withdraws (the withdrawApplication Update, new in this version): the journey
    // closes, the round is told (the candidate leaves the ranking), the unsent reserve letter leaves the
    // queue, the original's reminder resolves.
    const j = new Journey(w);
    await j.submit({ channel: 'email_scan' });
    await j.sleepUntil(async () => (await j.tasks()).length >= 1, 'an original reminder');
    await j.screen();
    await j.decide('reserve', { reservePosition: 1 });
    await j.waitFor((s) => s.letters.length === 1);
    await j.waitForDb(() => j.w.db.selectFrom('letters').select('id').where('application_id', '=', j.applicationId).execute(), (l) => l.length === 1, 'the reserve letter');
    await check('reserve', j);
    await j.act('withdrawApplication', { reason: 'applicant_request', note: 'Kandydatka podjęła pracę (pismo z 3.02)' });
    await j.result();
    await check('closed', j);
    return j;
  },

  async original_never_arrived(w, check = none) {
    const j = new Journey(w);
    await j.submit({ channel: 'email_scan' });
    await check('applied', j);
    await j.sleepUntil(async () => (await j.tasks()).length >= 2, 'two original reminders');
    await check('reminded', j);
    await j.screen();
    await j.decide('rejected', { reason: 'Brak oryginału formularza zgłoszeniowego' });
    await j.result();
    await check('closed', j);
    return j;
  },

  /** An e-mailed form qualified without its original: the project blocks the signing until the original is recorded. */
  async original_blocks_signing(w, check = none) {
    const j = new Journey(w);
    await j.toJoining({ channel: 'email_scan' });
    const signing = { signedOn: await j.today(), kinds: ['declaration', 'contract', 'data_statement'] as DocumentKind[], originalRequired: true };
    const refused = await j.act('signDocuments', signing).then(() => null, (e: unknown) => e);
    if (!(refused instanceof NotAllowedNowError) || (refused.refusal as { key?: string }).key !== 'refusal.originalNotReceived') throw new Error(`signing without the original was not refused: ${String(refused)}`);
    await check('refused', j);
    await j.act('recordOriginal', { receivedOn: await j.today() });
    await j.act('signDocuments', signing);
    await j.waitStage('support');
    await check('support', j);
    return j;
  },
};

/* eslint-disable max-lines -- one workflow whose handlers share its state; moving code must never change a replayed command */
// participantJourney: one durable workflow per application, from the form to the 3-month follow-up.
// Longer than ~350 lines on purpose: one workflow function whose handlers share its state; split across
// files they would hide that state (and moving code must never change a replayed command).
//
// A small state machine. The stage moves only through Updates (human actions, each checked by a
// synchronous validator from domain/journey-rules, so a refused action writes nothing) and through
// the recruitment round's signals (decisions, approval, reserve moves, place confirmation). Timers
// open reminder tasks and escalations; a task resolves itself when its condition clears.
// Every transition is written by an activity, in order, with a deterministic event key.
// Personal data never enter this workflow: it holds ids, dates, points and flags.
import type { UpdateDefinition } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Transition } from '../activities/journey';
import type { DecisionMessage } from '../contracts/signals';
import { decidedSignal, listApprovedSignal, placeConfirmationSignal, reservePositionSignal, type FromRound, type ListApproved } from '../contracts/signals';
import { journeyStateQuery, journeyUpdates, NOT_ALLOWED_NOW, type JourneyOutcome } from '../contracts/journey';
import { ProjectKey, StageKey } from '../contracts/search-attributes';
import type { AttendanceSession, JourneyAction, JourneyActions, JourneyInput, JourneySnapshot, LetterKind } from '../domain/journey';
import { markedAttendance, markOf } from '../domain/sessions';
import { CORRECTABLE_FIELDS, ROUND_FIELDS } from '../domain/corrections';
import { attendanceShare, belowAttendanceThreshold, followUpWindow, refusal, sessionKey, sumScores } from '../domain/journey-rules';
import type { ProjectRules, Role, Stage } from '../domain/types';
import { addCalendarDays, wallClock, warsaw, type WallClock } from '../domain/working-days';

const acts = wf.proxyActivities<Activities>({
  // Short database writes (a letter's PDF at most): when a worker dies mid-activity, this is how long
  // the server waits before giving the attempt to another worker, so it bounds recovery. Activity
  // options are not part of replay's determinism checks.
  startToCloseTimeout: '15 seconds',
  // Database outages heal: retry for as long as it takes, the writes are idempotent.
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});

/** Days a follow-up may still be recorded late after the 3-month window, before the journey closes. */
export const FOLLOW_UP_GRACE_DAYS = 30;

/**
 * Journeys before this patch computed Warsaw days and office hours in UTC (TZDate does not work in the
 * workflow sandbox); their recorded decisions replay on that clock, everything new runs on Warsaw's.
 */
export const WARSAW_CLOCK_PATCH = 'warsaw-wall-clock';
/** From this patch on, a rules migration recomputes the deadlines of timers already running. */
export const RULES_RECOMPUTE_PATCH = 'rules-migration-recomputes-timers';
/**
 * From this patch on, a participant who died has no follow-ups: the journey closes at once (the end's
 * transition closes their open tasks). Journeys that recorded a death before it replay their follow-up
 * timers; the tasks those would open are refused by openTask (nothing is opened about one who died).
 */
export const DEATH_CLOSES_PATCH = 'death-closes-journey';
/**
 * From this patch on, a correction of sex, disability or target group after screening is told to the
 * round (which re-counts its quotas). The correctData Update is new with it, so no earlier history holds one.
 */
export const CORRECTION_TELLS_ROUND_PATCH = 'correct-data-tells-round';
/**
 * Marks a history that revised the IŚR (diagnosis, goals, planned forms with periods and providers,
 * each revision with its reason): the plan it sets is also what planSupport is refused after.
 */
export const ISR_REVISION_PATCH = 'isr-revisions';
/**
 * Attendance from a session's sheet (recordSessionAttendance) and corrections of a recorded row
 * (correctAttendance): Updates no earlier history holds. Their handlers mark the history with this
 * patch, so a later change to them can tell the journeys that took them on this code.
 */
export const SESSION_ATTENDANCE_PATCH = 'sessions-group-attendance';
/** Marks a history in which an ending was undone (undoEnding, with its reason): the journey went back to support. */
export const UNDO_ENDING_PATCH = 'correct-undo-ending';
/** Marks a history in which the commission corrected its decision in the same sitting (a decided message with `corrects`). */
export const DECISION_CORRECTED_PATCH = 'correct-commission-decision';
/**
 * From this patch on, an ending entered late (its date long past, e.g. from paper records) leaves the grace
 * period for the follow-ups from the day it was entered: before, the journey closed at once, follow-ups
 * "missing", and the follow-ups done on paper could never be recorded.
 */
export const LATE_ENDING_GRACE_PATCH = 'late-ending-grace';
const legacyClock = wallClock('UTC');

type InboxMessage =
  | { type: 'decided'; m: DecisionMessage }
  | ({ type: 'listApproved' } & ListApproved)
  | { type: 'reservePosition'; position: number }
  | { type: 'placeConfirmation'; requestId: string; confirmed: boolean };

export async function participantJourney(input: JourneyInput): Promise<JourneyOutcome> {
  return new Journey(input).run();
}

class Journey {
  private readonly s: JourneySnapshot;
  private rules: ProjectRules | undefined;
  private readonly inbox: InboxMessage[] = [];
  /** The director's approval may reach us before or after the decision. */
  private approvalSeen = false;
  private placeRequestId: string | undefined;
  private attendanceLowCount = 0;
  private attendanceLowOpen = false;
  /** Absence watches started per session by corrections (each opens its own task). */
  private readonly correctionWatches = new Map<string, number>();
  /** Decisions the commission corrected (each correction's letter has its own key). */
  private decisionCorrections = 0;
  /** Ends undone so far (undoEnding): the follow-ups of an undone end stop waiting. */
  private undone = 0;
  /** Bumped by a rules migration: running timers wake up and recompute their deadlines. */
  private rulesEpoch = 0;
  /** Coroutines that must finish before the workflow returns (reminder loops, absence watches). */
  private readonly background: Promise<void>[] = [];
  /** Writes go one after another, so the stage projection and the event log keep the workflow's order. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly input: JourneyInput) {
    this.s = {
      applicationId: input.applicationId,
      projectId: input.projectId,
      rulesVersion: input.rulesVersion,
      stage: 'applied',
      socialWorkerId: null,
      originalPending: false,
      points: null,
      decision: null,
      reservePosition: null,
      approved: false,
      signingEscalated: false,
      awaitingPlaceConfirmation: false,
      documents: {},
      participationStartedOn: null,
      plan: [],
      isrRevision: 0,
      sessions: [],
      jobFoundOn: null,
      endedOn: null,
      endReason: null,
      followUps: {},
      letters: [],
    };
    this.registerHandlers();
    this.registerIsr();
  }

  async run(): Promise<JourneyOutcome> {
    const begun = await acts.beginJourney({ ...this.input, occurredAt: new Date().toISOString() });
    this.rules = begun.rules;
    this.s.socialWorkerId = begun.socialWorkerId;
    this.s.originalPending = begun.originalPending;
    this.setStage('applied');
    this.spawn(() => this.processInbox());
    if (this.s.originalPending) this.spawn(() => this.remindOriginal());

    // Screening (Update) and the round's decision (signals) move the journey on.
    await wf.condition(() => this.s.stage === 'joining' || this.s.stage === 'closed');
    if (this.s.stage === 'joining') await this.joining();
    // An ending undone (undoEnding) brings the journey back to support, and its follow-ups wait again.
    for (;;) {
      if (this.s.stage === 'support') await wf.condition(() => this.s.stage !== 'support');
      if (this.s.stage === 'ended') {
        if (this.s.endReason === 'died' && wf.patched(DEATH_CLOSES_PATCH)) {
          // Closed once the end's own steps are written (the round told the place is free).
          await wf.condition(wf.allHandlersFinished);
          await this.record('closed', 'closed', 'closed', { payload: { reason: 'died' } });
        } else if (await this.followUps()) continue;
      }
      break;
    }

    await Promise.all(this.background);
    await wf.condition(wf.allHandlersFinished);
    return { stage: this.s.stage, endReason: this.s.endReason, followUps: this.s.followUps };
  }

  // ---- state, persistence, tasks --------------------------------------------------------------

  private get id() {
    return this.input.applicationId;
  }
  private get r(): ProjectRules {
    if (!this.rules) throw new Error('rules not loaded');
    return this.rules;
  }
  private get clock(): WallClock {
    return wf.patched(WARSAW_CLOCK_PATCH) ? warsaw : legacyClock;
  }
  private today() {
    return this.clock.day(new Date());
  }

  private setStage(stage: Stage) {
    this.s.stage = stage;
    wf.upsertSearchAttributes([
      { key: StageKey, value: stage },
      { key: ProjectKey, value: this.input.projectId },
    ]);
  }

  private spawn(fn: () => Promise<void>) {
    this.background.push(fn());
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Moves the journey: the in-memory stage changes at once (so the next validator sees it), the
   * database follows in order. `key` makes the event idempotent.
   */
  private record(
    key: string,
    type: string,
    stageAfter: Stage | null,
    rest: Omit<Transition, 'eventKey' | 'applicationId' | 'type' | 'stageBefore' | 'stageAfter' | 'occurredAt' | 'actorId'> & { actorId?: string | null } = {},
  ): Promise<unknown> {
    const stageBefore = this.s.stage;
    if (stageAfter && stageAfter !== stageBefore) this.setStage(stageAfter);
    const t: Transition = {
      ...rest,
      actorId: rest.actorId ?? null,
      eventKey: `${this.id}:${key}`,
      applicationId: this.id,
      type,
      stageBefore,
      stageAfter: stageAfter ?? stageBefore,
      occurredAt: new Date().toISOString(),
    };
    return this.serial(() => acts.recordTransition(t));
  }

  private openTask(kind: string, n: number, opts: { role: Role; dueAt: Date; level?: number; payload?: Record<string, unknown> }) {
    return this.serial(() =>
      acts.openTask({
        key: `${this.id}:${kind}:${n}`,
        kind,
        applicationId: this.id,
        projectId: this.input.projectId,
        assigneeRole: opts.role,
        assigneeUserId: opts.role === 'social_worker' ? (this.s.socialWorkerId ?? undefined) : undefined,
        dueAt: opts.dueAt.toISOString(),
        escalationLevel: opts.level ?? 0,
        payload: opts.payload ?? {},
      }),
    );
  }

  private resolveTasks(kinds: string[], reason: string) {
    return this.serial(() => acts.resolveTasks({ applicationId: this.id, kinds, reason }));
  }

  private notifyRound(key: string, message: Parameters<Activities['notifyRound']>[0]['message']) {
    return this.serial(() =>
      acts.notifyRound({ eventKey: `${this.id}:${key}`, applicationId: this.id, projectId: this.input.projectId, occurredAt: new Date().toISOString(), message }),
    );
  }

  private letter(kind: LetterKind, suffix?: string) {
    const key = suffix ? `${this.id}:letter:${kind}:${suffix}` : `${this.id}:letter:${kind}`;
    if (this.s.letters.some((l) => l.key === key)) return Promise.resolve();
    this.s.letters.push({ key, kind, sent: false });
    return this.serial(() => acts.createLetter({ key, applicationId: this.id, kind }));
  }

  /** Waits for `cleared` until `due` (never in the past); true when it cleared. */
  private until(cleared: () => boolean, due: Date): Promise<boolean> {
    return wf.condition(cleared, Math.max(1, due.getTime() - Date.now()));
  }

  /**
   * Waits for `cleared` until the deadline `dueOf` computes from the current rules; a rules migration
   * recomputes it (from the same starting point), so a changed N applies to a timer already running.
   */
  private async untilRuled(cleared: () => boolean, dueOf: () => Date): Promise<{ cleared: boolean; due: Date }> {
    for (;;) {
      const epoch = this.rulesEpoch;
      const due = dueOf();
      if (!(await this.until(() => cleared() || this.rulesEpoch !== epoch, due))) return { cleared: false, due };
      if (cleared()) return { cleared: true, due };
    }
  }

  // ---- human actions: Updates with synchronous validators -----------------------------------

  private handle<A extends JourneyAction>(
    name: A,
    handler: (args: JourneyActions[A][0], key: string) => Promise<JourneyActions[A][1]>,
  ) {
    const check = (args: JourneyActions[A][0]) => {
      const reason = refusal(name, this.s, args, { today: warsaw.day(new Date()), rules: this.r });
      if (reason) throw wf.ApplicationFailure.create({ type: NOT_ALLOWED_NOW, message: reason.key, details: [reason], nonRetryable: true });
    };
    wf.setHandler(journeyUpdates[name] as UpdateDefinition<JourneyActions[A][1], [JourneyActions[A][0]]>, async (args) => {
      // An action that raced the journey's start was accepted before the rules were loaded: check it now.
      if (!this.rules) {
        await wf.condition(() => this.rules !== undefined);
        check(args);
      }
      // The update id is the request id: a retried click is one update, one event.
      return handler(args, `u:${wf.currentUpdateInfo()?.id ?? 'none'}`);
    }, {
      validator: (args) => {
        if (this.rules) check(args);
      },
    });
  }

  private registerHandlers() {
    wf.setHandler(journeyStateQuery, () => this.s);
    wf.setHandler(decidedSignal, (m) => void this.inbox.push({ type: 'decided', m }));
    wf.setHandler(listApprovedSignal, (a) => void this.inbox.push({ type: 'listApproved', ...a }));
    wf.setHandler(reservePositionSignal, (p) => void this.inbox.push({ type: 'reservePosition', ...p }));
    wf.setHandler(placeConfirmationSignal, (c) => void this.inbox.push({ type: 'placeConfirmation', ...c }));

    this.handle('screen', async (a, key) => {
      const points = sumScores(a.scores);
      this.s.points = points;
      await this.record(key, 'screened', 'screened', {
        actorId: a.actorId,
        payload: { points, scores: a.scores },
        application: { points, scores: a.scores, opinion: a.opinion },
      });
      await this.notifyRound(`round:candidateScored`, { kind: 'candidateScored', points });
      return { points };
    });

    this.handle('recordOriginal', async (a, key) => {
      this.s.originalPending = false;
      await this.record(key, 'original_received', null, {
        actorId: a.actorId,
        payload: { receivedOn: a.receivedOn },
        application: { original_pending: false, original_received_on: a.receivedOn },
      });
      return { stage: this.s.stage };
    });

    this.handle('signDocuments', async (a, key) => {
      for (const k of a.kinds) this.s.documents[k] = a.signedOn;
      const docs = a.kinds.map((kind) => ({ kind, signedOn: a.signedOn }));
      if (this.s.stage === 'support') {
        await this.record(key, 'documents_signed', null, { actorId: a.actorId, payload: { kinds: a.kinds, signedOn: a.signedOn }, documents: docs });
        return { started: false, awaitingPlaceConfirmation: false };
      }
      if (this.s.signingEscalated) {
        // Signed after the round was told the place may be freed: the round decides whether it is still theirs.
        this.s.awaitingPlaceConfirmation = true;
        this.placeRequestId = key;
        await this.record(key, 'documents_signed', null, { actorId: a.actorId, payload: { kinds: a.kinds, signedOn: a.signedOn, late: true }, documents: docs });
        await this.notifyRound(`round:confirmPlace:${key}`, { kind: 'confirmPlace', requestId: key });
        return { started: false, awaitingPlaceConfirmation: true };
      }
      await this.startParticipation(key, a.actorId, docs);
      return { started: true, awaitingPlaceConfirmation: false };
    });

    this.handle('planSupport', async (a, key) => {
      this.s.plan = a.items;
      await this.record(key, 'support_planned', null, { actorId: a.actorId, payload: { items: a.items }, plan: a.items });
      return { stage: this.s.stage };
    });

    this.handle('recordAttendance', async (a, key) => {
      const session = { sessionOn: a.sessionOn, formCode: a.formCode, plannedHours: a.plannedHours, attendedHours: a.attendedHours, absent: a.absent, justified: false };
      this.s.sessions.push(session);
      await this.record(key, 'attendance_recorded', null, { actorId: a.actorId, payload: { ...session }, attendance: session });
      if (session.absent) this.spawn(() => this.watchAbsence(session.sessionOn, session.formCode));
      await this.checkAttendance();
      const share = attendanceShare(this.s.sessions);
      return { attendanceShare: share, belowThreshold: share < this.r.attendanceThreshold };
    });

    this.handle('justifyAbsence', async (a, key) => {
      const session = this.s.sessions.find((x) => sessionKey(x) === sessionKey(a));
      if (session) {
        session.justified = true;
        session.justification = a.justification;
      }
      await this.record(key, 'absence_justified', null, {
        actorId: a.actorId,
        payload: { sessionOn: a.sessionOn, formCode: a.formCode, justification: a.justification, justifiedOn: a.justifiedOn },
        justification: { sessionOn: a.sessionOn, formCode: a.formCode, justification: a.justification, justifiedOn: a.justifiedOn },
      });
      return { stage: this.s.stage };
    });

    this.handle('recordJob', async (a, key) => {
      // A job found during the path is recorded; participation goes on.
      this.s.jobFoundOn = a.foundOn;
      await this.record(key, 'job_found', null, { actorId: a.actorId, payload: { foundOn: a.foundOn, note: a.note ?? null }, application: { job_found_on: a.foundOn } });
      return { stage: this.s.stage };
    });

    this.handle('endParticipation', async (a, key) => {
      this.s.endedOn = a.endedOn;
      this.s.endReason = a.reason;
      await this.record(key, 'participation_ended', 'ended', {
        actorId: a.actorId,
        payload: { reason: a.reason, endedOn: a.endedOn, note: a.note ?? null },
        application: { ended_on: a.endedOn, end_reason: a.reason, end_note: a.note ?? null },
      });
      // An early end frees the place at once: the round gives it to the first on the reserve list.
      // (After an undone end, the next one is a new message to the round.)
      if (a.reason !== 'completed') await this.notifyRound(this.undone ? `round:placeFreed:${this.undone}` : 'round:placeFreed', { kind: 'placeFreed', reason: 'ended_early' });
      if (this.attendanceLowOpen) {
        this.attendanceLowOpen = false;
        await this.resolveTasks(['attendance_low'], 'participation ended');
      }
      return { stage: this.s.stage };
    });

    this.handle('recordFollowUp', async (a, key) => {
      const endedOn = this.s.endedOn ?? this.today();
      const onTime = a.recordedOn <= followUpWindow(endedOn, a.number, this.r).closes;
      this.s.followUps[a.number] = a.recordedOn;
      // Stage: 'follow_up_1' once the first is in; 'follow_up_2' once the second is (the journey then closes).
      const after: Stage | null = a.number === 2 ? 'follow_up_2' : this.s.stage === 'ended' ? 'follow_up_1' : null;
      await this.record(key, `follow_up_${a.number}_recorded`, after, {
        actorId: a.actorId,
        payload: { recordedOn: a.recordedOn, onTime },
        followUp: { number: a.number, recordedOn: a.recordedOn, onTime, data: a.data },
      });
      return { stage: this.s.stage };
    });

    this.handle('migrateRules', async (a, key) => {
      // Loading may fail (no such version): the update fails and nothing was written.
      const rules = await acts.loadRules({ projectId: this.input.projectId, version: a.toVersion });
      const from = this.s.rulesVersion;
      this.rules = rules;
      this.s.rulesVersion = a.toVersion;
      await this.record(key, 'rules_migrated', null, { actorId: a.actorId, payload: { from, to: a.toVersion }, application: { rules_version: a.toVersion } });
      if (wf.patched(RULES_RECOMPUTE_PATCH)) {
        this.rulesEpoch++;
        // The attendance threshold may have moved.
        if (this.s.stage === 'support') await this.checkAttendance();
      }
      return { rulesVersion: a.toVersion };
    });

    this.handle('recordLetterSent', async (a, key) => {
      const letter = this.s.letters.find((l) => l.key === a.letterKey);
      if (letter) letter.sent = true;
      await this.record(key, 'letter_sent', null, { actorId: a.actorId, payload: { letterKey: a.letterKey, sentOn: a.sentOn }, letterSent: { key: a.letterKey, sentOn: a.sentOn } });
      return { stage: this.s.stage };
    });

    // New in this version: no earlier history holds this Update, so replaying one never reaches it
    // (the recorded histories prove it); a journey that gets it can sign the consent again afterwards.
    this.handle('withdrawImageConsent', async (a, key) => {
      delete this.s.documents.image_consent;
      await this.record(key, 'image_consent_withdrawn', null, {
        actorId: a.actorId,
        payload: { withdrawnOn: a.withdrawnOn },
        withdrawal: { kind: 'image_consent', withdrawnOn: a.withdrawnOn },
      });
      return { withdrawnOn: a.withdrawnOn };
    });

    // New in this version, like withdrawImageConsent: no earlier history reaches it. The journey's own
    // record changes first (tasks opened from now on go to the new worker), then one transition writes
    // the participant's row, moves their open social-worker tasks and puts the change on the timeline.
    this.handle('reassignSocialWorker', async (a, key) => {
      const previous = this.s.socialWorkerId;
      this.s.socialWorkerId = a.socialWorkerId;
      await this.record(key, 'social_worker_reassigned', null, {
        actorId: a.actorId,
        payload: { from: previous, to: a.socialWorkerId },
        application: { social_worker_id: a.socialWorkerId },
        reassignment: { to: a.socialWorkerId },
      });
      return { socialWorkerId: a.socialWorkerId, previous };
    });

    // New in this version, like withdrawImageConsent: no earlier history reaches it. The journey closes;
    // the round is told only if it ranks the candidate (scored), and frees only what they held. Letters
    // not yet sent are no longer to be sent (they leave the queue, with the cause).
    this.handle('withdrawApplication', async (a, key) => {
      const ranked = this.s.points !== null;
      for (const l of this.s.letters) if (!l.sent) l.superseded = 'withdrawn';
      await this.record(key, 'application_withdrawn', 'closed', {
        actorId: a.actorId,
        payload: { reason: a.reason, note: a.note },
        application: { withdrawal_reason: a.reason, withdrawal_note: a.note },
        supersedeLetters: { reason: 'withdrawn' },
      });
      if (ranked) await this.notifyRound('round:withdrawn', { kind: 'withdrawn' });
      return { stage: this.s.stage };
    });

    // A correction of the participant's data (new in this version, patched): one transition writes the
    // record, keeps each field's old and new value beside the event (the activity reads the old ones in its
    // transaction) and puts it on the timeline. The values pass through here encrypted by the codec and are
    // not kept in the journey's state. A PESEL another application of the project holds fails the Update.
    this.handle('correctData', async (a, key) => {
      const fields = CORRECTABLE_FIELDS.filter((f) => f in a.changes);
      await this.record(key, 'data_corrected', null, { actorId: a.actorId, payload: { fields }, correction: { changes: a.changes, reason: a.reason } });
      // Scored candidates are ranked by the round, which counts its quotas by these facts.
      const roundTold = this.s.points !== null && fields.some((f) => ROUND_FIELDS.includes(f)) && wf.patched(CORRECTION_TELLS_ROUND_PATCH);
      if (roundTold) await this.notifyRound(`round:candidateCorrected:${key}`, { kind: 'candidateCorrected' });
      return { fields, roundTold };
    });

    // An ending recorded by mistake, undone by a coordinator within 14 days (new in this version, patched
    // after its first write): the journey is back in support, the follow-ups of that end stop waiting, and
    // the round is told to give back the place an early end freed (over the limit when a promoted reserve
    // has taken it since: domain/round-undo.ts).
    this.handle('undoEnding', async (a, key) => {
      const ended = { endedOn: this.s.endedOn, endReason: this.s.endReason };
      const placeReturned = ended.endReason !== 'completed';
      this.undone++;
      this.s.endedOn = null;
      this.s.endReason = null;
      await this.record(key, 'ending_undone', 'support', {
        actorId: a.actorId,
        payload: { ...ended, reason: a.reason, placeReturned },
        application: { ended_on: null, end_reason: null, end_note: null },
      });
      wf.patched(UNDO_ENDING_PATCH);
      if (placeReturned) await this.notifyRound(`round:endingUndone:${this.undone}`, { kind: 'endingUndone' });
      await this.checkAttendance();
      return { stage: this.s.stage, placeReturned };
    });

    // One member's line of a session's sheet: the service sends one per member of the group, each its
    // own Update, so one journey's refusal leaves the others recorded.
    this.handle('recordSessionAttendance', async (a, key) => {
      wf.patched(SESSION_ATTENDANCE_PATCH);
      const session: AttendanceSession = { sessionOn: a.sessionOn, formCode: a.formCode, plannedHours: a.plannedHours, sessionId: a.sessionId, ...markedAttendance(a) };
      this.s.sessions.push(session);
      await this.record(key, 'attendance_recorded', null, { actorId: a.actorId, payload: { ...session, mark: a.mark }, attendance: { ...session, ...(session.justified ? { justifiedOn: this.today() } : {}) } });
      if (session.absent && !session.justified) this.spawn(() => this.watchAbsence(session.sessionOn, session.formCode));
      await this.checkAttendance();
      const share = attendanceShare(this.s.sessions);
      return { attendanceShare: share, belowThreshold: share < this.r.attendanceThreshold };
    });

    // A recorded row corrected, with the reason, before and after on the timeline. An absence made
    // unjustified is watched again; one justified or made present resolves its task (watchAbsence).
    this.handle('correctAttendance', async (a, key) => {
      wf.patched(SESSION_ATTENDANCE_PATCH);
      const session = this.s.sessions.find((x) => sessionKey(x) === sessionKey(a));
      if (!session) throw wf.ApplicationFailure.create({ type: NOT_ALLOWED_NOW, message: 'refusal.noSuchAttendance', nonRetryable: true });
      const before = { mark: markOf(session), attendedHours: session.attendedHours, justification: session.justification ?? null };
      const wasUnjustified = session.absent && !session.justified;
      const next = markedAttendance({ mark: a.mark, plannedHours: session.plannedHours, attendedHours: a.attendedHours, justification: a.justification });
      Object.assign(session, { attendedHours: next.attendedHours, absent: next.absent, justified: next.justified });
      if (next.justification) session.justification = next.justification;
      else delete session.justification;
      const after = { mark: a.mark, attendedHours: next.attendedHours, justification: next.justification ?? null };
      await this.record(key, 'attendance_corrected', null, {
        actorId: a.actorId,
        payload: { sessionOn: a.sessionOn, formCode: a.formCode, before, after, reason: a.reason },
        attendanceCorrection: { sessionOn: a.sessionOn, formCode: a.formCode, ...next, justification: next.justification ?? null, justifiedOn: next.justified ? this.today() : null },
      });
      if (this.s.stage === 'support') {
        if (!wasUnjustified && session.absent && !session.justified) {
          const k = sessionKey(session);
          const n = (this.correctionWatches.get(k) ?? 1) + 1;
          this.correctionWatches.set(k, n);
          this.spawn(() => this.watchAbsence(session.sessionOn, session.formCode, n));
        }
        await this.checkAttendance();
      }
      return { stage: this.s.stage };
    });
  }

  /**
   * New in this version (no earlier history holds this Update). A revision states the whole IŚR again;
   * the journey keeps its plan (what attendance counts against) and the revision's number, the texts go
   * to the database with who, when and why (isr_revisions keeps every revision, support_plan the current).
   */
  private registerIsr() {
    this.handle('reviseIsr', async (a, key) => {
      wf.patched(ISR_REVISION_PATCH);
      const revision = this.s.isrRevision + 1;
      this.s.isrRevision = revision;
      this.s.plan = a.items.map((i) => ({ formCode: i.formCode, hours: i.hours }));
      await this.record(key, 'isr_revised', null, {
        actorId: a.actorId,
        payload: { revision, forms: a.items.map((i) => i.formCode) },
        plan: a.items,
        isr: { revision, diagnosis: a.diagnosis, goals: a.goals, items: a.items, reason: a.reason?.trim() || null },
      });
      return { revision };
    });
  }

  private async startParticipation(key: string, actorId: string | null, docs: Transition['documents']) {
    const d = this.s.documents;
    // Participation starts on the day the declaration and the contract are signed (the later of the two).
    const startedOn = [d.declaration, d.contract].filter((x): x is string => !!x).sort().at(-1) ?? this.today();
    this.s.participationStartedOn = startedOn;
    this.s.awaitingPlaceConfirmation = false;
    await this.record(key, 'participation_started', 'support', {
      actorId,
      payload: { startedOn, kinds: Object.keys(d) },
      application: { participation_started_on: startedOn },
      documents: docs,
    });
  }

  // ---- the round's messages --------------------------------------------------------------------

  /** Handles the round's signals one at a time, in arrival order, for as long as the journey runs. */
  private async processInbox() {
    let n = 0;
    for (;;) {
      await wf.condition(() => this.inbox.length > 0 || this.s.stage === 'closed');
      const msg = this.inbox.shift();
      if (!msg) return;
      n++;
      await this.onMessage(msg, `signal:${n}:${msg.type}`);
    }
  }

  private async onMessage(msg: InboxMessage, key: string) {
    const s = this.s;
    if (this.fromAnotherRound(msg)) {
      wf.log.warn('round message ignored: sent by another project\'s round', { type: msg.type });
      return;
    }
    switch (msg.type) {
      case 'decided': {
        const m = msg.m;
        if (m.corrects !== undefined) return this.decisionCorrected(m, key);
        const open = s.stage === 'screened' || (s.stage === 'decided' && s.decision === 'reserve');
        // A late signature refused by the round, or a rejection from the round, closes a joining journey.
        if (s.stage === 'joining' && m.decision === 'rejected') {
          await this.record(key, 'decided', 'closed', { actorId: m.decidedBy, payload: { ...m }, application: { decision: 'rejected', rejection_reason: m.reason ?? null } });
          return;
        }
        if (!open) return this.ignored(msg);
        s.decision = m.decision;
        s.reservePosition = m.decision === 'reserve' ? (m.reservePosition ?? null) : null;
        const application = { decision: m.decision, reserve_position: s.reservePosition, rejection_reason: m.decision === 'rejected' ? (m.reason ?? null) : null };
        if (m.decision === 'rejected') {
          await this.record(key, 'decided', 'decided', { actorId: m.decidedBy, payload: { ...m }, application });
          await this.letter('result_rejected');
          await this.record(`${key}:closed`, 'closed', 'closed', { payload: { reason: 'rejected' } });
          return;
        }
        if (m.fromReserve) {
          // The round's own step, not a person's: the system, with its cause (whose freed place it is).
          // The reserve letter not yet sent is replaced by the promotion letter.
          for (const l of s.letters) if (l.kind === 'result_reserve' && !l.sent) l.superseded = 'promoted';
          await this.record(key, 'decided', 'decided', {
            payload: { ...m, automatic: true, cause: 'promotion', freedBy: m.freedBy ?? null },
            application,
            supersedeLetters: { reason: 'promoted', kinds: ['result_reserve'] },
          });
          await this.letter('promoted');
          // A promotion from the approved reserve list needs no second approval.
          await this.approve(`${key}:approved`, null, m.decidedAt, { automatic: true, cause: 'promotion' });
          return;
        }
        await this.record(key, 'decided', 'decided', { actorId: m.decidedBy, payload: { ...m }, application });
        if (m.decision === 'reserve') return void (await this.letter('result_reserve'));
        await this.letter('result_qualified');
        if (this.approvalSeen) await this.approve(`${key}:approved`, m.decidedBy, m.decidedAt);
        return;
      }
      case 'listApproved':
        this.approvalSeen = true;
        if (s.stage === 'decided' && s.decision === 'qualified' && !s.approved) await this.approve(key, msg.approvedBy, msg.approvedAt);
        return;
      case 'reservePosition':
        if (s.decision !== 'reserve' || s.stage !== 'decided') return this.ignored(msg);
        s.reservePosition = msg.position;
        await this.record(key, 'reserve_position_changed', null, { payload: { position: msg.position }, application: { reserve_position: msg.position } });
        return;
      case 'placeConfirmation': {
        if (!s.awaitingPlaceConfirmation || msg.requestId !== this.placeRequestId) return this.ignored(msg);
        if (msg.confirmed) return this.startParticipation(key, null, []);
        s.awaitingPlaceConfirmation = false;
        await this.record(key, 'place_lost', 'closed', { payload: { reason: 'not_signed_in_time' } });
        return;
      }
    }
  }

  /**
   * The commission corrected its decision in the same sitting (before the list could be approved): the
   * journey takes the new one, the result letter not yet sent leaves the queue and the new one is made;
   * a correction to a rejection closes the journey as a rejection does. Older rounds send no such message.
   */
  private async decisionCorrected(m: DecisionMessage, key: string) {
    const s = this.s;
    if (s.stage !== 'decided' || s.approved || (s.decision !== 'qualified' && s.decision !== 'reserve')) {
      wf.log.warn('decision correction ignored in this stage', { stage: s.stage });
      return;
    }
    const stale: LetterKind = s.decision === 'qualified' ? 'result_qualified' : 'result_reserve';
    s.decision = m.decision;
    s.reservePosition = m.decision === 'reserve' ? (m.reservePosition ?? null) : null;
    for (const l of s.letters) if (l.kind === stale && !l.sent) l.superseded = 'corrected';
    this.decisionCorrections++;
    await this.record(key, 'decision_corrected', 'decided', {
      actorId: m.decidedBy,
      payload: { ...m },
      application: { decision: m.decision, reserve_position: s.reservePosition, rejection_reason: m.decision === 'rejected' ? (m.reason ?? null) : null },
      supersedeLetters: { reason: 'corrected', kinds: [stale] },
    });
    wf.patched(DECISION_CORRECTED_PATCH);
    const suffix = `corrected:${this.decisionCorrections}`;
    if (m.decision === 'rejected') {
      await this.letter('result_rejected', suffix);
      await this.record(`${key}:closed`, 'closed', 'closed', { payload: { reason: 'rejected' } });
      return;
    }
    await this.letter(m.decision === 'reserve' ? 'result_reserve' : 'result_qualified', suffix);
  }

  private async approve(key: string, by: string | null, at: string, cause: Record<string, unknown> = {}) {
    this.s.approved = true;
    await this.record(key, 'list_approved', 'joining', { actorId: by, payload: { approvedAt: at, ...cause }, application: { approved_at: at } });
  }

  /** Only this project's round decides and approves here (a message that names no project came from an older round). */
  private fromAnotherRound(msg: InboxMessage): boolean {
    const from: FromRound = msg.type === 'decided' ? msg.m : msg.type === 'listApproved' ? msg : {};
    return from.projectId !== undefined && from.projectId !== this.input.projectId;
  }

  private ignored(msg: InboxMessage) {
    wf.log.warn('round message ignored in this stage', { type: msg.type, stage: this.s.stage });
  }

  // ---- timers: reminders and escalations --------------------------------------------------------

  /** An e-mailed application: remind every N working days until the original arrives (one open reminder). */
  private async remindOriginal() {
    const cleared = () => !this.s.originalPending || this.s.stage === 'closed';
    let reminded = 0;
    while (!cleared()) {
      const since = new Date();
      const { cleared: done, due } = await this.untilRuled(cleared, () => this.clock.workingDaysLater(since, this.r.originalReminderDays, this.r.officeHours));
      if (done) break;
      if (reminded > 0) await this.resolveTasks(['original_pending'], 'superseded by a newer reminder');
      reminded++;
      await this.openTask('original_pending', reminded, { role: 'social_worker', dueAt: due, level: reminded - 1 });
    }
    if (reminded > 0) await this.resolveTasks(['original_pending'], this.s.originalPending ? 'journey closed' : 'original received');
  }

  /** Joining: the social worker is reminded after N working days, the coordinator after M more, and the round told. */
  private async joining() {
    const signed = () => this.s.stage !== 'joining' || this.s.awaitingPlaceConfirmation;
    const since = new Date();
    const reminder = await this.untilRuled(signed, () => this.clock.workingDaysLater(since, this.r.signingReminderDays, this.r.officeHours));
    if (!reminder.cleared) {
      const reminderAt = reminder.due;
      await this.openTask('sign_reminder', 1, { role: 'social_worker', dueAt: reminderAt });
      const escalation = await this.untilRuled(signed, () => this.clock.workingDaysLater(reminderAt, this.r.signingEscalationDays, this.r.officeHours));
      if (!escalation.cleared) {
        const escalateAt = escalation.due;
        this.s.signingEscalated = true;
        await this.openTask('sign_escalation', 1, { role: 'coordinator', dueAt: escalateAt, level: 1 });
        await this.record('signing_escalated', 'signing_escalated', null, { payload: { reminderAt: reminderAt.toISOString() } });
        await this.notifyRound('round:placeFreed', { kind: 'placeFreed', reason: 'not_signed' });
      }
    }
    await wf.condition(() => this.s.stage !== 'joining');
    await this.resolveTasks(['sign_reminder', 'sign_escalation'], this.s.stage === 'support' ? 'documents signed' : 'journey closed');
  }

  /** Attendance below the threshold opens a task; back above it, the task resolves. */
  private async checkAttendance() {
    const below = belowAttendanceThreshold(this.s.sessions, this.r);
    if (below && !this.attendanceLowOpen) {
      this.attendanceLowOpen = true;
      this.attendanceLowCount++;
      await this.openTask('attendance_low', this.attendanceLowCount, {
        role: 'social_worker',
        dueAt: this.clock.nextOfficeMoment(new Date(), this.r.officeHours),
        payload: { share: attendanceShare(this.s.sessions), threshold: this.r.attendanceThreshold },
      });
    } else if (!below && this.attendanceLowOpen) {
      this.attendanceLowOpen = false;
      await this.resolveTasks(['attendance_low'], 'attendance back above the threshold');
    }
  }

  /** An absence unjustified for N working days opens a task; justifying it (or the end) resolves it. */
  private async watchAbsence(sessionOn: string, formCode: string, n = 1) {
    const k = sessionKey({ sessionOn, formCode });
    const session = this.s.sessions.find((x) => sessionKey(x) === k);
    // Only a correction (correctAttendance) can make a recorded absence present again.
    const cleared = () => !!session?.justified || !session?.absent || this.s.stage !== 'support';
    const { cleared: done, due } = await this.untilRuled(cleared, () =>
      this.clock.workingDaysLater(this.clock.instant(sessionOn, '12:00'), this.r.absenceJustificationDays, this.r.officeHours),
    );
    if (done) return;
    const kind = `absence_unjustified:${k}`;
    await this.openTask(kind, n, { role: 'social_worker', dueAt: due, payload: { sessionOn, formCode } });
    await wf.condition(cleared);
    await this.resolveTasks([kind], session?.justified ? 'absence justified' : session?.absent ? 'participation ended' : 'attendance corrected');
  }

  /** Follow-ups 1 and 2, each with its window; then the journey closes. */
  /** True when the ending was undone meanwhile (the journey is back in support). */
  private async followUps(): Promise<boolean> {
    const endedOn = this.s.endedOn ?? this.today();
    const undone = this.undone;
    this.spawn(() => this.followUp(1, endedOn));
    const fu2 = this.followUp(2, endedOn);
    this.background.push(fu2);
    // Closes when follow-up 2 is in, or when even a late one can no longer be expected: the grace days
    // count from the window's close, or from the day the ending was entered if that is later.
    const enteredOn = wf.patched(LATE_ENDING_GRACE_PATCH) ? this.today() : endedOn;
    const closesOn = () => [addCalendarDays(followUpWindow(endedOn, 2, this.r).closes, FOLLOW_UP_GRACE_DAYS), addCalendarDays(enteredOn, FOLLOW_UP_GRACE_DAYS)].sort().at(-1)!;
    await this.untilRuled(() => !!this.s.followUps[2] || this.undone !== undone, () => this.clock.endOfDay(closesOn()));
    if (this.undone !== undone) return true;
    const missing = ([1, 2] as const).filter((n) => !this.s.followUps[n]);
    await this.record('closed', 'closed', 'closed', { payload: { missingFollowUps: missing } });
    return false;
  }

  private async followUp(n: 1 | 2, endedOn: string) {
    const undone = this.undone;
    const recorded = () => !!this.s.followUps[n] || this.s.stage === 'closed' || this.undone !== undone;
    const kinds = [`follow_up_${n}_due`, `follow_up_${n}_reminder`, `follow_up_${n}_escalation`];
    const roles: Role[] = ['social_worker', 'social_worker', 'coordinator'];
    // The window and its steps follow the current rules: the due reminder when it opens, a second a week
    // before it closes, the escalation when it closes.
    const windowNow = () => followUpWindow(endedOn, n, this.r);
    const stepAt = (level: number) => {
      const w = windowNow();
      if (level === 2) return this.clock.endOfDay(w.closes);
      const day = level === 0 ? w.opens : addCalendarDays(w.closes, -7);
      return this.clock.nextOfficeMoment(this.clock.instant(day, '00:00'), this.r.officeHours);
    };
    let opened = false;
    for (let level = 0; level < kinds.length; level++) {
      const step = await this.untilRuled(recorded, () => stepAt(level));
      if (step.cleared) break;
      opened = true;
      await this.openTask(kinds[level]!, 1, { role: roles[level]!, dueAt: level === 2 ? step.due : stepAt(2), level });
      if (level === 2) await this.record(`follow_up_${n}_missed`, `follow_up_${n}_missed`, null, { payload: { windowClosed: windowNow().closes } });
    }
    await wf.condition(recorded);
    if (opened) await this.resolveTasks(kinds, this.s.followUps[n] ? `follow-up ${n} recorded` : this.undone !== undone ? 'ending undone' : 'journey closed');
  }
}


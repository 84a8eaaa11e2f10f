/* eslint-disable max-lines -- one factory of the journey's side effects: every transition goes through its one transactional record(), and splitting would pass that helper around */
// Side effects of the participant journey: rules, the transitions (domain tables + the event log, in
// one transaction, once per event key), letters, and the messages to the recruitment round.
// Inputs and results carry ids and workflow facts only; personal data are read here, from the database.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Updateable } from 'kysely';
import { DEFAULT_RULES } from '../domain/default-rules';
import type { AttendanceSession, FollowUp1Data, FollowUp2Data, IsrItem, LetterKind, SupersededReason, SupportPlanItem } from '../domain/journey';
import type { Justification } from '../domain/sessions';
import type { DocumentKind, IsoDate, ProjectRules, Stage } from '../domain/types';
import type { ApplicationsTable } from '../db/schema';
import type { ProjectConfig } from '../domain/project';
import { letterPdf } from '../documents/letters';
import { candidateReinstatedSignal, candidateCorrectedSignal, candidateScoredSignal, candidateWithdrawnSignal, confirmPlaceSignal, placeFreedSignal, type PlaceFreed } from '../contracts/signals';
import { CORRECTABLE_FIELDS, CORRECTION_COLUMNS, correctableValues, correctionColumns, correctionText, type CorrectionChanges } from '../domain/corrections';
import type { Transaction } from 'kysely';
import { PESEL_UNIQUE_INDEX, type Database } from '../db/schema';
import type { ActivityDeps } from './deps';
import type { Db } from '../db/connect';
import { todayInWarsaw } from '../i18n/format';
import { signalRound } from './round-client';
import { closeResolvedTasks } from './tasks';

/** Columns of the participant record a transition may set (the stage comes from stageAfter). */
export type ApplicationPatch = Pick<
  Updateable<ApplicationsTable>,
  | 'points' | 'scores' | 'opinion' | 'decision' | 'reserve_position' | 'rejection_reason' | 'approved_at'
  | 'participation_started_on' | 'job_found_on' | 'ended_on' | 'end_reason' | 'end_note'
  | 'original_pending' | 'original_received_on' | 'rules_version' | 'social_worker_id'
  | 'withdrawal_reason' | 'withdrawal_note'
>;

export interface Transition {
  /** Deterministic in the workflow (update id, or signal/timer sequence): the event is written once. */
  eventKey: string;
  applicationId: string;
  actorId: string | null;
  occurredAt: string;
  type: string;
  stageBefore: Stage | null;
  stageAfter: Stage | null;
  payload?: Record<string, unknown>;
  application?: ApplicationPatch;
  documents?: { kind: DocumentKind; signedOn: IsoDate }[];
  plan?: Array<SupportPlanItem | IsrItem>;
  /** A revision of the IŚR: kept in its history (who and when are the transition's). */
  isr?: { revision: number; diagnosis: string; goals: string; items: IsrItem[]; reason: string | null };
  /** A session attended (a sheet's line carries its session, and when justified, why and the day). */
  attendance?: AttendanceSession & { justifiedOn?: IsoDate };
  /** A recorded row corrected (correctAttendance): its new values. */
  attendanceCorrection?: {
    sessionOn: IsoDate; formCode: string; attendedHours: number; absent: boolean; justified: boolean;
    justification: Justification | null; justifiedOn: IsoDate | null;
  };
  justification?: { sessionOn: IsoDate; formCode: string; justification: 'written' | 'phone'; justifiedOn: IsoDate };
  followUp?: { number: 1 | 2; recordedOn: IsoDate; onTime: boolean; data: FollowUp1Data | FollowUp2Data };
  letterSent?: { key: string; sentOn: IsoDate };
  /** A signed consent withdrawn: it no longer counts as signed (a new signature counts again). */
  withdrawal?: { kind: DocumentKind; withdrawnOn: IsoDate };
  /** Another social worker takes the participant over: their open social-worker tasks go along. */
  reassignment?: { to: string };
  /** Unsent letters (of these kinds; all when none given) a later step made obsolete: they leave the queue. */
  supersedeLetters?: { reason: SupersededReason; kinds?: LetterKind[] };
  /** Corrected personal data: the record changes, each field's old and new value is kept with the event. */
  correction?: { changes: CorrectionChanges; reason: string };
}

/**
 * The letter's reference number: the project's code, the year, the letter's number in the project that
 * year. Two letters racing for one number: the unique index refuses the second, whose activity retries.
 */
async function letterReference(db: Db, projectId: string, projectCode: string, date: Date): Promise<string> {
  const year = todayInWarsaw(date).slice(0, 4);
  const prefix = `${projectCode}/${year}/`;
  const { n } = await db
    .selectFrom('letters as l')
    .innerJoin('applications as a', 'a.id', 'l.application_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('a.project_id', '=', projectId)
    .where('l.reference', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return `${prefix}${Number(n) + 1}`;
}

/** The failure type of a correction to a PESEL another application of the project holds. */
export const DUPLICATE_APPLICATION = 'DuplicateApplication';

/**
 * Applies a correction in the transition's transaction: the row is locked and its current values are the
 * old ones (whatever changed since the service looked); unchanged fields are left out. The unique index
 * refuses a PESEL the project already has (a concurrent registration included): the whole event rolls back.
 */
async function applyCorrection(tx: Transaction<Database>, t: Transition & { correction: NonNullable<Transition['correction']> }, eventId: string, actor: string | null) {
  const row = await tx.selectFrom('applications').select(CORRECTION_COLUMNS).where('id', '=', t.applicationId).forUpdate().executeTakeFirstOrThrow();
  const current = correctableValues(row);
  let set: Record<string, unknown> = {};
  const kept = [];
  for (const field of CORRECTABLE_FIELDS) {
    if (!(field in t.correction.changes)) continue;
    const before = correctionText(current[field]);
    const after = correctionText(t.correction.changes[field]);
    if (before === after) continue;
    set = { ...set, ...correctionColumns(field, t.correction.changes[field]) };
    kept.push({ application_id: t.applicationId, event_id: eventId, field, old_value: before, new_value: after, reason: t.correction.reason, corrected_by: actor, corrected_at: t.occurredAt });
  }
  if (kept.length === 0) return;
  try {
    await tx.updateTable('applications').set(set).where('id', '=', t.applicationId).execute();
  } catch (err) {
    const e = err as { code?: string; constraint?: string };
    if (e.code === '23505' && e.constraint === PESEL_UNIQUE_INDEX) {
      throw ApplicationFailure.nonRetryable('another application of this project has this PESEL', DUPLICATE_APPLICATION);
    }
    throw err;
  }
  await tx.insertInto('corrections').values(kept).execute();
}

export type RoundMessage =
  | { kind: 'candidateScored'; points: number }
  | { kind: 'placeFreed'; reason: PlaceFreed['reason'] }
  | { kind: 'confirmPlace'; requestId: string }
  | { kind: 'withdrawn' }
  | { kind: 'candidateCorrected' }
  | { kind: 'endingUndone' };

/**
 * The tasks whose cause a transition resolves, closed in its transaction (automatically, with the
 * cause): facts the event carries, so no workflow change. The journey resolves its own timers' tasks
 * as well (the reminder it superseded, an absence justified); closing one twice changes nothing.
 */
export function resolvedBy(t: Pick<Transition, 'type' | 'stageAfter' | 'payload' | 'application'>): { kinds: string[] | 'all'; cause: string } | null {
  // Nothing is left to do for a participant who died: every reminder, follow-up and escalation stops.
  if (t.type === 'participation_ended' && t.application?.end_reason === 'died') return { kinds: 'all', cause: 'participant died' };
  // A journey over (e.g. a promoted candidate's place lost) leaves nothing to see through; the tasks of
  // its own timers it resolves itself, each with its precise cause.
  if (t.stageAfter === 'closed') return { kinds: ['promoted_from_reserve'], cause: 'journey closed' };
  // Signing is what a promotion from the reserve list and the signing reminder wait for; a late
  // signature still waits for the round (the coordinator's escalation stays until it answers).
  if (t.type === 'participation_started') return { kinds: ['promoted_from_reserve', 'sign_reminder', 'sign_escalation'], cause: 'documents signed' };
  if (t.type === 'documents_signed' && t.payload?.late === true) return { kinds: ['promoted_from_reserve', 'sign_reminder'], cause: 'documents signed' };
  return null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Actors are users; anything else (e.g. a system name from the round) stays in the payload only. */
const actorOrNull = (id: string | null) => (id && UUID.test(id) ? id : null);

export function createJourneyActivities({ db, now, temporal }: ActivityDeps) {
  async function loadRules(input: { projectId: string; version: number }): Promise<ProjectRules> {
    const row = await db
      .selectFrom('project_rules')
      .select('rules')
      .where('project_id', '=', input.projectId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (row) return { ...row.rules, version: input.version };
    // A project that never stored regulations runs on the defaults (version 1 only).
    if (input.version === DEFAULT_RULES.version) return DEFAULT_RULES;
    throw ApplicationFailure.nonRetryable(`rules version ${input.version} of project ${input.projectId} does not exist`, 'RulesNotFound');
  }

  async function recordTransition(t: Transition): Promise<{ recorded: boolean }> {
    return db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('journey_events')
        .values({
          application_id: t.applicationId,
          event_key: t.eventKey,
          actor_id: actorOrNull(t.actorId),
          occurred_at: t.occurredAt,
          type: t.type,
          stage_before: t.stageBefore,
          stage_after: t.stageAfter,
          payload: JSON.stringify(t.payload ?? {}),
        })
        .onConflict((oc) => oc.column('event_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      // Already written by an earlier attempt: the domain changes went with it.
      if (!inserted) return { recorded: false };

      if (t.correction) await applyCorrection(tx, { ...t, correction: t.correction }, String(inserted.id), actorOrNull(t.actorId));
      const patch: Updateable<ApplicationsTable> = { ...t.application, updated_at: now() };
      if (t.stageAfter) patch.stage = t.stageAfter;
      if (patch.scores !== undefined && patch.scores !== null) patch.scores = JSON.stringify(patch.scores);
      await tx.updateTable('applications').set(patch).where('id', '=', t.applicationId).execute();

      const actor = actorOrNull(t.actorId);
      if (t.documents?.length) {
        await tx
          .insertInto('documents')
          .values(t.documents.map((d) => ({ application_id: t.applicationId, kind: d.kind, signed_on: d.signedOn, recorded_by: actor })))
          // Once recorded it stays, unless the consent had been withdrawn: a new signature counts again.
          .onConflict((oc) =>
            oc
              .columns(['application_id', 'kind'])
              .doUpdateSet((eb) => ({ signed_on: eb.ref('excluded.signed_on'), recorded_by: eb.ref('excluded.recorded_by'), withdrawn_on: null, withdrawn_by: null }))
              .where('documents.withdrawn_on', 'is not', null),
          )
          .execute();
      }
      if (t.withdrawal) {
        await tx
          .updateTable('documents')
          .set({ withdrawn_on: t.withdrawal.withdrawnOn, withdrawn_by: actor })
          .where('application_id', '=', t.applicationId)
          .where('kind', '=', t.withdrawal.kind)
          .where('withdrawn_on', 'is', null)
          .execute();
      }
      if (t.plan) {
        // The plan is replaced as a whole (an annex to the IŚR changes it).
        await tx.deleteFrom('support_plan').where('application_id', '=', t.applicationId).execute();
        await tx
          .insertInto('support_plan')
          .values(
            t.plan.map((i) => ({
              application_id: t.applicationId, form_code: i.formCode, hours: i.hours, planned_by: actor,
              ...('provider' in i ? { period_from: i.from, period_to: i.to, provider: i.provider } : {}),
            })),
          )
          .execute();
      }
      if (t.isr) {
        // Every revision stays: the IŚR is changed by annexes, never replaced.
        await tx
          .insertInto('isr_revisions')
          .values({
            application_id: t.applicationId, revision: t.isr.revision, diagnosis: t.isr.diagnosis, goals: t.isr.goals,
            items: JSON.stringify(t.isr.items), reason: t.isr.reason, revised_by: actor, revised_at: t.occurredAt,
          })
          .execute();
      }
      if (t.attendance) {
        const a = t.attendance;
        await tx
          .insertInto('attendance')
          .values({
            application_id: t.applicationId,
            session_on: a.sessionOn,
            form_code: a.formCode,
            planned_hours: a.plannedHours,
            attended_hours: a.attendedHours,
            absent: a.absent,
            justified: a.justified,
            justification: a.justification ?? null,
            justified_on: a.justifiedOn ?? null,
            session_id: a.sessionId ?? null,
            recorded_by: actor,
          })
          .onConflict((oc) => oc.columns(['application_id', 'session_on', 'form_code']).doNothing())
          .execute();
      }
      if (t.justification) {
        const j = t.justification;
        await tx
          .updateTable('attendance')
          .set({ justified: true, justification: j.justification, justified_on: j.justifiedOn })
          .where('application_id', '=', t.applicationId)
          .where('session_on', '=', j.sessionOn)
          .where('form_code', '=', j.formCode)
          .execute();
      }
      if (t.attendanceCorrection) {
        const c = t.attendanceCorrection;
        await tx
          .updateTable('attendance')
          .set({ attended_hours: c.attendedHours, absent: c.absent, justified: c.justified, justification: c.justification, justified_on: c.justifiedOn })
          .where('application_id', '=', t.applicationId)
          .where('session_on', '=', c.sessionOn)
          .where('form_code', '=', c.formCode)
          .execute();
      }
      if (t.followUp) {
        const f = t.followUp;
        await tx
          .insertInto('follow_ups')
          .values({
            application_id: t.applicationId,
            number: f.number,
            recorded_on: f.recordedOn,
            on_time: f.onTime,
            data: JSON.stringify(f.data),
            recorded_by: actor,
          })
          .onConflict((oc) => oc.columns(['application_id', 'number']).doNothing())
          .execute();
      }
      if (t.reassignment) {
        await tx
          .updateTable('tasks')
          .set({ assignee_user_id: t.reassignment.to })
          .where('application_id', '=', t.applicationId)
          .where('assignee_role', '=', 'social_worker')
          .where('state', '=', 'open')
          .execute();
      }
      const resolved = resolvedBy(t);
      if (resolved) await closeResolvedTasks(tx, now(), { applicationId: t.applicationId, ...resolved });
      if (t.supersedeLetters) {
        const { reason, kinds } = t.supersedeLetters;
        let q = tx
          .updateTable('letters')
          .set({ superseded_at: t.occurredAt, superseded_reason: reason })
          .where('application_id', '=', t.applicationId)
          .where('sent_on', 'is', null)
          .where('superseded_at', 'is', null);
        if (kinds?.length) q = q.where('kind', 'in', kinds);
        await q.execute();
      }
      if (t.letterSent) {
        await tx
          .updateTable('letters')
          .set({ sent_on: t.letterSent.sentOn, sent_at: t.occurredAt, sent_by: actor })
          .where('key', '=', t.letterSent.key)
          .execute();
      }
      return { recorded: true };
    });
  }

  return {
    loadRules,
    recordTransition,

    /** The facts the journey needs at start (no personal data), and its first event. */
    async beginJourney(input: { applicationId: string; projectId: string; rulesVersion: number; occurredAt: string }) {
      const app = await db
        .selectFrom('applications')
        .select(['channel', 'original_pending', 'social_worker_id', 'received_at'])
        .where('id', '=', input.applicationId)
        .executeTakeFirst();
      if (!app) throw ApplicationFailure.nonRetryable(`application ${input.applicationId} does not exist`, 'ApplicationNotFound');
      const rules = await loadRules({ projectId: input.projectId, version: input.rulesVersion });
      await recordTransition({
        eventKey: `${input.applicationId}:applied`,
        applicationId: input.applicationId,
        actorId: null,
        occurredAt: app.received_at.toISOString(),
        type: 'applied',
        stageBefore: null,
        stageAfter: 'applied',
        payload: { channel: app.channel, originalPending: app.original_pending, rulesVersion: input.rulesVersion },
      });
      return { rules, originalPending: app.original_pending, socialWorkerId: app.social_worker_id };
    },

    /** The result (or promotion) letter as a PDF, stored once per key. */
    async createLetter(input: { key: string; applicationId: string; kind: LetterKind }): Promise<{ created: boolean }> {
      const existing = await db.selectFrom('letters').select('id').where('key', '=', input.key).executeTakeFirst();
      if (existing) return { created: false };
      const app = await db
        .selectFrom('applications')
        .innerJoin('projects', 'projects.id', 'applications.project_id')
        .select([
          'applications.first_name', 'applications.last_name', 'applications.points', 'applications.reserve_position',
          'applications.rejection_reason', 'applications.sex', 'projects.name as project_name', 'projects.code as project_code', 'projects.config',
          'applications.project_id', 'applications.address_street', 'applications.address_building', 'applications.address_flat', 'applications.address_postcode', 'applications.address_locality',
        ])
        .where('applications.id', '=', input.applicationId)
        .executeTakeFirstOrThrow();
      const date = now();
      const reference = await letterReference(db, app.project_id, app.project_code, date);
      const pdf = await letterPdf({
        kind: input.kind,
        firstName: app.first_name,
        lastName: app.last_name,
        points: app.points,
        reservePosition: app.reserve_position,
        rejectionReason: app.rejection_reason,
        project: { code: app.project_code, name: app.project_name },
        date,
        sex: app.sex,
        signatory: (app.config as ProjectConfig).signatory,
        centre: (app.config as ProjectConfig).centre,
        reference,
        address: app.address_locality && app.address_postcode && app.address_building
          ? { street: app.address_street, building: app.address_building, flat: app.address_flat, postcode: app.address_postcode, locality: app.address_locality }
          : null,
      });
      const res = await db
        .insertInto('letters')
        .values({ application_id: input.applicationId, kind: input.kind, key: input.key, pdf, reference })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('id')
        .executeTakeFirst();
      return { created: res !== undefined };
    },

    /**
     * Tells the recruitment round (signal-with-start: the round may not be running yet), then records
     * that it did. At least once: the round treats repeated messages for one application as one.
     */
    async notifyRound(input: { eventKey: string; applicationId: string; projectId: string; occurredAt: string; message: RoundMessage }) {
      const { message } = input;
      let delivered = false;
      if (temporal) {
        const taskQueue = Context.current().info.taskQueue;
        const { applicationId, projectId } = input;
        if (message.kind === 'candidateScored') {
          const app = await db
            .selectFrom('applications')
            .select(['received_at', 'sex', 'disability', 'target_group'])
            .where('id', '=', applicationId)
            .executeTakeFirstOrThrow();
          await signalRound(temporal, taskQueue, projectId, candidateScoredSignal, {
            applicationId,
            points: message.points,
            receivedAt: app.received_at.toISOString(),
            sex: app.sex,
            disability: app.disability,
            targetGroup: app.target_group,
          });
        } else if (message.kind === 'candidateCorrected') {
          const app = await db.selectFrom('applications').select(['sex', 'disability', 'target_group']).where('id', '=', applicationId).executeTakeFirstOrThrow();
          await signalRound(temporal, taskQueue, projectId, candidateCorrectedSignal, { applicationId, sex: app.sex, disability: app.disability, targetGroup: app.target_group });
        } else if (message.kind === 'placeFreed') {
          await signalRound(temporal, taskQueue, projectId, placeFreedSignal, { applicationId, reason: message.reason });
        } else if (message.kind === 'endingUndone') {
          await signalRound(temporal, taskQueue, projectId, candidateReinstatedSignal, { applicationId });
        } else if (message.kind === 'withdrawn') {
          await signalRound(temporal, taskQueue, projectId, candidateWithdrawnSignal, { applicationId });
        } else {
          await signalRound(temporal, taskQueue, projectId, confirmPlaceSignal, { applicationId, requestId: message.requestId });
        }
        delivered = true;
      } else {
        Context.current().log.warn('no Temporal client in the activity deps: the round was not signalled', { kind: message.kind });
      }
      await recordTransition({
        eventKey: input.eventKey,
        applicationId: input.applicationId,
        actorId: null,
        occurredAt: input.occurredAt,
        type: 'round_notified',
        stageBefore: null,
        stageAfter: null,
        payload: { ...message, delivered },
      });
    },
  };
}

// The participant journey, as the panel and the JSON API use it: submit an application (the row and
// the workflow), act on a journey (an Update whose validator decides whether it is allowed now), and
// read a participant (from the database only).
import { ServiceError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { Db } from '../../db/connect';
import type { ApplicationRow } from '../../db/schema';
import { AppError } from '../../domain/errors';
import { ACTION_ROLES, type SupersededReason, type JourneyAction, type JourneyActions, type JourneyEventView, type JourneyInput } from '../../domain/journey';
import type { Reason } from '../../domain/journey-rules';
import { assertCan, canFor } from '../../domain/permissions';
import type { Justification } from '../../domain/sessions';
import { checkPesel, parsePesel, peselMessage } from '../../domain/pesel';
import { CHANNELS, LABOUR_STATUSES, SEXES, type Role } from '../../domain/types';
import { journeyWorkflowId, JOURNEY_WORKFLOW_TYPE, journeyUpdates, NOT_ALLOWED_NOW } from '../../contracts/journey';
import { ProjectKey, StageKey } from '../../contracts/search-attributes';
import { inBothLanguages, PESEL_MESSAGES, readMessage, say, type BothLanguages, type Locale } from '../../i18n';
import type { ServiceActor, Via } from '../actor';
import { audit } from '../audit';
import { parseLocalized, fieldErrors } from '../forms';
import { checkParticipantData, participantDataShape } from '../../domain/participant-data';
import { eligibilityEvidenceSchema } from '../../domain/eligibility';
import { assertAccompanied, assertEligible } from './eligibility';
import { todayInWarsaw } from '../../i18n/format';
import { rulesVersionOn } from './rules';
import { fieldIssue, participantDataColumns } from './participant-data';
import { assertListApproved } from './letter-approval';
import { ACTION_INPUTS, type InputAction } from './journey-inputs';
import { checkIntake, signingChecks } from './intake';
import { candidateFlags } from '../../domain/intake-checks';
import { applicationInProject, applicationsInOtherProjects, duplicateApplication, isDuplicateApplicationError, type OtherApplication } from './duplicates';
import { assertCanSee, assertCanSeeProject, inProjectsOf } from './scope';

export interface JourneyDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
}

/** How long an action waits for the journey's answer (a worker must pick the Update up) by default. */
const UPDATE_TIMEOUT_MS = 30_000;

export interface Actor {
  id: string;
  role: Role;
}

/**
 * A refused action: not allowed in the journey's current state. `refusal` is the journey's reason (a
 * word-book key, or both texts from a journey recorded before the word-book); `reason` reads it in both.
 */
export class NotAllowedNowError extends AppError {
  readonly reason: BothLanguages;
  constructor(readonly refusal: Reason | BothLanguages) {
    const reason = inBothLanguages(refusal);
    super('not_allowed_now', reason.en, [], refusal);
    this.reason = reason;
  }
}

/** Why an action reached a journey that has finished (its workflow completed); callers compare by identity. */
export const JOURNEY_CLOSED: BothLanguages = inBothLanguages({ key: 'refusal.participantJourneyClosed' });
/** The message of the 404 for an application without a journey workflow (or one Temporal no longer keeps). */
export const NO_SUCH_JOURNEY = 'no such journey';

const isoDate = z.iso.date();

export const applicationSchema = z
  .object({
    projectId: z.uuid(),
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().min(1).max(100),
    pesel: z.string().trim(),
    birthDate: isoDate,
    sex: z.enum(SEXES),
    disability: z.boolean().default(false),
    targetGroup: z.string().trim().min(1).max(50).nullish(),
    labourStatus: z.enum(LABOUR_STATUSES).nullish(),
    channel: z.enum(CHANNELS),
    /** When the form arrived; to the second (it breaks ranking ties). Defaults to now. */
    receivedAt: z.iso.datetime({ offset: true }).optional(),
    socialWorkerId: z.uuid().nullish(),
    ...participantDataShape,
    centreClient: z.boolean().optional(),
    eligibilityEvidence: eligibilityEvidenceSchema.optional(),
    accompaniesApplicationId: z.uuid().optional(),
  })
  .superRefine((v, ctx) => {
    checkParticipantData({ ...v, receivedOn: todayInWarsaw(v.receivedAt ? new Date(v.receivedAt) : new Date()) }, ctx);
    for (const err of checkPesel(v.pesel, { birthDate: v.birthDate, sex: v.sex })) {
      const path = err === 'birth_date_mismatch' ? ['birthDate'] : err === 'sex_mismatch' ? ['sex'] : ['pesel'];
      ctx.addIssue({ code: 'custom', path, message: PESEL_MESSAGES[err].pl });
    }
  });
export type ApplicationInput = z.input<typeof applicationSchema>;

function invalid(error: z.ZodError): AppError {
  return new AppError('invalid_input', 'the application form has errors', error.issues.map(fieldIssue));
}

/**
 * Records an application and starts its journey (ids only in the workflow). Idempotent per request id:
 * a retried submission returns the same application and never starts a second journey.
 */
export async function submitApplication(
  deps: JourneyDeps,
  actor: Actor,
  input: unknown,
  requestId: string,
): Promise<{ applicationId: string; workflowId: string }> {
  assertCan(actor.role, 'submitApplication');
  const parsed = applicationSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const v = parsed.data;
  await assertCanSeeProject(deps.db, actor, v.projectId);
  const project = await deps.db.selectFrom('projects').select(['id', 'starts_on', 'ends_on', 'config']).where('id', '=', v.projectId).executeTakeFirst();
  if (!project) throw new AppError('not_found', 'project not found');
  // The target group is one of the selected project's (when it lists any).
  const groups = ((project.config as { targetGroups?: Array<{ code: string }> }).targetGroups ?? []).map((g) => g.code);
  if (v.targetGroup && groups.length > 0 && !groups.includes(v.targetGroup)) {
    throw new AppError('invalid_input', 'the target group is not one of this project', [{ field: 'targetGroup', message: say('pl', { key: 'eligibility.groupOfOtherProject' }), text: { key: 'eligibility.groupOfOtherProject' } }]);
  }

  if (v.socialWorkerId) await assertActiveSocialWorker(deps.db, v.socialWorkerId, v.projectId);
  if (v.accompaniesApplicationId) await assertAccompanied(deps.db, v.projectId, v.accompaniesApplicationId);
  const receivedAt = new Date(v.receivedAt ?? Date.now());
  receivedAt.setMilliseconds(0);
  const intake = checkIntake({ startsOn: project.starts_on, endsOn: project.ends_on, config: project.config }, receivedAt);
  // The regulations in effect on the day it was received (a version issued ahead waits for its day).
  const rulesVersion = await rulesVersionOn(deps.db, v.projectId, todayInWarsaw(receivedAt));
  // One person, one application per project: the unique index decides a race; the answer names the one there.
  await deps.db
    .insertInto('applications')
    .values({
      project_id: v.projectId,
      request_id: requestId,
      first_name: v.firstName,
      last_name: v.lastName,
      pesel: v.pesel,
      birth_date: v.birthDate,
      sex: v.sex,
      disability: v.disability,
      target_group: v.targetGroup ?? null,
      labour_status: v.labourStatus ?? null,
      channel: v.channel,
      received_at: receivedAt,
      // An e-mailed scan: the signed original must follow.
      original_pending: v.channel === 'email_scan',
      intake_flags: JSON.stringify(intake),
      social_worker_id: v.socialWorkerId ?? (actor.role === 'social_worker' ? actor.id : null),
      rules_version: rulesVersion,
      ...participantDataColumns(v),
      centre_client: v.centreClient ?? null,
      eligibility_evidence: JSON.stringify(v.eligibilityEvidence ?? []),
      accompanies_id: v.accompaniesApplicationId ?? null,
    })
    .onConflict((oc) => oc.column('request_id').doNothing())
    .execute()
    .catch(async (err: unknown) => {
      const existing = isDuplicateApplicationError(err) ? await applicationInProject(deps.db, v.projectId, v.pesel) : null;
      throw existing ? duplicateApplication(existing) : err;
    });
  const row = await deps.db
    .selectFrom('applications')
    .select(['id', 'project_id', 'rules_version'])
    .where('request_id', '=', requestId)
    .executeTakeFirstOrThrow();

  const workflowId = journeyWorkflowId(row.id);
  const journeyInput: JourneyInput = { applicationId: row.id, projectId: row.project_id, rulesVersion: row.rules_version };
  try {
    await deps.temporal.workflow.start(JOURNEY_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [journeyInput],
      // A retry finds the journey already there (running or finished) and starts nothing new.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: StageKey, value: 'applied' },
        { key: ProjectKey, value: row.project_id },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { applicationId: row.id, workflowId };
}

/**
 * The action "record an application" (panel form or API body): the birth date defaults to the one the
 * PESEL encodes, then submitApplication, then the audit row.
 */
export async function recordApplication(
  deps: JourneyDeps,
  actor: ServiceActor,
  input: Record<string, unknown>,
  requestId: string,
  via: Via,
): Promise<{ applicationId: string; warnings: OtherApplication[] }> {
  assertCan(actor.role, 'submitApplication');
  let birthDate = input.birthDate;
  if (!birthDate) {
    const decoded = parsePesel(String(input.pesel ?? '').trim());
    if (!decoded.ok) throw new AppError('invalid_input', 'invalid PESEL', [{ field: 'pesel', message: PESEL_MESSAGES[decoded.error].pl, text: peselMessage(decoded.error) }]);
    birthDate = decoded.facts.birthDate;
  }
  const { applicationId } = await submitApplication(deps, actor, { ...input, birthDate }, requestId);
  // The same person in another project of the centre: allowed, said (not refused).
  const warnings = await applicationsInOtherProjects(deps.db, String(input.projectId), String(input.pesel).trim());
  await audit(deps.db, actor, { action: 'application_submitted', entity: 'application', entityId: applicationId, details: { via, ...(warnings.length ? { inOtherProjects: warnings.length } : {}) } });
  return { applicationId, warnings };
}

/**
 * A human action on a journey: an Update whose id is the request id, so a retried click has one
 * effect. Refused by the journey -> NotAllowedNowError (409) with the reason; no such journey -> 404;
 * no answer within `updateTimeoutMs` (no worker polls, Temporal down) -> a 503 to retry (server/errors.ts),
 * never a request that hangs: without a deadline the SDK polls for the Update's outcome forever.
 */
export async function act<A extends JourneyAction>(
  deps: Pick<JourneyDeps, 'temporal'> & { updateTimeoutMs?: number },
  actor: Actor,
  applicationId: string,
  action: A,
  args: Omit<JourneyActions[A][0], 'actorId'>,
  requestId: string,
): Promise<JourneyActions[A][1]> {
  if (!ACTION_ROLES[action]?.includes(actor.role)) throw new AppError('forbidden', `role ${actor.role} cannot ${action}`);
  const handle = deps.temporal.workflow.getHandle(journeyWorkflowId(applicationId));
  const def = journeyUpdates[action] as unknown as import('@temporalio/common').UpdateDefinition<JourneyActions[A][1], [JourneyActions[A][0]]>;
  try {
    const deadline = Date.now() + (deps.updateTimeoutMs ?? UPDATE_TIMEOUT_MS);
    return await deps.temporal.withDeadline(deadline, () =>
      handle.executeUpdate(def, { args: [{ ...args, actorId: actor.id } as JourneyActions[A][0]], updateId: requestId }),
    );
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause;
      if (cause instanceof ApplicationFailure && cause.type === NOT_ALLOWED_NOW) {
        const reason = (readMessage(cause.details?.[0]) as Reason | BothLanguages | undefined) ?? { pl: cause.message, en: cause.message };
        throw new NotAllowedNowError(reason);
      }
      throw new AppError('not_allowed_now', cause?.message ?? err.message);
    }
    if (err instanceof WorkflowNotFoundError) {
      // A finished journey still exists: the action came too late rather than to a wrong address.
      const exists = await handle.describe().then(() => true, () => false);
      if (exists) throw new NotAllowedNowError(JOURNEY_CLOSED);
      throw new AppError('not_found', NO_SUCH_JOURNEY);
    }
    // FAILED_PRECONDITION (9): the server refuses Updates while the journey's last workflow task is
    // being retried (a worker crashed or overloaded mid-task). Transient: a 503 to retry, not a 500.
    if (err instanceof ServiceError && (err.cause as { code?: number } | undefined)?.code === 9) {
      throw new AppError('unavailable', 'the journey is catching up after a fault; try again shortly');
    }
    throw err;
  }
}

/** Refuses (400 on socialWorkerId) anyone who is not an active social worker (of this project, when given). */
export async function assertActiveSocialWorker(db: Db, socialWorkerId: string, projectId?: string): Promise<void> {
  const field = (message: string) => new AppError('invalid_input', 'socialWorkerId is not an active social worker', [{ field: 'socialWorkerId', message }]);
  if (!z.uuid().safeParse(socialWorkerId).success) throw field('Wybierz pracownika socjalnego');
  const worker = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', socialWorkerId)
    .where('role', '=', 'social_worker')
    .where('active', '=', true)
    .executeTakeFirst();
  if (!worker) throw field('To nie jest aktywny pracownik socjalny');
  if (projectId) await assertWorksIn(db, socialWorkerId, projectId);
}

/** Refuses (400 on socialWorkerId) a social worker who does not work in the participant's project. */
async function assertWorksIn(db: Db, socialWorkerId: string, projectId: string): Promise<void> {
  const works = await db.selectFrom('projects as p').select('p.id').where('p.id', '=', projectId).where(inProjectsOf({ id: socialWorkerId }, 'p.id')).executeTakeFirst();
  if (!works) throw new AppError('invalid_input', 'the social worker does not work in this project', [{ field: 'socialWorkerId', message: 'Ten pracownik socjalny nie pracuje w projekcie uczestnika' }]);
}

/**
 * Another social worker takes a participant over. Through the journey, the owner of the fact: its
 * Update changes the journey's own record (so later reminder tasks and their e-mails go to the new
 * worker), writes applications.social_worker_id, moves the participant's open social-worker tasks and
 * puts the change on the timeline. Coordinators only; the new worker must be an active social worker
 * (`checked`: the caller has already made sure, e.g. once for a whole bulk action).
 * Audited here, once per call (a retried request id is one Update, one timeline event).
 */
export async function reassignSocialWorker(
  deps: Pick<JourneyDeps, 'db' | 'temporal'> & { updateTimeoutMs?: number },
  actor: Actor & { ip?: string },
  applicationId: string,
  socialWorkerId: string,
  requestId: string,
  opts: { workerChecked?: boolean } = {},
): Promise<JourneyActions['reassignSocialWorker'][1]> {
  assertCan(actor.role, 'reassignSocialWorker');
  if (!opts.workerChecked) await assertActiveSocialWorker(deps.db, socialWorkerId);
  // Whoever takes a participant over works in their project (a bulk action may span projects).
  const { projectId } = await assertCanSee(deps.db, actor, applicationId);
  await assertWorksIn(deps.db, socialWorkerId, projectId);
  const result = await act(deps, actor, applicationId, 'reassignSocialWorker', { socialWorkerId }, requestId);
  await audit(deps.db, actor, { action: 'social_worker_assigned', entity: 'application', entityId: applicationId, details: { socialWorkerId, previous: result.previous } });
  return result;
}

/** The action's input checked against its schema (400 with the field errors), as the Update's arguments. */
export function actionArgs<A extends InputAction>(action: A, input: unknown, locale: Locale): Omit<JourneyActions[A][0], 'actorId'> {
  const spec = ACTION_INPUTS[action];
  const parsed = parseLocalized(spec.schema, input, locale);
  if (!parsed.success) throw new AppError('invalid_input', 'invalid form', fieldErrors(parsed.error));
  return (spec.toArgs as (i: unknown) => object)(parsed.data) as Omit<JourneyActions[A][0], 'actorId'>;
}

/**
 * Whether this user may take this action on this participant, and its input checked: the Update's
 * arguments. What performAction does before acting; the panel's confirmation step shows them first.
 */
export async function checkAction<A extends InputAction>(db: Db, actor: ServiceActor, req: { applicationId: string; action: A; input: unknown; locale: Locale }) {
  const spec = ACTION_INPUTS[req.action];
  assertCan(actor.role, spec.op);
  const { socialWorkerId } = await assertCanSee(db, actor, req.applicationId);
  if (!canFor(actor.role, spec.op, actor.id, socialWorkerId)) throw new AppError('forbidden', 'only the participant’s own social worker may do this');
  return actionArgs(req.action, req.input, req.locale);
}

/**
 * A human action on a journey as the panel's form or the API's body states it: the role for this
 * participant (a social worker acts on their own), the action's schema (journey-inputs), the Update,
 * the audit row. Errors: 404 (not visible), 403 (not theirs), 400 (input), 409 (not allowed now).
 */
export async function performAction<A extends InputAction>(
  deps: Pick<JourneyDeps, 'db' | 'temporal'> & { updateTimeoutMs?: number },
  actor: ServiceActor,
  req: { applicationId: string; action: A; input: unknown; requestId: string; via: Via; locale: Locale },
): Promise<unknown> {
  const args = await checkAction(deps.db, actor, req);
  if (req.action === 'recordLetterSent') await assertListApproved(deps.db, req.applicationId);
  // The project's setting of the originals check goes with the signing; the journey knows whether one is pending.
  const extra = req.action === 'signDocuments' ? await signingChecks(deps.db, req.applicationId) : {};
  if (req.action === 'screen') await assertEligible(deps.db, req.applicationId);
  const result = await act(deps, actor, req.applicationId, req.action, { ...args, ...extra } as never, req.requestId);
  await audit(deps.db, actor, { action: `participant_${req.action}`, entity: 'application', entityId: req.applicationId, details: { via: req.via } });
  return result;
}

export interface ParticipantView {
  application: Omit<ApplicationRow, 'request_id'>;
  documents: { kind: string; signedOn: string }[];
  plan: { formCode: string; hours: number }[];
  /** The IŚR's current revision (0: none); once there is one, the plan changes only by revising it. */
  isrRevision: number;
  attendance: {
    sessionOn: string; formCode: string; plannedHours: number; attendedHours: number;
    absent: boolean; justified: boolean; justification: Justification | null; justifiedOn: string | null; sessionId: string | null;
  }[];
  followUps: { number: 1 | 2; recordedOn: string; onTime: boolean; data: Record<string, unknown> }[];
  letters: { id: string; key: string; kind: string; createdAt: Date; sentOn: string | null; superseded: SupersededReason | null }[];
  events: JourneyEventView[];
}

/** An application's own facts in camelCase: the API's `data` and the participant page's read model. */
export function participantFacts(a: ParticipantView['application']) {
  return {
    firstName: a.first_name,
    lastName: a.last_name,
    pesel: a.pesel,
    birthDate: a.birth_date,
    sex: a.sex,
    disability: a.disability,
    targetGroup: a.target_group,
    labourStatus: a.labour_status,
    channel: a.channel,
    receivedAt: a.received_at,
    originalPending: a.original_pending,
    /** The regulations' flags of the application's date: 'outside_period', 'day_off' (domain/intake-checks.ts). */
    intakeFlags: candidateFlags({ original_pending: false, intake_flags: a.intake_flags }),
    socialWorkerId: a.social_worker_id,
    rulesVersion: a.rules_version,
    points: a.points,
    decision: a.decision,
    reservePosition: a.reserve_position,
    rejectionReason: a.rejection_reason,
    participationStartedOn: a.participation_started_on,
    jobFoundOn: a.job_found_on,
    endedOn: a.ended_on,
    endReason: a.end_reason,
  };
}

/** Everything the panel shows about one participant, from the database (never from Temporal). */
export async function getParticipant(db: Db, _actor: Actor, applicationId: string): Promise<ParticipantView> {
  if (!z.uuid().safeParse(applicationId).success) throw new AppError('not_found', 'no such participant');
  const app = await db.selectFrom('applications').selectAll().where('id', '=', applicationId).executeTakeFirst();
  if (!app) throw new AppError('not_found', 'no such participant');
  const { request_id: _req, ...application } = app;
  const [documents, plan, attendance, followUps, letters, events, isr] = await Promise.all([
    // A withdrawn consent no longer counts as signed (its withdrawal is on the timeline).
    db.selectFrom('documents').select(['kind', 'signed_on']).where('application_id', '=', applicationId).where('withdrawn_on', 'is', null).orderBy('signed_on').orderBy('kind').execute(),
    db.selectFrom('support_plan').select(['form_code', 'hours']).where('application_id', '=', applicationId).orderBy('form_code').execute(),
    db.selectFrom('attendance').selectAll().where('application_id', '=', applicationId).orderBy('session_on').orderBy('form_code').execute(),
    db.selectFrom('follow_ups').selectAll().where('application_id', '=', applicationId).orderBy('number').execute(),
    db.selectFrom('letters').select(['id', 'key', 'kind', 'created_at', 'sent_on', 'superseded_reason']).where('application_id', '=', applicationId).orderBy('created_at').execute(),
    db.selectFrom('journey_events').selectAll().where('application_id', '=', applicationId).orderBy('id').execute(),
    db.selectFrom('isr_revisions').select((eb) => eb.fn.max('revision').as('n')).where('application_id', '=', applicationId).executeTakeFirst(),
  ]);
  return {
    application,
    documents: documents.map((d) => ({ kind: d.kind, signedOn: d.signed_on })),
    plan: plan.map((p) => ({ formCode: p.form_code, hours: p.hours })),
    isrRevision: Number(isr?.n ?? 0),
    attendance: attendance.map((a) => ({
      sessionOn: a.session_on, formCode: a.form_code, plannedHours: a.planned_hours, attendedHours: a.attended_hours,
      absent: a.absent, justified: a.justified, justification: a.justification, justifiedOn: a.justified_on, sessionId: a.session_id,
    })),
    followUps: followUps.map((f) => ({ number: f.number, recordedOn: f.recorded_on, onTime: f.on_time, data: f.data })),
    letters: letters.map((l) => ({ id: l.id, key: l.key, kind: l.kind, createdAt: l.created_at, sentOn: l.sent_on, superseded: l.superseded_reason })),
    events: events.map((e) => ({
      id: String(e.id),
      type: e.type, occurredAt: e.occurred_at.toISOString(), actorId: e.actor_id,
      stageBefore: e.stage_before, stageAfter: e.stage_after, payload: e.payload,
    })),
  };
}

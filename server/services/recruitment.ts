// Recruitment: the ranked list (read from the database) and the commission's and director's actions
// (Updates on the project's round workflow, the single writer of places; the Update id is the request id,
// so a retried click has one effect).
import { WorkflowUpdateFailedError, type Client, type UpdateDefinition } from '@temporalio/client';
import { type ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import { parseOrFail } from '../../domain/project';
import { compareCandidates, quotaStatus, type QuotaStatus } from '../../domain/ranking';
import type { ApproveListResult, CandidateStatus, CloseSittingResult, DecideResult } from '../../domain/round';
import { assertCan, type Operation } from '../../domain/permissions';
import { DECISIONS, type Quota } from '../../domain/types';
import { readMessage, say, type AuditAction } from '../../i18n';
import type { ServiceActor as AuditActor, Via } from '../actor';
import { audit } from '../audit';
import { storedText } from '../forms';
import type { ProjectConfig } from '../../domain/project';
import { roundWorkflowId, approveListUpdate, closeSittingUpdate, decideUpdate } from '../../contracts/round';
import { assertCanSee, assertCanSeeProject } from './scope';

export interface RecruitmentDeps {
  db: Db;
  temporal: Client;
}

export interface RankingPageRow {
  rank: number;
  applicationId: string;
  points: number;
  receivedAt: Date;
  status: CandidateStatus;
  sitting: number | null;
  reservePosition: number | null;
  fromReserve: boolean;
  reason: string | null;
}

export interface SittingSummary {
  id: string;
  seq: number;
  heldOn: string | null;
  members: string[];
  closedAt: Date | null;
  approvedAt: Date | null;
  approvedBy: string | null;
  hasProtocol: boolean;
}

export interface RankingPage {
  projectId: string;
  places: number;
  taken: number;
  free: number;
  rows: RankingPageRow[];
  quotas: QuotaStatus[];
  sittings: SittingSummary[];
  /** Promotions from the reserve list, newest first (the coordinator's dashboard). */
  promotions: { applicationId: string; freedBy: string | null; at: Date; open: boolean }[];
  /** Places and quotas changed while the round ran (its reconfigure Update), newest first. */
  configChanges: { at: Date; placesFrom: number | null; placesTo: number; quotasChanged: boolean; promoted: number; byName: string | null }[];
}

/** The ranked list as the round last wrote it: points descending, then received-at to the second. */
export async function getRanking(db: Db, projectId: string): Promise<RankingPage> {
  const project = await db.selectFrom('projects').select(['places', 'config']).where('id', '=', projectId).executeTakeFirst();
  if (!project) throw new AppError('not_found', 'Nie ma takiego projektu');
  const [rows, decisions, sittings, promotions, configChanges] = await Promise.all([
    db.selectFrom('round_candidates').selectAll().where('project_id', '=', projectId).execute(),
    db.selectFrom('decisions').select(['application_id', 'reason']).where('project_id', '=', projectId).execute(),
    db
      .selectFrom('sittings')
      .select(['id', 'seq', 'held_on', 'members', 'closed_at', 'approved_at', 'approved_by', sql<boolean>`protocol_pdf is not null`.as('has_protocol')])
      .where('project_id', '=', projectId)
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('tasks')
      .select(['application_id', 'payload', 'created_at', 'state'])
      .where('project_id', '=', projectId)
      .where('kind', '=', 'promoted_from_reserve')
      .orderBy('created_at', 'desc')
      .execute(),
    db
      .selectFrom('round_config_changes as c')
      .leftJoin('users as u', 'u.id', 'c.changed_by')
      .select(['c.changed_at', 'c.places_from', 'c.places_to', 'c.quotas_changed', 'c.promoted', 'u.name'])
      .where('c.project_id', '=', projectId)
      .orderBy('c.changed_at', 'desc')
      .execute(),
  ]);
  const reasons = new Map(decisions.map((d) => [d.application_id, d.reason]));
  // A withdrawn application has left the ranking (its timeline keeps the withdrawal).
  const ranked = rows
    .filter((r) => r.left_reason !== 'withdrawn')
    .map((r) => ({ ...r, receivedAt: r.received_at.toISOString(), applicationId: r.application_id }))
    .sort(compareCandidates);
  const taken = rows.filter((r) => r.status === 'qualified').length;
  const free = Math.max(0, project.places - taken);
  const subjects = rows
    .filter((r) => r.status === 'qualified' || (r.status === 'left' && r.left_reason === 'ended_early'))
    .map((r) => ({ sex: r.sex, disability: r.disability, targetGroup: r.target_group }));
  const quotas: Quota[] = (project.config as ProjectConfig).quotas ?? [];
  return {
    projectId,
    places: project.places,
    taken,
    free,
    rows: ranked.map((r, i) => ({
      rank: i + 1,
      applicationId: r.application_id,
      points: r.points,
      receivedAt: r.received_at,
      status: r.status,
      sitting: r.sitting_seq,
      reservePosition: r.reserve_position,
      fromReserve: r.from_reserve,
      reason: reasons.get(r.application_id) ?? null,
    })),
    quotas: quotaStatus(quotas, subjects, free),
    sittings: sittings.map((s) => ({
      id: s.id,
      seq: s.seq,
      heldOn: s.held_on,
      members: s.members,
      closedAt: s.closed_at,
      approvedAt: s.approved_at,
      approvedBy: s.approved_by,
      hasProtocol: s.has_protocol,
    })),
    promotions: promotions.map((p) => ({
      applicationId: p.application_id!,
      freedBy: (p.payload as { freedBy?: string }).freedBy ?? null,
      at: p.created_at,
      open: p.state === 'open',
    })),
    configChanges: configChanges.map((c) => ({
      at: c.changed_at,
      placesFrom: c.places_from,
      placesTo: c.places_to,
      quotasChanged: c.quotas_changed,
      promoted: c.promoted,
      byName: c.name,
    })),
  };
}

/** The stored protocol of a sitting (PDF bytes). */
export async function getProtocol(db: Db, projectId: string, sittingId: string): Promise<Buffer> {
  const row = await db
    .selectFrom('sittings')
    .select('protocol_pdf')
    .where((eb) => eb.and({ project_id: projectId, id: sittingId }))
    .executeTakeFirst();
  if (!row?.protocol_pdf) throw new AppError('not_found', 'Protokół tego posiedzenia nie istnieje');
  return row.protocol_pdf;
}

/** The ranking as a user reads it (the read is audited: it lists candidates). */
export async function viewRanking(db: Db, actor: AuditActor, projectId: string, via: Via): Promise<RankingPage> {
  assertCan(actor.role, 'getRanking');
  await assertCanSeeProject(db, actor, projectId);
  const page = await getRanking(db, projectId);
  await audit(db, actor, { action: 'ranking_viewed', entity: 'project', entityId: projectId, details: { via } });
  return page;
}

/**
 * The ranking as the decision left it (read-your-writes): the round answers a decision before it writes
 * the ranking row (patch decide-answers-first), so the page after a decision shows the decided row and the
 * place count from the Update's result, whether or not the round's projection has caught up yet.
 */
export function withDecision(page: RankingPage, d: DecideResult, reason: string | null): RankingPage {
  const taken = page.places - d.placesFree;
  return {
    ...page,
    taken,
    free: d.placesFree,
    rows: page.rows.map((r) => (r.applicationId === d.applicationId ? { ...r, status: d.decision, sitting: d.sitting, reservePosition: d.reservePosition, reason: d.decision === 'rejected' ? reason : r.reason } : r)),
  };
}

/** A sitting's protocol as a user downloads it (audited). */
export async function downloadProtocol(db: Db, actor: AuditActor, projectId: string, sittingId: string): Promise<Buffer> {
  assertCan(actor.role, 'getRanking');
  await assertCanSeeProject(db, actor, projectId);
  const pdf = await getProtocol(db, projectId, sittingId);
  await audit(db, actor, { action: 'protocol_downloaded', entity: 'sitting', entityId: sittingId });
  return pdf;
}

const requestId = z.string().trim().min(8, 'Identyfikator żądania').max(100);

/** The commission's decision: the API's body (with the application) and the panel's form, parsed once here. */
export const decideSchema = z
  .object({
    applicationId: z.uuid('Identyfikator zgłoszenia'),
    decision: z.enum(DECISIONS),
    reason: storedText(2000).optional(),
    /** Required by the round when the qualification passes over higher-ranked waiting candidates. */
    justification: storedText(2000).optional(),
  })
  .refine((d) => d.decision !== 'rejected' || d.reason, { path: ['reason'], message: 'Odrzucenie wymaga uzasadnienia' });

/** Closing a sitting: the panel's textarea becomes one member per line before this schema. */
export const closeSittingSchema = z.object({
  members: z.array(storedText(200, 1)).min(1, 'Podaj skład komisji').max(20),
  date: z.iso.date('Data w formacie RRRR-MM-DD'),
});

export const approveListSchema = z.object({ sitting: z.number().int().positive().optional() });

export const withRequestId = <S extends z.ZodType>(schema: S) => z.intersection(z.object({ requestId }), schema);

/** How long an action waits for a round that is still reading its project's configuration. */
const ROUND_LOADING_WAIT_MS = 15_000;

/** Runs an Update on the round; a refusal (validator or handler) becomes not_allowed_now with its reason. */
export async function roundUpdate<R, A>(client: Client, projectId: string, update: UpdateDefinition<R, [A]>, args: A, id: string): Promise<R> {
  const handle = client.workflow.getHandle(roundWorkflowId(projectId));
  const loadingUntil = Date.now() + ROUND_LOADING_WAIT_MS;
  try {
    for (;;) {
      try {
        return await handle.executeUpdate(update, { args: [args], updateId: id });
      } catch (err) {
        // A round just started (by the first screening) reads the project's places for a moment: the action
        // waits for it rather than refusing a commission member who was quick. A refused Update is not
        // kept, so the same id is tried again.
        const text = err instanceof WorkflowUpdateFailedError ? readMessage((err.cause as ApplicationFailure | undefined)?.details?.[0]) : undefined;
        if (!(text && 'key' in text && text.key === 'refusal.round.loading' && Date.now() < loadingUntil)) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const text = readMessage((err.cause as ApplicationFailure | undefined)?.details?.[0]);
      throw new AppError('not_allowed_now', text ? say('pl', text) : ((err.cause as Error | undefined)?.message ?? err.message), [], text);
    }
    if (err instanceof WorkflowNotFoundError) {
      throw new AppError('not_found', 'Rekrutacja w tym projekcie jeszcze się nie rozpoczęła (brak ocenionych kandydatów)');
    }
    throw err;
  }
}

/**
 * The commission's decision for one candidate: qualified (while a place is free), reserve, rejected with
 * a reason. `projectId` null: the application's own project. Input: decideSchema plus the request id.
 */
export async function decide(deps: RecruitmentDeps, actor: AuditActor, projectId: string | null, input: unknown, via: Via = 'api'): Promise<DecideResult> {
  assertCan(actor.role, 'decideApplication');
  const a = parseOrFail(withRequestId(decideSchema), input, 'Nieprawidłowa decyzja');
  // One of the member's projects: the one named (the round refuses a candidate it does not hold), or the
  // application's own, if the member may see it.
  if (projectId !== null) await assertCanSeeProject(deps.db, actor, projectId);
  const project = projectId ?? (await assertCanSee(deps.db, actor, a.applicationId)).projectId;
  const result = await roundUpdate(deps.temporal, project, decideUpdate, { ...a, decidedBy: actor.id }, a.requestId);
  await audit(deps.db, actor, { action: 'application_decided', entity: 'application', entityId: a.applicationId, details: { decision: a.decision, via } });
  return result;
}

/** A round action on a whole project: the role, the schema, the Update (with who did it), the audit row. */
async function projectAction<I extends { requestId: string }, A, R>(
  deps: RecruitmentDeps,
  actor: AuditActor,
  projectId: string,
  spec: { op: Operation; schema: z.ZodType<I>; invalid: string; update: UpdateDefinition<R, [A]>; args: (input: I, actorId: string) => A; audited: AuditAction },
  input: unknown,
  via: Via,
): Promise<R> {
  assertCan(actor.role, spec.op);
  await assertCanSeeProject(deps.db, actor, projectId);
  const a = parseOrFail(spec.schema, input, spec.invalid);
  const result = await roundUpdate(deps.temporal, projectId, spec.update, spec.args(a, actor.id), a.requestId);
  await audit(deps.db, actor, { action: spec.audited, entity: 'project', entityId: projectId, details: { via } });
  return result;
}

/** Closes the open sitting: freezes its participant and reserve lists and stores the protocol (PDF). */
export const closeSitting = (deps: RecruitmentDeps, actor: AuditActor, projectId: string, input: unknown, via: Via = 'api'): Promise<CloseSittingResult> =>
  projectAction(deps, actor, projectId, { op: 'closeSitting', schema: withRequestId(closeSittingSchema), invalid: 'Nieprawidłowe dane posiedzenia', update: closeSittingUpdate, args: (a, closedBy) => ({ ...a, closedBy }), audited: 'sitting_closed' }, input, via);

/** The director approves a closed sitting's list; its qualified candidates may then sign. */
export const approveList = (deps: RecruitmentDeps, actor: AuditActor, projectId: string, input: unknown, via: Via = 'api'): Promise<ApproveListResult> =>
  projectAction(deps, actor, projectId, { op: 'approveList', schema: withRequestId(approveListSchema), invalid: 'Nieprawidłowe zatwierdzenie', update: approveListUpdate, args: (a, approvedBy) => ({ ...a, approvedBy }), audited: 'list_approved' }, input, via);

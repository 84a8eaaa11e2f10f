// Operations: journeys stuck on a failing activity (from Temporal: running workflows whose pending
// activities have failed at least once), a retry (reset the activity: attempt 1, run now), operator actions.
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import { z } from 'zod';
import { assertCan } from '../../domain/permissions';
import type { Actor } from '../actor';
import { audit } from '../audit';
import { failureMessage } from '../failure-text';
import type { AuditAction } from '../../i18n';
import { entityNames, withEntityNames, type EntityRef } from './audit-log';

export interface StuckActivity {
  workflowId: string;
  runId: string;
  workflowType: string;
  activityId: string;
  activityType: string;
  attempt: number;
  /** The failure's first line, bounded: enough to tell a database outage from a bug. */
  lastFailure: string;
  nextAttemptAt: Date | null;
}

const tsToDate = (ts: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  ts?.seconds != null ? new Date(Number(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)) : null;

/** Scans up to `limit` running workflows (describe in small batches: the dev server is small). */
export async function listStuckActivities(client: Client, opts: { limit?: number; query?: string } = {}): Promise<StuckActivity[]> {
  const limit = opts.limit ?? 300;
  const ids: Array<{ workflowId: string; runId: string; type: string }> = [];
  for await (const wf of client.workflow.list({ query: opts.query ?? "ExecutionStatus = 'Running'", pageSize: 100 })) {
    ids.push({ workflowId: wf.workflowId, runId: wf.runId, type: wf.type });
    if (ids.length >= limit) break;
  }
  const out: StuckActivity[] = [];
  for (let i = 0; i < ids.length; i += 10) {
    const batch = await Promise.all(
      ids.slice(i, i + 10).map(async (w) => {
        try {
          return { w, d: await client.workflow.getHandle(w.workflowId, w.runId).describe() };
        } catch {
          return undefined; // finished between list and describe
        }
      }),
    );
    for (const item of batch) {
      if (!item) continue;
      for (const pa of item.d.raw.pendingActivities ?? []) {
        if (!pa.lastFailure) continue;
        out.push({
          workflowId: item.w.workflowId,
          runId: item.w.runId,
          workflowType: item.w.type,
          activityId: pa.activityId ?? '',
          activityType: pa.activityType?.name ?? '',
          attempt: pa.attempt ?? 0,
          lastFailure: (await failureMessage(client, pa.lastFailure)).split('\n')[0]!.slice(0, 200),
          nextAttemptAt: tsToDate(pa.nextAttemptScheduleTime),
        });
      }
    }
  }
  return out.sort((a, b) => b.attempt - a.attempt);
}

/** Which activity of which workflow to retry (the Operations page's form). */
export const retrySchema = z.object({ workflowId: z.string().min(1).max(200), activityId: z.string().min(1).max(200) });

export async function retryActivity(client: Client, db: Db, actor: Actor, input: z.output<typeof retrySchema>): Promise<void> {
  assertCan(actor.role, 'retryActivity');
  try {
    await client.workflowService.resetActivity({
      namespace: client.options.namespace,
      execution: { workflowId: input.workflowId },
      id: input.activityId,
      identity: `sciezka-panel:${actor.id}`,
    });
  } catch (err) {
    const code = (err as { code?: number }).code;
    if (code === 5) throw new AppError('not_found', 'no such running workflow or pending activity');
    if (code === 9 || code === 3) throw new AppError('not_allowed_now', `the activity cannot be retried now: ${(err as Error).message}`);
    throw err;
  }
  await audit(db, actor, { action: 'activity_retried', entity: 'workflow', entityId: input.workflowId, details: { activityId: input.activityId } });
}

/** What operators did recently (administration and operations entries of the audit log). */
export const OPERATOR_ACTIONS = [
  'activity_retried',
  'user_created',
  'user_activated',
  'user_deactivated',
  'password_reset',
  'api_token_created',
  'api_token_revoked',
  'bulk_action',
  'project.create',
  'project.update',
  'project.rules_version',
  'user_projects_set',
] as const satisfies readonly AuditAction[];

export async function recentOperatorActions(db: Db, limit = 50) {
  const rows = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.at', 'a.action', 'a.entity', 'a.entity_id', 'a.details', 'u.name as userName'])
    .where('a.action', 'in', [...OPERATOR_ACTIONS])
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return withEntityNames(db, rows);
}

/** What a stuck workflow is about, from its id (a participant's journey, a project's round). */
function subjectOf(workflowId: string): EntityRef | undefined {
  const m = /^(journey|round)-(.+)$/.exec(workflowId);
  if (!m) return undefined;
  return { entity: m[1] === 'journey' ? 'application' : 'project', id: m[2]! };
}

/** The Operations page: the journeys stuck on a failing activity and what operators did recently. */
export async function viewOperations(client: Client, db: Db, actor: Actor): Promise<{ stuck: Array<StuckActivity & { subjectName: string | undefined }>; actions: Awaited<ReturnType<typeof recentOperatorActions>> }> {
  assertCan(actor.role, 'viewOperations');
  const [found, actions] = await Promise.all([listStuckActivities(client), recentOperatorActions(db)]);
  const subjects = found.map((s) => subjectOf(s.workflowId));
  const names = await entityNames(db, subjects.filter((s): s is EntityRef => s !== undefined));
  const stuck = found.map((s, i) => ({ ...s, subjectName: subjects[i] && names.get(`${subjects[i].entity}:${subjects[i].id}`) }));
  return { stuck, actions };
}

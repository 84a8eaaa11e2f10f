// Reminder tasks, opened and resolved by the journeys' timers and actions. Idempotent by key.
// Opening a task also enqueues its e-mails (same transaction) and starts its reminder workflow, which
// delivers them and escalates the task (by its kind, or as its opener asked) when it stays open past its due moment.
import { escalatesAlongChain } from '../domain/reminders';
import type { Role } from '../domain/types';
import { DEV_MAIL, type ActivityDeps } from './deps';
import { enqueueTaskMails, startTaskReminder } from './task-mail';

export interface OpenTaskInput {
  /** Deterministic in the workflow, e.g. `${applicationId}:sign-reminder:1`. */
  key: string;
  kind: string;
  applicationId?: string;
  projectId?: string;
  assigneeRole: Role;
  assigneeUserId?: string;
  dueAt: string;
  escalationLevel?: number;
  /**
   * Escalate along the project's chain (social worker -> coordinator -> director) while it stays open
   * past its due moment. Unset: as the kind says (`escalatesAlongChain`).
   */
  escalate?: boolean;
  payload?: Record<string, unknown>;
}

/**
 * Opens a task once; a retry or replay with the same key changes nothing. Returns whether it was new.
 * The task and its e-mails (one per recipient) commit together; the reminder workflow that delivers
 * them is started by id, so a retry after the commit only finds it already running. Shared by the
 * activities that open tasks (the journey's, the round's promotions, escalations).
 */
export async function openTask({ db, mail = DEV_MAIL }: Pick<ActivityDeps, 'db' | 'mail'>, input: OpenTaskInput): Promise<boolean> {
  const { created, taskId, outboxIds } = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('tasks')
      .values({
        key: input.key,
        kind: input.kind,
        application_id: input.applicationId ?? null,
        project_id: input.projectId ?? null,
        assignee_role: input.assigneeRole,
        assignee_user_id: input.assigneeUserId ?? null,
        due_at: input.dueAt,
        escalation_level: input.escalationLevel ?? 0,
        escalates: input.escalate ?? escalatesAlongChain(input.kind),
        payload: JSON.stringify(input.payload ?? {}),
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx.selectFrom('tasks').select('id').where('key', '=', input.key).executeTakeFirstOrThrow();
      const mails = await trx.selectFrom('outbox').select('id').where('task_id', '=', existing.id).orderBy('id').execute();
      return { created: false, taskId: existing.id, outboxIds: mails.map((m) => m.id) };
    }
    return { created: true, taskId: inserted.id, outboxIds: await enqueueTaskMails(trx, mail, inserted) };
  });
  await startTaskReminder({ taskId, outboxIds });
  return created;
}

export function createTaskActivities(deps: ActivityDeps) {
  const { db, now } = deps;
  return {
    openTask: (input: OpenTaskInput): Promise<boolean> => openTask(deps, input),

    /** Closes the open tasks of these kinds for one application: their condition has cleared. */
    async resolveTasks(input: { applicationId: string; kinds: string[]; reason: string }): Promise<number> {
      if (input.kinds.length === 0) return 0;
      const res = await db
        .updateTable('tasks')
        .set({ state: 'done', closed_at: now(), close_reason: input.reason })
        .where('application_id', '=', input.applicationId)
        .where('kind', 'in', input.kinds)
        .where('state', '=', 'open')
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },
  };
}

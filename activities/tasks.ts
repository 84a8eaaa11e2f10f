// Reminder tasks, opened and resolved by the journeys' timers and actions. Idempotent by key.
// Opening a task also enqueues its e-mails (same transaction) and starts its reminder workflow, which
// delivers them and escalates the task (by its kind, or as its opener asked) when it stays open past its due moment.
import { escalatesAlongChain } from '../domain/reminders';
import type { Role } from '../domain/types';
import type { Transaction } from 'kysely';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';
import { DEV_MAIL, type ActivityDeps } from './deps';
import { enqueueTaskMails, startTaskReminder } from './task-mail';

type Conn = Db | Transaction<Database>;

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
  const opened = await db.transaction().execute(async (trx) => {
    // Nothing is owed to a participant who died: no new task, e-mail or escalation about them (this
    // also stops the timers of journeys that recorded the death before the journey itself stopped them).
    if (input.applicationId && (await diedParticipant(trx, input.applicationId))) {
      const existing = await trx.selectFrom('tasks').select('id').where('key', '=', input.key).executeTakeFirst();
      if (!existing) return null;
    }
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
  if (!opened) return false;
  await startTaskReminder({ taskId: opened.taskId, outboxIds: opened.outboxIds });
  return opened.created;
}

async function diedParticipant(db: Conn, applicationId: string): Promise<boolean> {
  const app = await db.selectFrom('applications').select('end_reason').where('id', '=', applicationId).executeTakeFirst();
  return app?.end_reason === 'died';
}

/**
 * Closes the open tasks of one application whose cause has resolved (all of them, or these kinds):
 * recorded as closed automatically, with the cause. A snoozed task is open, so it closes too.
 */
export async function closeResolvedTasks(
  db: Conn,
  at: Date,
  input: { applicationId: string; kinds: string[] | 'all'; cause: string },
): Promise<number> {
  if (input.kinds !== 'all' && input.kinds.length === 0) return 0;
  let q = db
    .updateTable('tasks')
    .set({ state: 'done', closed_at: at, close_reason: input.cause, closed_automatically: true })
    .where('application_id', '=', input.applicationId)
    .where('state', '=', 'open');
  if (input.kinds !== 'all') q = q.where('kind', 'in', input.kinds);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export function createTaskActivities(deps: ActivityDeps) {
  const { db, now } = deps;
  return {
    openTask: (input: OpenTaskInput): Promise<boolean> => openTask(deps, input),

    /** Closes the open tasks of these kinds for one application: their condition has cleared. */
    resolveTasks: (input: { applicationId: string; kinds: string[]; reason: string }): Promise<number> =>
      closeResolvedTasks(db, now(), { applicationId: input.applicationId, kinds: input.kinds, cause: input.reason }),
  };
}

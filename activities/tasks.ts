// Reminder tasks, opened and resolved by the journeys' timers and actions. Idempotent by key.
import type { Role } from '../domain/types';
import type { ActivityDeps } from './index';

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
  payload?: Record<string, unknown>;
}

export function createTaskActivities({ db, now }: ActivityDeps) {
  return {
    /** Opens a task once; a retry or replay with the same key changes nothing. Returns whether it was new. */
    async openTask(input: OpenTaskInput): Promise<boolean> {
      const row = await db
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
          payload: JSON.stringify(input.payload ?? {}),
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

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

// The Today page's data: open tasks addressed to me, or to my role and nobody in particular.
import type { Db } from '../../db/connect';
import type { Actor } from '../actor';

export interface TodayTask {
  id: string;
  kind: string;
  applicationId: string | null;
  projectId: string | null;
  dueAt: Date;
  escalationLevel: number;
  overdue: boolean;
}

export async function openTasksFor(db: Db, actor: Actor, now: Date = new Date(), limit = 500): Promise<TodayTask[]> {
  const rows = await db
    .selectFrom('tasks')
    .select(['id', 'kind', 'application_id', 'project_id', 'due_at', 'escalation_level'])
    .where('state', '=', 'open')
    .where((eb) =>
      eb.or([eb('assignee_user_id', '=', actor.id), eb.and([eb('assignee_user_id', 'is', null), eb('assignee_role', '=', actor.role)])]),
    )
    .orderBy('due_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    applicationId: r.application_id,
    projectId: r.project_id,
    dueAt: r.due_at,
    escalationLevel: r.escalation_level,
    overdue: r.due_at < now,
  }));
}

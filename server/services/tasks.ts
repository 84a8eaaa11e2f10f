// The Today page's data: open tasks addressed to me, or to my role and nobody in particular.
import { sql } from 'kysely';
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
  /** The participant's name ("Nazwisko Imię"), when the task is about one. */
  participantName: string | null;
  /** The session an absence task is about. */
  sessionOn: string | null;
}

export async function openTasksFor(db: Db, actor: Actor, now: Date = new Date(), limit = 500): Promise<TodayTask[]> {
  const rows = await db
    .selectFrom('tasks as t')
    .leftJoin('applications as a', 'a.id', 't.application_id')
    .select(['t.id', 't.kind', 't.application_id', 't.project_id', 't.due_at', 't.escalation_level', 'a.first_name', 'a.last_name', sql<string | null>`t.payload->>'sessionOn'`.as('session_on')])
    .where('t.state', '=', 'open')
    .where((eb) =>
      eb.or([eb('t.assignee_user_id', '=', actor.id), eb.and([eb('t.assignee_user_id', 'is', null), eb('t.assignee_role', '=', actor.role)])]),
    )
    .orderBy('t.due_at')
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
    participantName: r.last_name ? `${r.last_name} ${r.first_name}` : null,
    sessionOn: r.session_on,
  }));
}

// The Today page's data: open tasks addressed to me, or to my role and nobody in particular, and the
// work that waits on my role (decisions, approvals, letters to send).
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import { can } from '../../domain/permissions';
import type { Actor } from '../actor';
import type { WaitingWork } from '../../views/pages/today';
import { visibleTo } from './participants';

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
    .where((eb) => eb.or([eb('t.snoozed_until', 'is', null), eb('t.snoozed_until', '<=', now)])) // snoozed: back on its date
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

/** Work that waits on a role rather than on a task: counted per project from the recruitment and letters tables. */
type ProjectCount = { id: string; code: string; n: string };

export async function waitingFor(db: Db, actor: Pick<Actor, 'id' | 'role'>): Promise<WaitingWork[]> {
  const waiting = (kind: WaitingWork['kind'], rows: ProjectCount[], href: (projectId: string) => string): WaitingWork[] =>
    rows.map((r) => ({ kind, projectId: r.id, projectCode: r.code, count: Number(r.n), href: href(r.id) }));
  const recruitment = (projectId: string) => `/recruitment/${projectId}`;
  const n = db.fn.countAll<string>().as('n');
  const out: WaitingWork[] = [];
  if (can(actor.role, 'decideApplication')) {
    const rows = await db
      .selectFrom('round_candidates as c')
      .innerJoin('projects as p', 'p.id', 'c.project_id')
      .select(['p.id', 'p.code', n])
      .where('c.status', '=', 'waiting')
      .groupBy(['p.id', 'p.code'])
      .orderBy('p.code')
      .execute();
    out.push(...waiting('decision_pending', rows, recruitment));
  }
  if (can(actor.role, 'approveList')) {
    const rows = await db
      .selectFrom('sittings as s')
      .innerJoin('projects as p', 'p.id', 's.project_id')
      .select(['p.id', 'p.code', n])
      .where('s.closed_at', 'is not', null)
      .where('s.approved_at', 'is', null)
      .groupBy(['p.id', 'p.code'])
      .orderBy('p.code')
      .execute();
    out.push(...waiting('approval_pending', rows, recruitment));
  }
  if (can(actor.role, 'markLetterSent')) {
    const rows = await db
      .selectFrom('letters as l')
      .innerJoin('applications as a', 'a.id', 'l.application_id')
      .innerJoin('projects as p', 'p.id', 'a.project_id')
      .select(['p.id', 'p.code', n])
      .where('l.sent_on', 'is', null)
      .where(visibleTo(actor))
      .groupBy(['p.id', 'p.code'])
      .orderBy('p.code')
      .execute();
    out.push(...waiting('letter_to_send', rows, (id) => `/letters?${new URLSearchParams({ projectId: id, status: 'unsent' }).toString()}`));
  }
  return out;
}

// The Today page's data: open tasks addressed to me, or to my role and nobody in particular, and the
// work that waits on my role (decisions, approvals, letters to send).
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import { can } from '../../domain/permissions';
import type { Actor } from '../actor';
import { audit } from '../audit';
import { inProjectsOf, visibleTo } from './scope';

/** One line of the Today page. */
export interface TodayItem {
  id: string;
  kind: string;
  dueAt: Date;
  overdue: boolean;
  escalationLevel: number;
  /** Where to act on it, when there is a page for it. */
  href: string | null;
  /** Who or what it is about (a participant's name for users allowed to see it). */
  subject: string | null;
  /** The session an absence is about. */
  sessionOn?: string | null;
}

/** Work waiting on my role, per project (decisions, approvals, letters to send). */
export interface WaitingWork {
  kind: 'screening_pending' | 'decision_pending' | 'approval_pending' | 'letter_to_send';
  projectId: string;
  projectCode: string;
  count: number;
  href: string;
}

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
      eb.or([
        eb('t.assignee_user_id', '=', actor.id),
        // A task for the role: of the actor's projects only (the participant's scope where there is one).
        eb.and([eb('t.assignee_user_id', 'is', null), eb('t.assignee_role', '=', actor.role), eb.or([eb('t.project_id', 'is', null), inProjectsOf(actor, 't.project_id')]), eb.or([eb('a.id', 'is', null), visibleTo(actor)])]),
      ]),
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
  if (can(actor.role, 'scoreApplication')) {
    // Candidates waiting for the questionnaire and points: a social worker's own; the coordinator's are
    // those nobody looks after yet.
    const rows = await db
      .selectFrom('applications as a')
      .innerJoin('projects as p', 'p.id', 'a.project_id')
      .select(['p.id', 'p.code', n])
      .where('a.stage', '=', 'applied')
      .where((eb) => (actor.role === 'social_worker' ? eb('a.social_worker_id', '=', actor.id) : eb('a.social_worker_id', 'is', null)))
      .groupBy(['p.id', 'p.code'])
      .orderBy('p.code')
      .execute();
    out.push(...waiting('screening_pending', rows, (id) => `/participants?${new URLSearchParams({ projectId: id, stage: 'applied' }).toString()}`));
  }
  if (can(actor.role, 'decideApplication')) {
    const rows = await db
      .selectFrom('round_candidates as c')
      .innerJoin('projects as p', 'p.id', 'c.project_id')
      .select(['p.id', 'p.code', n])
      .where('c.status', '=', 'waiting')
      .where(inProjectsOf(actor, 'p.id'))
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
      .where(inProjectsOf(actor, 'p.id'))
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

/**
 * The Today page of this user: their tasks (with the participant's name and link only for roles that may
 * open participants; the commission works from the ranking) and the work waiting on their role. Names
 * read are audited like the participants list.
 */
export async function todayFor(db: Db, actor: Actor): Promise<{ items: TodayItem[]; waiting: WaitingWork[] }> {
  const [tasks, waiting] = await Promise.all([openTasksFor(db, actor), waitingFor(db, actor)]);
  const seeParticipants = can(actor.role, 'getParticipant');
  const items: TodayItem[] = tasks.map((task) => ({
    id: task.id,
    kind: task.kind,
    dueAt: task.dueAt,
    overdue: task.overdue,
    escalationLevel: task.escalationLevel,
    href: task.applicationId && seeParticipants ? `/participants/${task.applicationId}` : null,
    subject: seeParticipants ? task.participantName : null,
    sessionOn: task.sessionOn,
  }));
  const named = items.filter((i) => i.subject).length;
  if (named > 0) await audit(db, actor, { action: 'participants_listed', entity: 'application', details: { count: named, via: 'today' } });
  return { items, waiting };
}

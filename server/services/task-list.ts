// The task list that can be worked: what waits on me (tasks addressed to me, or to my role and nobody in
// particular), or for a coordinator every open task; each with its owner, due date and state (snoozed
// ones too, with their date), and the recently closed ones with how they closed. Working a task is
// task-actions.ts; this is the read side and the menu's counts.
import { taskVisibleTo } from './scope';
import type { Kysely } from 'kysely';
import type { Db } from '../../db/connect';
import type { Database, TaskState } from '../../db/schema';
import { can } from '../../domain/permissions';
import type { Role } from '../../domain/types';
import type { Actor } from '../actor';
import { audit } from '../audit';
import { mayWork } from './task-actions';
import { openTasksFor, waitingFor } from './tasks';

export const TASK_SCOPES = ['mine', 'all'] as const;
export type TaskScope = (typeof TASK_SCOPES)[number];

export interface TaskListItem {
  id: string;
  kind: string;
  dueAt: Date;
  overdue: boolean;
  state: TaskState;
  /** Open but off Today until this moment (the start of the snooze day in Warsaw). */
  snoozedUntil: Date | null;
  escalationLevel: number;
  /** The user it is addressed to, or null when it is addressed to the role. */
  ownerName: string | null;
  ownerRole: Role;
  participantName: string | null;
  href: string | null;
  sessionOn: string | null;
  closedAt: Date | null;
  closeReason: string | null;
  closedAutomatically: boolean;
  closedByName: string | null;
  /** Whether this user may work it (its owner, or a coordinator). */
  workable: boolean;
}

const CLOSED_SHOWN = 30;

function base(db: Kysely<Database>) {
  return db
    .selectFrom('tasks as t')
    .leftJoin('applications as a', 'a.id', 't.application_id')
    .leftJoin('users as o', 'o.id', 't.assignee_user_id')
    .leftJoin('users as c', 'c.id', 't.closed_by')
    .select([
      't.id', 't.kind', 't.due_at', 't.state', 't.snoozed_until', 't.escalation_level', 't.assignee_role', 't.assignee_user_id', 't.application_id',
      't.closed_at', 't.close_reason', 't.closed_automatically', 't.payload', 'a.first_name', 'a.last_name', 'o.name as owner_name', 'c.name as closed_by_name',
    ]);
}

/**
 * The Tasks page: open tasks (due first; snoozed ones included, marked) and the last closed ones, of
 * this user (scope 'mine') or, for a coordinator, of everyone ('all'). Names read are audited.
 */
export async function taskList(db: Db, actor: Actor, scope: TaskScope, now: Date = new Date()): Promise<{ open: TaskListItem[]; closed: TaskListItem[]; scope: TaskScope }> {
  const all = scope === 'all' && actor.role === 'coordinator';
  // What the user may see at all (their projects); of that, unless a coordinator asks for all, theirs.
  const mine = <Q extends ReturnType<typeof base>>(scoped: Q): Q => {
    const q = scoped.where(taskVisibleTo(actor)) as Q;
    if (all) return q;
    return q.where((eb) => eb.or([eb('t.assignee_user_id', '=', actor.id), eb.and([eb('t.assignee_user_id', 'is', null), eb('t.assignee_role', '=', actor.role)])])) as Q;
  };
  const [open, closed] = await Promise.all([
    mine(base(db).where('t.state', '=', 'open')).orderBy('t.due_at').limit(500).execute(),
    mine(base(db).where('t.state', '!=', 'open')).orderBy('t.closed_at', 'desc').limit(CLOSED_SHOWN).execute(),
  ]);
  const seeParticipants = can(actor.role, 'getParticipant');
  const item = (r: (typeof open)[number]): TaskListItem => ({
    id: r.id,
    kind: r.kind,
    dueAt: r.due_at,
    overdue: r.state === 'open' && r.due_at < now,
    state: r.state,
    snoozedUntil: r.snoozed_until && r.snoozed_until > now ? r.snoozed_until : null,
    escalationLevel: r.escalation_level,
    ownerName: r.owner_name,
    ownerRole: r.assignee_role,
    participantName: seeParticipants && r.last_name ? `${r.last_name} ${r.first_name}` : null,
    href: seeParticipants && r.application_id ? `/participants/${r.application_id}` : null,
    sessionOn: typeof r.payload?.sessionOn === 'string' ? r.payload.sessionOn : null,
    closedAt: r.closed_at,
    closeReason: r.close_reason,
    closedAutomatically: r.closed_automatically,
    closedByName: r.closed_by_name,
    workable: r.state === 'open' && mayWork(actor, r),
  });
  const result = { open: open.map(item), closed: closed.map(item), scope: all ? ('all' as const) : ('mine' as const) };
  const named = [...result.open, ...result.closed].filter((i) => i.participantName).length;
  if (named > 0) await audit(db, actor, { action: 'participants_listed', entity: 'application', details: { count: named, via: 'tasks' } });
  return result;
}

/** The menu's counts: what waits on me now (Today: due tasks and waiting work) and my open tasks due. */
export async function menuCounts(db: Db, actor: Actor, now: Date = new Date()): Promise<{ today: number; tasks: number }> {
  const [tasks, waiting] = await Promise.all([openTasksFor(db, actor, now), waitingFor(db, actor)]);
  return { today: tasks.length + waiting.reduce((s, w) => s + w.count, 0), tasks: tasks.length };
}

// Working a task by hand: done, snoozed to a date, or dismissed with a reason, by its owner (the user
// it is addressed to, or anyone of its role when it is addressed to a role) or a coordinator. Tasks
// also close by themselves when their cause resolves (activities/tasks.ts closeResolvedTasks); these
// are the human ways. Each action is audited here.
import { taskVisibleTo } from './scope';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/connect';
import type { Database, TaskRow, TaskState } from '../../db/schema';
import { AppError } from '../../domain/errors';
import type { Role } from '../../domain/types';
import { warsawDay, warsawInstant } from '../../domain/warsaw-time';
import { addCalendarDays } from '../../domain/working-days';
import { say, type Message } from '../../i18n';
import { audit } from '../audit';
import { fieldErrors, requiredText } from '../forms';

export interface TaskActionDeps {
  db: Db;
  /** Injected so tests on the time-skipping server can use its clock. */
  now?: () => Date;
}

export interface TaskActor {
  id: string;
  role: Role;
  ip?: string;
}

/** How far ahead a task may be snoozed: further than that, it is not a task but a plan. */
export const MAX_SNOOZE_DAYS = 366;

const taskId = z.uuid({ error: 'Nie ma takiego zadania' });

export const completeTaskSchema = z.object({ taskId });
export const snoozeTaskSchema = z.object({
  taskId,
  /** The day (Warsaw) the task comes back on Today; until then it is not escalated. */
  until: z.iso.date({ error: 'Podaj datę w formacie rrrr-mm-dd' }),
});
export const dismissTaskSchema = z.object({
  taskId,
  reason: requiredText(500, 'Podaj powód (co najmniej 3 znaki)', 'Powód może mieć najwyżej 500 znaków', 3),
});

export interface TaskActionResult {
  taskId: string;
  state: TaskState;
  snoozedUntil: Date | null;
  /** Tasks closed by the action: the task and the open steps of its escalation chain. */
  closed: number;
}

/** The task is done: it closes, with the open steps its escalation opened (the same piece of work). */
export async function completeTask(deps: TaskActionDeps, actor: TaskActor, input: z.input<typeof completeTaskSchema>): Promise<TaskActionResult> {
  const { taskId: id } = parse(completeTaskSchema, input);
  return close(deps, actor, id, 'done', null);
}

/** Not to be done (e.g. a duplicate, handled elsewhere): closes like completeTask, with the reason. */
export async function dismissTask(deps: TaskActionDeps, actor: TaskActor, input: z.input<typeof dismissTaskSchema>): Promise<TaskActionResult> {
  const { taskId: id, reason } = parse(dismissTaskSchema, input);
  return close(deps, actor, id, 'dismissed', reason);
}

/**
 * Off Today (and the digest) until the start of `until` in Warsaw, and not escalated until then: the
 * reminder workflow reads the date (escalateTask defers the step), and the working days before the
 * next step count from it. The task stays open, so its cause resolving still closes it.
 */
export async function snoozeTask(deps: TaskActionDeps, actor: TaskActor, input: z.input<typeof snoozeTaskSchema>): Promise<TaskActionResult> {
  const { taskId: id, until } = parse(snoozeTaskSchema, input);
  const today = warsawDay((deps.now ?? (() => new Date()))());
  const refuse = (text: Message) => new AppError('invalid_input', 'snooze date out of range', [{ field: 'until', message: say('pl', text), text }]);
  if (until <= today) throw refuse({ key: 'tasks.error.snoozeNotFuture' });
  if (until > addCalendarDays(today, MAX_SNOOZE_DAYS)) throw refuse({ key: 'tasks.error.snoozeTooFar', params: { days: MAX_SNOOZE_DAYS } });
  const snoozedUntil = warsawInstant(until, '00:00');
  await deps.db.transaction().execute(async (tx) => {
    await openTaskFor(tx, actor, id);
    await tx.updateTable('tasks').set({ snoozed_until: snoozedUntil }).where('id', '=', id).execute();
  });
  await audit(deps.db, actor, { action: 'task_snoozed', entity: 'task', entityId: id, details: { until } });
  return { taskId: id, state: 'open', snoozedUntil, closed: 0 };
}

async function close(deps: TaskActionDeps, actor: TaskActor, id: string, state: 'done' | 'dismissed', reason: string | null): Promise<TaskActionResult> {
  const at = (deps.now ?? (() => new Date()))();
  const closed = await deps.db.transaction().execute(async (tx) => {
    const task = await openTaskFor(tx, actor, id);
    // An escalation step's key is its task's key and the role it went to (domain/reminders escalationTaskKey).
    const root = task.key.split('>')[0]!;
    const res = await tx
      .updateTable('tasks')
      .set({ state, closed_at: at, closed_by: actor.id, close_reason: reason, closed_automatically: false })
      .where('state', '=', 'open')
      .where((eb) => eb.or([eb('key', '=', root), eb(eb.fn('starts_with', ['key', eb.val(`${root}>`)]), '=', true)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  });
  await audit(deps.db, actor, {
    action: state === 'done' ? 'task_completed' : 'task_dismissed',
    entity: 'task',
    entityId: id,
    // The reason is the user's own words about a task, not about the participant; it stays in the task row.
    details: { closed },
  });
  return { taskId: id, state, snoozedUntil: null, closed };
}

/** The task, locked, if it is open and the actor may work it. */
async function openTaskFor(tx: Transaction<Database>, actor: TaskActor, id: string): Promise<TaskRow> {
  // Another project's task does not exist for this user (as its participant does not).
  const task = await tx.selectFrom('tasks as t').selectAll('t').where('t.id', '=', id).where(taskVisibleTo(actor)).forUpdate().executeTakeFirst();
  if (!task) throw new AppError('not_found', 'no such task');
  if (!mayWork(actor, task)) throw new AppError('forbidden', 'only the task’s owner or a coordinator may work it');
  if (task.state !== 'open') throw new AppError('not_allowed_now', `the task is already ${task.state}`);
  return task;
}

/** The owner: the user it is addressed to, or (addressed to a role) anyone of that role; and coordinators. */
export function mayWork(actor: Pick<TaskActor, 'id' | 'role'>, task: Pick<TaskRow, 'assignee_user_id' | 'assignee_role'>): boolean {
  if (actor.role === 'coordinator') return true;
  return task.assignee_user_id ? task.assignee_user_id === actor.id : task.assignee_role === actor.role;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const res = schema.safeParse(input ?? {});
  if (res.success) return res.data;
  // An id that is not one names no task.
  if (res.error.issues.some((i) => i.path[0] === 'taskId')) throw new AppError('not_found', 'no such task');
  // The words of each field's rule, in the caller's language (the schema's messages are the Polish ones).
  const text: Record<string, Message> = { until: { key: 'tasks.error.snoozeDate' }, reason: { key: 'tasks.error.reason' } };
  throw new AppError('invalid_input', 'invalid task action', fieldErrors(res.error).map((f) => (text[f.field] ? { ...f, text: text[f.field] } : f)));
}

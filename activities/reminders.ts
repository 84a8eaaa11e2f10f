// Escalation of overdue tasks along the project's chain, and the daily digest. The timers live in the
// workflows (workflows/reminders.ts); these activities decide and write, idempotently.
import type { Db } from '../db/connect';
import type { TaskRow } from '../db/schema';
import { escalationChain, rulesInEffect } from '../db/project-settings';
import { warsawDay, warsawInstant } from '../domain/warsaw-time';
import { addCalendarDays, nextOfficeMoment, workingDaysLater } from '../domain/working-days';
import { digestMailKey, escalationTaskKey, nextInChain } from '../domain/reminders';
import { DEFAULT_OFFICE_HOURS, type IsoDate, type IsoInstant, type OfficeHours, type Role } from '../domain/types';
import { digestMail, type DigestItem } from '../documents/mail';
import { DEV_MAIL, type ActivityDeps } from './deps';
import { enqueueMail } from './outbox';
import { messageIdHost, participantLink, participantName } from './task-mail';
import { openTask } from './tasks';

/** The office hours of the project's rules in effect today (the default ones without a project). */
export async function officeHours(db: Db, projectId: string | null): Promise<OfficeHours> {
  if (!projectId) return DEFAULT_OFFICE_HOURS;
  return (await rulesInEffect(db, projectId, warsawDay(new Date())))?.officeHours ?? DEFAULT_OFFICE_HOURS;
}

/** A task and every task it escalated from are still open: someone still has to act. */
async function chainOpen(db: Db, task: TaskRow): Promise<boolean> {
  let current: TaskRow | undefined = task;
  for (let depth = 0; current && depth < 10; depth++) {
    if (current.state !== 'open') return false;
    const parent = current.payload.escalatedFrom as string | undefined;
    if (!parent) return true;
    current = await db.selectFrom('tasks').selectAll().where('id', '=', parent).executeTakeFirst();
  }
  return true;
}

/**
 * When an open task escalates: N working days (in office hours) after its due moment, or after the date
 * it was snoozed to when that is later (snoozing gives the owner the time again). Null: the chain ends.
 */
async function escalationMoment(db: Db, task: TaskRow): Promise<EscalationPlan | null> {
  const { chain, afterWorkingDays } = await escalationChain(db, task.project_id);
  const to = nextInChain(chain, task.assignee_role);
  if (!to) return null;
  const hours = await officeHours(db, task.project_id);
  const due = new Date(Math.max(new Date(task.due_at).getTime(), task.snoozed_until ? new Date(task.snoozed_until).getTime() : 0));
  const at = afterWorkingDays === 0 ? nextOfficeMoment(due, hours) : workingDaysLater(due, afterWorkingDays, hours);
  return { at: at.toISOString(), to };
}

export interface EscalationPlan {
  /** When to escalate: N working days after the due moment, within office hours. */
  at: IsoInstant;
  to: Role;
}

export function createReminderActivities(deps: ActivityDeps) {
  const { db, mail = DEV_MAIL } = deps;

  return {
    /** The next escalation step of a task, or null: not an escalating task, closed, or the chain ends here. */
    async planEscalation({ taskId }: { taskId: string }): Promise<EscalationPlan | null> {
      const task = await db.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
      if (!task || task.state !== 'open' || !task.escalates) return null;
      return escalationMoment(db, task);
    },

    /**
     * Escalates a still-open task to the next role: opens the escalation task (key derived from the
     * task and the role, so each step happens once), which mails its recipients and carries the chain on.
     * A task snoozed since the plan was made is not escalated: `deferredTo` is the step's new moment
     * (`at` is the workflow's planned moment, so the answer does not depend on the worker's clock).
     */
    async escalateTask({ taskId, to, at }: { taskId: string; to: Role; at: IsoInstant }): Promise<{ escalated: boolean; deferredTo?: IsoInstant }> {
      const task = await db.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
      if (!task || !(await chainOpen(db, task))) return { escalated: false };
      if (task.snoozed_until) {
        const moved = await escalationMoment(db, task);
        if (moved && Date.parse(moved.at) > Date.parse(at)) return { escalated: false, deferredTo: moved.at };
      }
      await openTask(deps, {
        key: escalationTaskKey(task.key, to),
        kind: task.kind,
        ...(task.application_id ? { applicationId: task.application_id } : {}),
        ...(task.project_id ? { projectId: task.project_id } : {}),
        assigneeRole: to,
        dueAt: at,
        escalationLevel: task.escalation_level + 1,
        escalate: true,
        payload: { escalatedFrom: task.id, escalatedFromRole: task.assignee_role },
      });
      return { escalated: true };
    },

    /**
     * Enqueues today's digest for every active user with open tasks due by the end of `day` (their own
     * or their role's). Nobody with nothing due gets a message. Once per user and day.
     */
    async enqueueDigests({ day }: { day: IsoDate }): Promise<string[]> {
      const dayStart = warsawInstant(day, '00:00');
      const dayEnd = warsawInstant(addCalendarDays(day, 1), '00:00');
      const [users, due] = await Promise.all([
        db.selectFrom('users').select(['id', 'email', 'locale', 'role']).where('active', '=', true).orderBy('email').execute(),
        db.selectFrom('tasks').selectAll().where('state', '=', 'open').where('due_at', '<', dayEnd)
          // A snoozed task comes back on the day it was snoozed to.
          .where((eb) => eb.or([eb('snoozed_until', 'is', null), eb('snoozed_until', '<', dayEnd)]))
          .orderBy('due_at').orderBy('id').execute(),
      ]);
      const names = new Map<string, string | null>();
      for (const t of due) if (t.application_id && !names.has(t.application_id)) names.set(t.application_id, await participantName(db, t.application_id));

      const ids: string[] = [];
      for (const user of users) {
        const mine = due.filter((t) => (t.assignee_user_id ? t.assignee_user_id === user.id : t.assignee_role === user.role));
        if (mine.length === 0) continue;
        const items: DigestItem[] = mine.map((t) => ({
          kind: t.kind,
          participantName: t.application_id ? (names.get(t.application_id) ?? null) : null,
          link: participantLink(mail.publicUrl, t.application_id),
          dueAt: new Date(t.due_at),
          overdue: new Date(t.due_at) < dayStart,
        }));
        const composed = digestMail({ locale: user.locale, day, items });
        const link = participantLink(mail.publicUrl, null);
        ids.push(await enqueueMail(db, { key: digestMailKey(day, user.id), kind: 'digest', taskId: null, to: user, mail: composed, link }, messageIdHost(mail.publicUrl)));
      }
      return ids;
    },
  };
}

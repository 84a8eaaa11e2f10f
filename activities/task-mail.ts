// From a task to the people who must hear about it: the recipients, the composed e-mails (name and link
// only), and the per-task reminder workflow that delivers them and later escalates.
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/connect';
import type { Database, TaskRow } from '../db/schema';
import { taskMailKey } from '../domain/reminders';
import { TASK_REMINDER_WORKFLOW_TYPE, taskReminderWorkflowId, type TaskReminderInput } from '../contracts/reminders';
import type { Role } from '../domain/types';
import { taskMail } from '../documents/mail';
import type { MailDeps } from './deps';
import { enqueueMail, type Recipient } from './outbox';

type Conn = Db | Transaction<Database>;

/** The assignee, or every active user with the task's role. */
export async function recipientsFor(db: Conn, task: Pick<TaskRow, 'assignee_user_id' | 'assignee_role'>): Promise<Recipient[]> {
  let q = db.selectFrom('users').select(['id', 'email', 'locale']).where('active', '=', true);
  q = task.assignee_user_id ? q.where('id', '=', task.assignee_user_id) : q.where('role', '=', task.assignee_role);
  return q.orderBy('email').execute();
}

/** First and last name, the only personal data an e-mail may carry. */
export async function participantName(db: Conn, applicationId: string | null): Promise<string | null> {
  if (!applicationId) return null;
  const row = await db
    .selectFrom('applications')
    .select(sql<string>`concat_ws(' ', first_name, last_name)`.as('name'))
    .where('id', '=', applicationId)
    .executeTakeFirst();
  return row?.name ?? null;
}

export function participantLink(publicUrl: string, applicationId: string | null): string {
  const base = publicUrl.replace(/\/+$/, '');
  return applicationId ? `${base}/participants/${applicationId}` : `${base}/`;
}

export const messageIdHost = (publicUrl: string) => new URL(publicUrl).hostname || 'sciezka.local';

/** Enqueues the task's e-mail to each recipient, once per task and recipient. */
export async function enqueueTaskMails(db: Conn, mail: MailDeps, task: TaskRow): Promise<string[]> {
  const [recipients, name] = await Promise.all([recipientsFor(db, task), participantName(db, task.application_id)]);
  const link = participantLink(mail.publicUrl, task.application_id);
  const escalatedFrom = (task.payload.escalatedFromRole as Role | undefined) ?? null;
  const ids: string[] = [];
  for (const to of recipients) {
    const composed = taskMail({ locale: to.locale, kind: task.kind, participantName: name, link, dueAt: new Date(task.due_at), escalatedFrom });
    ids.push(await enqueueMail(db, { key: taskMailKey(task.id, to.id), kind: 'task', taskId: task.id, to, mail: composed, link }, messageIdHost(mail.publicUrl)));
  }
  return ids;
}

/**
 * Starts the task's reminder workflow on this worker's task queue, once: its id is derived from the
 * task and a closed or running one is never started again (a retried openTask lands here harmlessly).
 */
export async function startTaskReminder(input: TaskReminderInput): Promise<void> {
  const ctx = Context.current();
  try {
    await ctx.client.workflow.start(TASK_REMINDER_WORKFLOW_TYPE, {
      workflowId: taskReminderWorkflowId(input.taskId),
      taskQueue: ctx.info.taskQueue,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

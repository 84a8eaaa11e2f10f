// The reminder workflows' contract: their workflow types, ids and inputs, shared by the workflows, the
// activities that start them, the outbox service and the daily-digest Schedule.
import type { IsoDate } from '../domain/types';

export const TASK_REMINDER_WORKFLOW_TYPE = 'taskReminder';
export const DAILY_DIGEST_WORKFLOW_TYPE = 'dailyDigest';
export const RESEND_MAIL_WORKFLOW_TYPE = 'resendMail';

/** Workflow id of the per-task reminder (mail, then the escalation timer). */
export const taskReminderWorkflowId = (taskId: string) => `task-${taskId}`;
/** One resend per outbox row and attempt. */
export const resendMailWorkflowId = (outboxId: string, attempts: number) => `resend-${outboxId}-${attempts}`;

export const DIGEST_SCHEDULE_ID = 'daily-digest';

export interface TaskReminderInput {
  taskId: string;
  outboxIds: string[];
}

export interface DigestResult {
  day: IsoDate;
  skipped: 'holiday' | null;
  messages: number;
}

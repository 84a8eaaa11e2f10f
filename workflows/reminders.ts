// Reminders that reach people. Two workflows:
// - taskReminder: one per task (started by openTask): delivers the task's e-mails and, when the task is
//   still open N working days after its due moment (or after the date it was snoozed to), escalates it one
//   step along the project's chain.
//   The escalation task gets its own taskReminder, so the chain continues step by step, each step once.
// - dailyDigest: started by a Temporal Schedule at office opening on weekdays; skips public holidays.
// - resendMail: an operator's decision to send an unconfirmed or failed message again (outbox page).
import { patched, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DigestResult, TaskReminderInput } from '../contracts/reminders';
import { warsawDay } from '../domain/warsaw-time';
import { isWorkingDay } from '../domain/working-days';
import type { IsoDate } from '../domain/types';

const { deliverMail, planEscalation, escalateTask, enqueueDigests } = proxyActivities<Activities>({
  // Longer than the outbox lease, so a live attempt never overlaps a retry that would find it busy.
  startToCloseTimeout: '2 minutes',
  // A mail server down for hours must not lose a reminder: retry without a limit, at most every 10 min.
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * From this patch on, a task snoozed while its escalation timer ran waits for the step's new moment and
 * is asked again. Histories before it never got a deferral (escalateTask did not answer one), so the
 * patch is only reached on the new path.
 */
export const SNOOZE_DEFERS_ESCALATION_PATCH = 'snooze-defers-escalation';

export async function taskReminder(input: TaskReminderInput): Promise<{ escalated: boolean }> {
  // Delivery and the escalation timer run side by side: a slow mail server does not delay escalation.
  const deliveries = Promise.all(input.outboxIds.map((outboxId) => deliverMail({ outboxId })));
  let escalated = false;
  const plan = await planEscalation({ taskId: input.taskId });
  for (let at = plan?.at; plan && at; ) {
    const wait = Date.parse(at) - Date.now();
    if (wait > 0) await sleep(wait);
    const step = await escalateTask({ taskId: input.taskId, to: plan.to, at });
    escalated = step.escalated;
    at = step.deferredTo && patched(SNOOZE_DEFERS_ESCALATION_PATCH) ? step.deferredTo : undefined;
  }
  await deliveries;
  return { escalated };
}

/** `day` defaults to today in Warsaw (workflow time), the Schedule's case; an explicit day re-runs one. */
export async function dailyDigest(input: { day?: IsoDate } = {}): Promise<DigestResult> {
  const day = input.day ?? warsawDay(new Date(workflowInfo().startTime));
  if (!isWorkingDay(day)) return { day, skipped: 'holiday', messages: 0 };
  const outboxIds = await enqueueDigests({ day });
  await Promise.all(outboxIds.map((outboxId) => deliverMail({ outboxId })));
  return { day, skipped: null, messages: outboxIds.length };
}

/** Delivers one outbox row an operator put back to 'pending'. */
export async function resendMail(input: { outboxId: string }): Promise<string> {
  return (await deliverMail(input)).status;
}

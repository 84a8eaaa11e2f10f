// Process wiring for reminders: the mailer from configuration, and the daily-digest Schedule.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { MailDeps } from '../activities/deps';
import { createMailer } from '../activities/mailer';
import { DAILY_DIGEST_WORKFLOW_TYPE, DIGEST_SCHEDULE_ID } from '../contracts/reminders';
import { digestTimes } from '../domain/reminders';
import { ZONE } from '../domain/warsaw-time';
import { DEFAULT_OFFICE_HOURS, type OfficeHours } from '../domain/types';
import type { Config } from './config';

/** SMTP when SMTP_URL is set; otherwise messages stay in the outbox as 'kept' (development). */
export function mailDeps(config: Config): MailDeps {
  return { mailer: createMailer(config), publicUrl: config.publicUrl };
}

export function digestScheduleOptions(taskQueue: string, hours: OfficeHours = DEFAULT_OFFICE_HOURS): ScheduleOptions {
  return {
    scheduleId: DIGEST_SCHEDULE_ID,
    spec: {
      calendars: digestTimes(hours).map((t) => ({ dayOfWeek: t.days, hour: t.hour, minute: t.minute, comment: 'office opening' })),
      timezone: ZONE,
    },
    action: { type: 'startWorkflow', workflowType: DAILY_DIGEST_WORKFLOW_TYPE, taskQueue, args: [{}] },
    // A digest late by a restart is still useful in the morning; two at once never.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '3 hours' },
  };
}

/**
 * Creates the daily-digest Schedule, or brings an existing one up to date (the task queue or office
 * hours may have changed). Safe to call at every start, from any number of processes.
 */
export async function ensureDigestSchedule(client: Client, taskQueue: string, hours?: OfficeHours): Promise<void> {
  const options = digestScheduleOptions(taskQueue, hours);
  try {
    await client.schedule.create(options);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(options.scheduleId).update((prev) => ({ ...prev, spec: options.spec, action: options.action, policies: options.policies }));
  }
}

// Recorded histories of the reminder workflows replay against today's workflow code: a change that
// would break a running reminder fails here (guard it with patched()). RECORD_HISTORIES=1 re-records
// them from real runs (time-skipping server, real PostgreSQL and SMTP); ids only, no personal data.
import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { createMailer } from '../../activities/mailer';
import { taskReminderWorkflowId } from '../../contracts/reminders';
import { warsawDay } from '../../domain/warsaw-time';
import { addCalendarDays } from '../../domain/working-days';
import { snoozeTask } from '../../server/services/task-actions';
import { decryptHistory } from '../../runtime/payload-codec';
import { replayDataConverter, testDataConverter, workflowBundle } from '../helpers/temporal';

const dir = path.resolve(import.meta.dirname, 'histories');

describe('reminder workflow histories', () => {
  it('every recorded history replays without nondeterminism', async () => {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual([
      'daily-digest-holiday.json', 'daily-digest-working-day.json', 'resend-mail.json', 'task-reminder-escalated.json', 'task-reminder-resolved.json',
      // Snoozed while its escalation timer ran (patch snooze-defers-escalation): deferred, then escalated.
      'task-reminder-snoozed.json',
    ]);
    const bundle = await workflowBundle();
    for (const f of files) {
      const history: unknown = JSON.parse(await readFile(path.join(dir, f), 'utf8'));
      await expect(Worker.runReplayHistory({ workflowBundle: bundle, dataConverter: replayDataConverter }, history, f), f).resolves.toBeUndefined();
    }
  });
});

// RECORD_HISTORIES=1 records every history; RECORD_HISTORIES=task-reminder-snoozed (comma-separated) only those.
const record = process.env.RECORD_HISTORIES ?? '';
const wanted = (name: string) => record === '1' || record.split(',').includes(name.replace(/\.json$/, ''));

describe.runIf(record === '1' || record.split(',').some((n) => n.startsWith('task-reminder') || n.startsWith('daily-digest') || n === 'resend-mail'))('recording', async () => {
  const { testDb } = await import('../helpers/db');
  const { timeSkippingEnv } = await import('../helpers/temporal');
  const { testSmtp } = await import('./smtp');
  const { reminderWorker } = await import('./worker');
  const { makeOutbox, makeProject, makeUser } = await import('./fixtures');
  const db = await testDb();
  const env = await timeSkippingEnv();
  const smtp = await testSmtp();

  it('records', async () => {
    const deps = { db, now: () => new Date(), mail: { mailer: createMailer({ smtpUrl: smtp.url, mailFrom: 'x@test.local' }), publicUrl: 'http://sciezka.test' } };
    const { worker, taskQueue } = await reminderWorker(env, deps);
    const save = async (name: string, workflowId: string) => {
      if (!wanted(name)) return;
      const history = await decryptHistory(await env.client.workflow.getHandle(workflowId).fetchHistory(), testDataConverter);
      await writeFile(path.join(dir, name), `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 1)}\n`);
    };
    await mkdir(dir, { recursive: true });
    const project = await makeProject(db);
    await db.insertInto('escalation_chains').values({ project_id: project.id, chain: JSON.stringify(['social_worker', 'coordinator']), after_working_days: 1 }).execute();
    const sw = await makeUser(db, 'social_worker');
    await makeUser(db, 'coordinator');
    await worker.runUntil(async () => {
      const open = async (dueAt: string) => {
        const key = `${randomUUID()}:sign-reminder:1`;
        const task = { key, kind: 'sign_reminder', applicationId: randomUUID(), projectId: project.id, assigneeRole: 'social_worker' as const, assigneeUserId: sw.id, dueAt, escalate: true };
        await env.client.workflow.execute('timerThenTask', { taskQueue, workflowId: randomUUID(), args: [{ waitMs: 0, task }] });
        return { ...task, id: (await db.selectFrom('tasks').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id };
      };
      const escalated = await open('2027-11-10T14:00:00.000Z');
      await env.client.workflow.getHandle(taskReminderWorkflowId(escalated.id)).result();
      await save('task-reminder-escalated.json', taskReminderWorkflowId(escalated.id));

      const resolved = await open('2028-02-01T09:00:00.000Z');
      await db.updateTable('tasks').set({ state: 'done' }).where('id', '=', resolved.id).execute();
      await env.client.workflow.getHandle(taskReminderWorkflowId(resolved.id)).result();
      await save('task-reminder-resolved.json', taskReminderWorkflowId(resolved.id));

      for (const [name, day] of [['daily-digest-holiday.json', '2027-11-11'], ['daily-digest-working-day.json', '2027-11-12']] as const) {
        const id = `digest-${randomUUID()}`;
        await env.client.workflow.execute('dailyDigest', { taskQueue, workflowId: id, args: [{ day }] });
        await save(name, id);
      }

      // Snoozed once its escalation timer runs: the step is deferred to the snooze date, then taken.
      const snoozed = await open(new Date((await env.currentTimeMs()) + 86_400_000).toISOString());
      const reminder = env.client.workflow.getHandle(taskReminderWorkflowId(snoozed.id));
      for (let i = 0; i < 100 && !(await reminder.fetchHistory()).events!.some((e) => e.timerStartedEventAttributes); i++) await new Promise((r) => setTimeout(r, 100));
      const now = new Date(await env.currentTimeMs());
      await snoozeTask({ db, now: () => now }, { id: sw.id, role: 'social_worker' }, { taskId: snoozed.id, until: addCalendarDays(warsawDay(now), 14) });
      await reminder.result();
      await save('task-reminder-snoozed.json', taskReminderWorkflowId(snoozed.id));

      const outboxId = await makeOutbox(db, sw);
      const id = `resend-${randomUUID()}`;
      await env.client.workflow.execute('resendMail', { taskQueue, workflowId: id, args: [{ outboxId }] });
      await save('resend-mail.json', id);
    });
  });
});

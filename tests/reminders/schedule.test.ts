// The daily-digest Schedule on a real Temporal dev server (the time-skipping server has no Schedules):
// registered idempotently at every start, Monday to Friday at office opening in Warsaw, and when it
// fires the digest workflow runs on the worker.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { keepMailer } from '../../activities/mailer';
import { DIGEST_SCHEDULE_ID } from '../../contracts/reminders';
import { warsawDay } from '../../domain/warsaw-time';
import { isWorkingDay } from '../../domain/working-days';
import { ensureDigestSchedule } from '../../runtime/reminders';
import { Worker } from '@temporalio/worker';
import { testDb } from '../helpers/db';
import { devServerEnv } from '../helpers/dev-server';
import { testDataConverter, workflowBundle } from '../helpers/temporal';

const db = await testDb();
const env = await devServerEnv();

describe('ensureDigestSchedule', () => {
  it('creates the Schedule once, updates it on later starts, and a trigger runs dailyDigest', async () => {
    const oldQueue = `old-${randomUUID()}`;
    const taskQueue = `digest-${randomUUID()}`;
    await ensureDigestSchedule(env.client, oldQueue);
    // A second start (another process, a new task queue) must neither fail nor create a second one.
    await ensureDigestSchedule(env.client, taskQueue);
    const handle = env.client.schedule.getHandle(DIGEST_SCHEDULE_ID);
    const desc = await handle.describe();
    expect(desc.spec.timezone).toBe('Europe/Warsaw');
    expect(desc.spec.calendars).toHaveLength(1);
    const cal = desc.spec.calendars![0]!;
    expect(cal).toMatchObject({ hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    expect((cal.dayOfWeek as Array<{ start: string; end: string }>).map((r) => `${r.start}-${r.end}`)).toEqual(
      ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((d) => `${d}-${d}`),
    );
    expect(desc.action).toMatchObject({ type: 'startWorkflow', workflowType: 'dailyDigest', taskQueue });
    const schedules: string[] = [];
    for await (const s of env.client.schedule.list()) schedules.push(s.scheduleId);
    expect(schedules.filter((id) => id === DIGEST_SCHEDULE_ID)).toHaveLength(1);

    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ db, now: () => new Date(), mail: { mailer: keepMailer, publicUrl: 'http://sciezka.test' } }),
      dataConverter: testDataConverter,
    });
    const result = await worker.runUntil(async () => {
      await handle.trigger();
      let started: { workflowId: string; firstExecutionRunId: string } | undefined;
      for (let i = 0; i < 100 && !started; i++) {
        started = (await handle.describe()).info.recentActions[0]?.action.workflow;
        if (!started) await new Promise((r) => setTimeout(r, 200));
      }
      expect(started).toBeDefined();
      return env.client.workflow.getHandle(started!.workflowId, started!.firstExecutionRunId).result();
    });
    // The digest takes its day from the workflow's start (today in Warsaw) and skips it if it is a holiday.
    const today = warsawDay(new Date());
    expect(result).toMatchObject({ day: today, skipped: isWorkingDay(today) ? null : 'holiday' });
  });
});

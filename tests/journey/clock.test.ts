// The journey keeps Warsaw's calendar inside the workflow sandbox. Between midnight and 01:00 (02:00 in
// summer) Warsaw is already on the next day while UTC is not: a signing dated today must be accepted,
// participation starts today, and a reminder falls due at the office's opening in Warsaw, not in UTC.
import { beforeAll, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { nextOfficeMoment } from '../../domain/working-days';
import { testDb } from '../helpers/db';
import { msUntilWarsawHour, testWorker, timeSkippingEnv } from '../helpers/temporal';
import { createWorld, Journey, type World } from './driver';

let w: World;

beforeAll(async () => {
  const db = await testDb();
  const env = await timeSkippingEnv();
  const { worker, taskQueue } = await testWorker(env, { db, now: () => new Date() });
  const running = worker.run();
  w = await createWorld(db, env, taskQueue);
  return async () => { worker.shutdown(); await running; };
});

it('after midnight in Warsaw, while UTC is still on the previous day', async () => {
  const j = new Journey(w);
  await j.toJoining();
  await w.env.sleep(msUntilWarsawHour(await w.env.currentTimeMs(), 0, 40));
  const now = new Date(await w.env.currentTimeMs());
  const today = await j.today();
  expect(now.toISOString().slice(0, 10), 'the test runs in the window where the two days differ').not.toBe(today);

  await j.sign();
  await j.waitStage('support');
  expect((await j.state()).participationStartedOn).toBe(today);

  await j.attend(today, 0);
  const tasks = await j.waitForDb(() => j.tasks(), (t) => t.some((x) => x.kind === 'attendance_low'), 'attendance_low task');
  const due = tasks.find((x) => x.kind === 'attendance_low')!.due_at;
  expect(new Date(due).toISOString()).toBe(nextOfficeMoment(now, DEFAULT_RULES.officeHours).toISOString());
});

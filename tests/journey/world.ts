// A journey world for a whole test file: the time-skipping server, a worker with the real activities on
// the run's PostgreSQL, and the project and users of createWorld. Stopped after the file.
import { onTeardown } from '../helpers/teardown';
import { testDb } from '../helpers/db';
import { testWorker, timeSkippingEnv } from '../helpers/temporal';
import { createWorld, type World } from './driver';

export async function timeSkippingWorld(): Promise<World> {
  const db = await testDb();
  const env = await timeSkippingEnv();
  const { worker, taskQueue } = await testWorker(env, { db, now: () => new Date() });
  const running = worker.run();
  onTeardown(async () => {
    worker.shutdown();
    await running;
  });
  return createWorld(db, env, taskQueue);
}

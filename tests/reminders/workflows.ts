// The test bundle: the real workflows, plus a stand-in for the journey (a durable timer, then a reminder
// task through the real openTask activity), so the tests go from a timer to the task and the e-mail.
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { OpenTaskInput } from '../../activities/tasks';

export * from '../../workflows';

const { openTask } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '100ms', maximumAttempts: 5 },
});

export async function timerThenTask(input: { waitMs: number; task: OpenTaskInput }): Promise<boolean> {
  if (input.waitMs > 0) await sleep(input.waitMs);
  return openTask(input.task);
}

// The baselines' workflows, bundled on their own: bare Temporal, without the app's workflow code.
import { condition, setHandler, sleep } from '@temporalio/workflow';
import { benchPingUpdate } from './messages';

/** Baseline of starts and of replay: a workflow that does nothing. */
export async function benchTrivial(): Promise<string> {
  return 'done';
}

/** Baseline of decisions: an Update answered at once, nothing else (runs until told to stop). */
export async function benchUpdatable(): Promise<void> {
  let stop = false;
  setHandler(benchPingUpdate, (n) => {
    if (n < 0) stop = true;
    return n;
  });
  await condition(() => stop);
}

/** Baseline of capacity: a workflow waiting on one timer as long as a journey's follow-ups. */
export async function benchTimer(ms: number): Promise<void> {
  await sleep(ms);
}

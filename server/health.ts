import { sql } from 'kysely';
import { temporal } from '../runtime/temporal-proto';
import type { ServerDeps } from './deps';

export interface Health {
  ok: boolean;
  database: boolean;
  temporal: boolean;
  worker: boolean;
}

const WORKER_SEEN_WITHIN_MS = 90_000;

async function check(fn: () => Promise<boolean>, timeoutMs = 3_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      fn(),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Database answers, Temporal answers, and a worker polled our task queue recently. */
export async function checkHealth({ db, temporal: client, config }: ServerDeps): Promise<Health> {
  const [database, temporalOk, worker] = await Promise.all([
    check(async () => (await sql`select 1`.execute(db), true)),
    check(async () => (await client.workflowService.getSystemInfo({}), true)),
    check(async () => {
      const res = await client.workflowService.describeTaskQueue({
        namespace: config.temporal.namespace,
        taskQueue: { name: config.temporal.taskQueue },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      const now = Date.now();
      return (res.pollers ?? []).some((p) => {
        const seconds = Number(p.lastAccessTime?.seconds ?? 0);
        return now - seconds * 1000 < WORKER_SEEN_WITHIN_MS;
      });
    }),
  ]);
  return { ok: database && temporalOk && worker, database, temporal: temporalOk, worker };
}

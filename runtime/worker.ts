import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { ActivityDeps } from '../activities/deps';
import { REFUSED_PAYLOADS_MODULE } from './payload-codec';
import type { TemporalAuth } from './temporal-auth';

export const WORKFLOWS_PATH = path.resolve(import.meta.dirname, '../workflows/index.ts');

export async function createWorker(opts: {
  address: string;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** The payload codec; the same as the clients'. */
  dataConverter: DataConverter;
  /** Bounds the worker's memory: journeys wait months, evicted ones replay when a timer fires. */
  maxCachedWorkflows?: number;
  /** mTLS and/or API key (runtime/temporal-auth.ts). */
  auth?: TemporalAuth;
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: opts.address, ...opts.auth });
  const worker = await Worker.create({
    connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    interceptors: { workflowModules: [REFUSED_PAYLOADS_MODULE] },
    activities: createActivities(opts.deps),
    dataConverter: opts.dataConverter,
    ...(opts.maxCachedWorkflows ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
    // Drain in-flight activities on Ctrl-C rather than abandoning them to a retry.
    shutdownGraceTime: '10s',
  });
  return { worker, connection };
}

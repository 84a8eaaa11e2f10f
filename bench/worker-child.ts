// A worker in its own process, so that its memory is its own: the baselines' worker on the dev server,
// and the capacity benchmark's worker (the real activities) on the time-skipping server. Told what to run
// and when to stop over IPC; its memory is read from /proc by the bench.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { openDatabase } from '../db/connect';
import { loadConfig, payloadKeyOf } from '../runtime/config';
import { encryptingDataConverter } from '../runtime/payload-codec';
import { installTemporalRuntime } from '../runtime/temporal-runtime';

export interface WorkerChildOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  /** A bundle the bench built once (the app's workflows, or the baselines'). */
  bundlePath: string;
  /** With a database, the app's real activities run here too. */
  databaseUrl?: string;
  /** The app's payload key (base64), as the server encrypts with it; bare Temporal has none. */
  payloadKey?: string;
}

export type WorkerChildMessage =
  | { type: 'ready' }
  | { type: 'memory'; rss: number; heapUsed: number }
  | { type: 'error'; message: string };

const send = (m: WorkerChildMessage) => process.send?.(m);

async function main(opts: WorkerChildOptions) {
  installTemporalRuntime('WARN');
  const closers: Array<() => Promise<unknown>> = [];
  let activities = {};
  const dataConverter = opts.payloadKey ? encryptingDataConverter({ current: payloadKeyOf(opts.payloadKey) }) : undefined;
  if (opts.databaseUrl) {
    const handle = await openDatabase({ databaseUrl: opts.databaseUrl, dataDir: '' });
    const connection = await Connection.connect({ address: opts.address });
    const temporal = new Client({ connection, namespace: opts.namespace, ...(dataConverter ? { dataConverter } : {}) });
    activities = createActivities({ db: handle.db, now: () => new Date(), temporal });
    closers.push(() => connection.close(), () => handle.close());
  }
  const connection = await NativeConnection.connect({ address: opts.address });
  const worker = await Worker.create({
    connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowBundle: { codePath: opts.bundlePath },
    activities,
    ...(dataConverter ? { dataConverter } : {}),
    // The app's worker caches as many journeys as production does; bare Temporal keeps the SDK's default.
    ...(opts.databaseUrl ? { maxCachedWorkflows: loadConfig().temporal.maxCachedWorkflows } : {}),
  });
  const run = worker.run();
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stop') worker.shutdown();
    if (m.type === 'memory') {
      // Less of what the main thread's collector has not yet reclaimed (the bench starts us with --expose-gc).
      (globalThis as { gc?: () => void }).gc?.();
      const { rss, heapUsed } = process.memoryUsage();
      send({ type: 'memory', rss, heapUsed });
    }
  });
  send({ type: 'ready' });
  await run;
  await connection.close();
  for (const close of closers) await close();
  process.exit(0);
}

process.once('message', (opts: WorkerChildOptions) => {
  main(opts).catch((err: Error) => {
    send({ type: 'error', message: err.message });
    process.exit(1);
  });
});

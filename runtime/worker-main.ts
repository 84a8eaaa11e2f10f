// `npm run worker`: a worker process against an existing Temporal (TEMPORAL_ADDRESS) and database.
import { loadConfig } from './config';
import { connectTemporalClient, openMigratedDatabase } from './bootstrap';
import { ensureDigestSchedule, mailDeps } from './reminders';
import { onShutdown, runMain, say } from './process';
import { StartupError } from './startup-error';
import { registerSearchAttributes, waitForTemporal } from './temporal-server';
import { createWorker } from './worker';
import { payloadDataConverter } from './payload-keys';
import { installTemporalRuntime } from './temporal-runtime';

await runMain(async () => {
  const config = loadConfig();
  installTemporalRuntime();
  const address = config.temporal.address;
  if (!address) throw new StartupError('TEMPORAL_ADDRESS is not set; `npm run worker` joins an existing Temporal (use `npm start` for the embedded one)');
  const dataConverter = await payloadDataConverter(config, { generate: false });
  const closers: Array<() => Promise<unknown>> = [];
  onShutdown(closers);
  const dbHandle = await openMigratedDatabase(config);
  await waitForTemporal(address, config.temporal.readyTimeoutMs);
  await registerSearchAttributes(address, config.temporal.namespace);
  // The client lets journey activities signal-with-start the recruitment round.
  const temporal = await connectTemporalClient(config, address, dataConverter);
  const { worker, connection } = await createWorker({
    address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    dataConverter,
    maxCachedWorkflows: config.temporal.maxCachedWorkflows,
    deps: { db: dbHandle.db, now: () => new Date(), mail: mailDeps(config), temporal: temporal.client },
  });
  const run = worker.run();
  await ensureDigestSchedule(temporal.client, config.temporal.taskQueue);
  closers.push(async () => { worker.shutdown(); await run; }, () => connection.close(), () => temporal.close(), () => dbHandle.close());
  say(`worker polling ${config.temporal.taskQueue} on ${address}`);
  await run;
});

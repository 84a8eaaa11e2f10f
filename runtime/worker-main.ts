// `npm run worker`: a worker process against an existing Temporal (TEMPORAL_ADDRESS) and database.
import { connectTemporalClient, joinDeployment, startAppWorker } from './bootstrap';
import { runMain, say } from './process';
import { registerSearchAttributes, waitForTemporal } from './temporal-server';
import { installTemporalRuntime } from './temporal-runtime';

await runMain(async (closers) => {
  installTemporalRuntime();
  const { config, address, dataConverter, dbHandle } = await joinDeployment('worker', closers);
  await waitForTemporal(address, config.temporal.readyTimeoutMs, undefined, config.temporal.auth);
  await registerSearchAttributes(address, config.temporal.namespace, config.temporal.auth);
  const temporal = await connectTemporalClient(config, address, dataConverter);
  const worker = await startAppWorker(config, { address, dataConverter, db: dbHandle.db, client: temporal.client });
  // The database closes last (it was pushed first): unshift what must stop before it.
  closers.unshift(() => worker.stop(), () => temporal.close());
  say(`worker polling ${config.temporal.taskQueue} on ${address}`);
  await worker.running;
});

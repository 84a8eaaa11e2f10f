// `npm start`: the whole system in one process on embedded defaults (PGlite, a supervised
// Temporal dev server, the worker and the panel). Configuration switches parts to external services.
import { buildApp } from '../server/app';
import { loadConfig } from './config';
import { connectTemporalClient, openMigratedDatabase } from './bootstrap';
import { onShutdown, runMain, say } from './process';
import { portIsFree, registerSearchAttributes, startEmbeddedTemporal } from './temporal-server';
import { StartupError } from './startup-error';
import { createWorker } from './worker';
import { installTemporalRuntime } from './temporal-runtime';
import { ensureAdmin } from './admin';
import { ensureDigestSchedule, mailDeps } from './reminders';
import { payloadDataConverter } from './payload-keys';

await runMain(async () => {
  const config = loadConfig();
  installTemporalRuntime();
  if (!(await portIsFree(config.port, config.host))) {
    throw new StartupError(`port ${config.port} is busy; stop what uses it or set PORT`);
  }
  // One process: without PAYLOAD_KEY the key is generated once into the data folder.
  const dataConverter = await payloadDataConverter(config, { generate: true });
  const closers: Array<() => Promise<unknown>> = [];
  onShutdown(closers);

  const dbHandle = await openMigratedDatabase(config);
  say(`database: ${dbHandle.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}/pgdata` : 'PostgreSQL (DATABASE_URL)'}`);
  await ensureAdmin(dbHandle.db, config);

  let address = config.temporal.address;
  let uiUrl = config.temporal.uiUrl;
  let stopTemporal: (() => Promise<void>) | undefined;
  if (!address) {
    say('starting the embedded Temporal dev server…');
    const embedded = await startEmbeddedTemporal(config, { info: say, error: (m) => console.error(`[sciezka] ${m}`) });
    address = embedded.address;
    uiUrl = embedded.uiUrl;
    stopTemporal = () => embedded.stop();
  }
  const temporal = await connectTemporalClient(config, address, dataConverter);
  if (config.temporal.address) await registerSearchAttributes(address, config.temporal.namespace);

  const { worker, connection } = await createWorker({
    address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    dataConverter,
    maxCachedWorkflows: config.temporal.maxCachedWorkflows,
    // The client lets journey activities signal-with-start the recruitment round.
    deps: { db: dbHandle.db, now: () => new Date(), mail: mailDeps(config), temporal: temporal.client },
  });
  const workerRun = worker.run();
  await ensureDigestSchedule(temporal.client, config.temporal.taskQueue);
  if (!config.smtpUrl) say('e-mail: no SMTP_URL, messages stay in the outbox (status "kept")');

  const app = await buildApp({ config, db: dbHandle.db, temporal: temporal.client, temporalUiUrl: uiUrl }, { logger: true });
  await app.listen({ port: config.port, host: config.host });

  // Order matters: stop taking requests, drain the worker, then close what they used.
  closers.push(
    () => app.close(),
    async () => {
      worker.shutdown();
      await workerRun;
    },
    () => connection.close(),
    () => temporal.close(),
    async () => stopTemporal?.(),
    () => dbHandle.close(),
  );

  say(`panel:       ${config.publicUrl}`);
  if (uiUrl) say(`Temporal UI: ${uiUrl}`);
  say('Ctrl-C stops everything');
});

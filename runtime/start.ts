// `npm start`: the whole system in one process on embedded defaults (PGlite, a supervised
// Temporal dev server, the worker and the panel). Configuration switches parts to external services.
import { buildApp } from '../server/app';
import { loadConfig } from './config';
import { connectTemporalClient, openMigratedDatabase, startAppWorker } from './bootstrap';
import { runMain, say } from './process';
import { portIsFree, registerSearchAttributes, startEmbeddedTemporal } from './temporal-server';
import { StartupError } from './startup-error';
import { installTemporalRuntime } from './temporal-runtime';
import { ensureAdmin } from './admin';
import { payloadDataConverter } from './payload-keys';

await runMain(async (closers) => {
  const config = loadConfig();
  installTemporalRuntime();
  // The data folder first: a second `npm start` on it is refused before it touches anything else.
  const dbHandle = await openMigratedDatabase(config, { serve: true });
  closers.push(() => dbHandle.close());
  if (!(await portIsFree(config.port, config.host))) {
    throw new StartupError(`port ${config.port} is busy; stop what uses it or set PORT`);
  }
  say(`database:    ${dbHandle.url ? `${dbHandle.url} (embedded PGlite in ${config.dataDir}/pgdata)` : 'PostgreSQL (DATABASE_URL)'}`);
  // One process: without PAYLOAD_KEY the key is generated once into the data folder.
  const dataConverter = await payloadDataConverter(config, { generate: true });
  await ensureAdmin(dbHandle.db, config);

  let address = config.temporal.address;
  let uiUrl = config.temporal.uiUrl;
  if (!address) {
    say('starting the embedded Temporal dev server…');
    const embedded = await startEmbeddedTemporal(
      config,
      { info: say, error: (m) => console.error(`[sciezka] ${m}`) },
      { ownsDataDir: dbHandle.kind === 'pglite' },
    );
    address = embedded.address;
    uiUrl = embedded.uiUrl;
    closers.unshift(() => embedded.stop());
  }
  const temporal = await connectTemporalClient(config, address, dataConverter);
  if (config.temporal.address) await registerSearchAttributes(address, config.temporal.namespace);
  closers.unshift(() => temporal.close());
  const worker = await startAppWorker(config, { address, dataConverter, db: dbHandle.db, client: temporal.client });
  closers.unshift(() => worker.stop());
  if (!config.smtpUrl) say('e-mail: no SMTP_URL, messages stay in the outbox (status "kept")');

  const app = await buildApp({ config, db: dbHandle.db, temporal: temporal.client, temporalUiUrl: uiUrl }, { logger: true });
  await app.listen({ port: config.port, host: config.host });
  // Order on Ctrl-C (each unshift above put its closer first): stop taking requests, drain the worker,
  // close the client, stop Temporal, then the database.
  closers.unshift(() => app.close());

  say(`panel:       ${config.publicUrl}`);
  if (uiUrl) say(`Temporal UI: ${uiUrl}`);
  say('Ctrl-C stops everything');
});

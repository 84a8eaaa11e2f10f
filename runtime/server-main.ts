// `npm run server`: a panel/API process against an existing Temporal and database; run several behind a load balancer.
import { buildApp } from '../server/app';
import { loadConfig } from './config';
import { connectTemporalClient, openMigratedDatabase } from './bootstrap';
import { onShutdown, runMain, say } from './process';
import { StartupError } from './startup-error';
import { ensureAdmin } from './admin';
import { payloadDataConverter } from './payload-keys';

await runMain(async () => {
  const config = loadConfig();
  const address = config.temporal.address;
  if (!address) throw new StartupError('TEMPORAL_ADDRESS is not set; `npm run server` joins an existing Temporal (use `npm start` for the embedded one)');
  const dataConverter = await payloadDataConverter(config, { generate: false });
  const closers: Array<() => Promise<unknown>> = [];
  onShutdown(closers);
  const dbHandle = await openMigratedDatabase(config);
  await ensureAdmin(dbHandle.db, config);
  const temporal = await connectTemporalClient(config, address, dataConverter);
  const app = await buildApp({ config, db: dbHandle.db, temporal: temporal.client, temporalUiUrl: config.temporal.uiUrl }, { logger: true });
  await app.listen({ port: config.port, host: config.host });
  closers.push(() => app.close(), () => temporal.close(), () => dbHandle.close());
  say(`panel: ${config.publicUrl}`);
});

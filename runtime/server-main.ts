// `npm run server`: a panel/API process against an existing Temporal and database; run several behind a load balancer.
import { buildApp } from '../server/app';
import { connectTemporalClient, joinDeployment } from './bootstrap';
import { runMain, say } from './process';
import { ensureAdmin } from './admin';

await runMain(async (closers) => {
  const { config, address, dataConverter, dbHandle } = await joinDeployment('server', closers);
  await ensureAdmin(dbHandle.db, config);
  const temporal = await connectTemporalClient(config, address, dataConverter);
  const app = await buildApp({ config, db: dbHandle.db, temporal: temporal.client, temporalUiUrl: config.temporal.uiUrl }, { logger: true });
  await app.listen({ port: config.port, host: config.host });
  // The database closes last (it was pushed first): unshift what must stop before it.
  closers.unshift(() => app.close(), () => temporal.close());
  say(`panel: ${config.publicUrl}`);
});

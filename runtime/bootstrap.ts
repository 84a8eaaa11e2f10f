// Opening the shared resources (database, Temporal client, worker) the same way in every entry point.
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { sql } from 'kysely';
import { openDatabase, type Db, type DbHandle } from '../db/connect';
import { loadConfig, type Config } from './config';
import { migrateDatabase } from './migrations';
import { payloadDataConverter } from './payload-keys';
import { say, type Closers } from './process';
import { ensureDigestSchedule, mailDeps } from './reminders';
import { StartupError } from './startup-error';
import { waitForTemporal } from './temporal-server';
import { createWorker } from './worker';

/**
 * The database at the latest schema. Embedded, `serve` makes this process the folder's owner serving it
 * on PGLITE_PORT (`npm start`); without it a running owner is joined through its port (db/connect.ts).
 */
export async function openMigratedDatabase(config: Config, opts: { serve?: boolean } = {}): Promise<DbHandle> {
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    serve: opts.serve ? { port: config.pglitePort } : undefined,
    notice: say,
  });
  try {
    await sql`select 1`.execute(handle.db);
  } catch (err) {
    await handle.close().catch(() => {});
    throw new StartupError(`cannot reach the database (${(err as Error).message}); ${handle.kind === 'postgres' ? 'check DATABASE_URL' : `check the data folder ${config.dataDir}`}`);
  }
  try {
    await migrateDatabase(config, handle.db);
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
  return handle;
}

/** The client, with the payload codec (runtime/payload-keys.ts) that the workers use too. */
export async function connectTemporalClient(
  config: Config,
  address: string,
  dataConverter: DataConverter,
): Promise<{ client: Client; close(): Promise<void> }> {
  await waitForTemporal(address, config.temporal.readyTimeoutMs, undefined, config.temporal.auth);
  const connection = await Connection.connect({ address, ...config.temporal.auth });
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter });
  return { client, close: () => connection.close() };
}

/**
 * The app's worker polling at once, and the daily-digest Schedule brought up to date. `stop` drains the
 * worker (in-flight activities finish) and closes its connection; `running` settles when it has stopped.
 */
export async function startAppWorker(
  config: Config,
  opts: { address: string; dataConverter: DataConverter; db: Db; client: Client },
): Promise<{ running: Promise<void>; stop(): Promise<void> }> {
  const { worker, connection } = await createWorker({
    address: opts.address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    dataConverter: opts.dataConverter,
    maxCachedWorkflows: config.temporal.maxCachedWorkflows,
    auth: config.temporal.auth,
    // The client lets journey activities signal-with-start the recruitment round.
    deps: { db: opts.db, now: () => new Date(), mail: mailDeps(config), temporal: opts.client },
  });
  const running = worker.run();
  await ensureDigestSchedule(opts.client, config.temporal.taskQueue);
  return {
    running,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/**
 * The common start of `npm run worker` and `npm run server`: they join an existing Temporal with a
 * shared PAYLOAD_KEY (never a generated one) and a migrated database, closed last (runMain's `closers`).
 */
export async function joinDeployment(entry: 'worker' | 'server', closers: Closers) {
  const config = loadConfig();
  const address = config.temporal.address;
  if (!address) throw new StartupError(`TEMPORAL_ADDRESS is not set; \`npm run ${entry}\` joins an existing Temporal (use \`npm start\` for the embedded one)`);
  const dataConverter = await payloadDataConverter(config, { generate: false });
  const dbHandle = await openMigratedDatabase(config);
  closers.push(() => dbHandle.close());
  return { config, address, dataConverter, dbHandle };
}

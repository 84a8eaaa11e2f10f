// Opening the shared resources: database (migrated) and the Temporal client.
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { sql } from 'kysely';
import { openDatabase, type DbHandle } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import type { Config } from './config';
import { StartupError } from './startup-error';
import { waitForTemporal } from './temporal-server';

export async function openMigratedDatabase(config: Config): Promise<DbHandle> {
  const handle = await openDatabase(config);
  try {
    await sql`select 1`.execute(handle.db);
  } catch (err) {
    await handle.close().catch(() => {});
    throw new StartupError(`cannot reach the database (${(err as Error).message}); check DATABASE_URL`);
  }
  try {
    await migrateToLatest(handle.db);
  } catch (err) {
    await handle.close().catch(() => {});
    throw new StartupError((err as Error).message);
  }
  return handle;
}

/** The client, with the payload codec (runtime/payload-keys.ts) that the workers use too. */
export async function connectTemporalClient(
  config: Config,
  address: string,
  dataConverter: DataConverter,
): Promise<{ client: Client; close(): Promise<void> }> {
  await waitForTemporal(address, config.temporal.readyTimeoutMs);
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter });
  return { client, close: () => connection.close() };
}

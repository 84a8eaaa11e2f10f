import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onTeardown } from './teardown';
import { inject } from 'vitest';
import { openDatabase, type Db } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';

/** The run's PostgreSQL database (created and migrated by global setup), closed after the file. */
export async function testDb(): Promise<Db> {
  const handle = await openDatabase({ databaseUrl: inject('databaseUrl'), dataDir: '' });
  onTeardown(() => handle.close());
  return handle.db;
}

/**
 * Creates a database on TEST_DATABASE_URL's server and migrates it. `drop` removes it (with its
 * connections). Global setup makes the run's database with it.
 */
export async function createMigratedDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`tests need PostgreSQL at ${adminUrl} (TEST_DATABASE_URL): ${(err as Error).message}`, { cause: err });
  }
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  await migrateToLatest(handle.db);
  await handle.close();
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * A database of this file's own, dropped after the file: for tests that read every row of a kind (the
 * daily digest reads all open tasks), which other suites sharing the run's database would add to.
 */
export async function isolatedDb(): Promise<Db> {
  const created = await createMigratedDatabase('sciezka_iso');
  const handle = await openDatabase({ databaseUrl: created.url, dataDir: '' });
  onTeardown(async () => {
    await handle.close();
    await created.drop();
  });
  return handle.db;
}

import { afterAll } from 'vitest';
import { inject } from 'vitest';
import { openDatabase, type Db } from '../../db/connect';

/** The run's PostgreSQL database (created and migrated by global setup), closed after the file. */
export async function testDb(): Promise<Db> {
  const handle = await openDatabase({ databaseUrl: inject('databaseUrl'), dataDir: '' });
  afterAll(() => handle.close());
  return handle.db;
}

// PostgreSQL cuts a connection the app holds between two statements of a transaction (a restart, a
// failover, an administrator): the process must live on. pg emits 'error' on a checked-out client that
// has no query running, and an 'error' nobody listens to kills a Node process: a worker or a panel
// instance would die with the database's restart.
import { sql } from 'kysely';
import pg from 'pg';
import { inject, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connect';
import { isDatabaseDown } from '../../server/errors';

describe('a connection cut by the server', () => {
  it('inside a transaction, between statements: the transaction fails as "database down", the process lives, the pool recovers', async () => {
    const handle = await openDatabase({ databaseUrl: inject('databaseUrl'), dataDir: '' });
    const admin = new pg.Client({ connectionString: inject('databaseUrl') });
    await admin.connect();
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => void uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const outcome = await handle.db
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          // The server terminates this backend while the transaction waits between two statements.
          await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
          await new Promise((r) => setTimeout(r, 500));
          await sql`select 1`.execute(trx);
        })
        .then(() => 'committed', (err: unknown) => err);
      expect(outcome).not.toBe('committed');
      expect(isDatabaseDown(outcome), String(outcome)).toBe(true);
      expect(uncaught).toEqual([]);
      // The broken client left the pool: the next query gets a fresh connection.
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
      expect(rows[0]!.one).toBe(1);
    } finally {
      process.off('uncaughtException', onUncaught);
      await admin.end();
      await handle.close();
    }
  });
});

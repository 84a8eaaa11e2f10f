// One dialect everywhere: Kysely's PostgresDialect over node-postgres. Embedded mode puts PGlite
// behind pg (its node-postgres bridge), so types and SQL are the same as on a real PostgreSQL.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { AppError } from '../domain/errors';
import type { Database } from './schema';

// DATE columns stay 'YYYY-MM-DD' strings: a calendar day has no time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// int8 (count(*), bigserial) as number: our counts and ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export async function openDatabase(opts: { databaseUrl?: string | undefined; dataDir: string }): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10, connectionTimeoutMillis: 10_000 });
    // A client dropped by the server must not crash the process: pg emits 'error' on an idle client (the
    // pool's 'error') and on a checked-out one between statements (a transaction), where nobody else
    // listens. The statement that follows fails as "database down" and the pool discards the client.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const dir = path.join(opts.dataDir, 'pgdata');
  await mkdir(opts.dataDir, { recursive: true });
  let pglite;
  try {
    pglite = await PGlite.create(dir);
  } catch (err) {
    throw new AppError('unavailable', `cannot open the embedded database in ${dir} (${(err as Error).message}); ` +
      'move the folder aside to start fresh, or set DATABASE_URL');
  }
  const pool = new pg.Pool(createPgConfig(pglite) as pg.PoolConfig);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

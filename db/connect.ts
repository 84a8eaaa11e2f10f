// One dialect everywhere: Kysely's PostgresDialect over node-postgres. Embedded mode puts PGlite
// behind pg, so types and SQL are the same as on a real PostgreSQL.
//
// Embedded mode has one owner per data folder (db/folder-lock.ts). `npm start` owns it and serves PGlite
// on 127.0.0.1 with @electric-sql/pglite-socket; it talks to its own database through that port too,
// because the socket server's queue is what keeps one client's transaction from running another's
// statements (PGlite has a single session). Other commands (seed, cli, migrate, psql) connect to the port
// the lock names; with nothing running they open the folder themselves, holding the lock meanwhile.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { AppError } from '../domain/errors';
import { acquireLock, type HeldLock, type LockInfo } from './folder-lock';
import type { Database } from './schema';

// DATE columns stay 'YYYY-MM-DD' strings: a calendar day has no time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// int8 (count(*), bigserial) as number: our counts and ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Embedded: the served database's URL (psql works with it), when this process serves or joined one. */
  url?: string;
  /** Embedded: this process joined the database another process (`npm start`) serves. */
  joined?: LockInfo;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Embedded: own the folder and serve it on this port (0: any free one), as `npm start` does. */
  serve?: { port: number } | undefined;
  /** One-line notices (a stale lock taken over). */
  notice?: (msg: string) => void;
}

/** Connections the socket server accepts: this process's pool, seed/cli/migrate, a worker, a few psql. */
const SOCKET_MAX_CONNECTIONS = 16;
/** How long a command waits for a starting `npm start` to name its port. */
const OWNER_START_WAIT_MS = 60_000;

const fail = (msg: string) => new AppError('unavailable', msg);

function pgPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ connectionTimeoutMillis: 10_000, ...config });
  // A client dropped by the server must not crash the process: pg emits 'error' on an idle client (the
  // pool's 'error') and on a checked-out one between statements (a transaction), where nobody else
  // listens. The statement that follows fails as "database down" and the pool discards the client.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

const socketUrl = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;

/**
 * One connection to the served PGlite: the server runs one statement at a time anyway, and a single
 * client keeps this process's own statements in order, as PGlite's in-process bridge did.
 */
const servedPool = (port: number) => pgPool({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', max: 1 });

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pgPool({ connectionString: opts.databaseUrl, max: 10 }) }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  await mkdir(opts.dataDir, { recursive: true });
  const deadline = Date.now() + OWNER_START_WAIT_MS;
  for (;;) {
    const got = await acquireLock(opts.dataDir, {
      serves: !!opts.serve,
      onStale: (s) => opts.notice?.(`taking over the lock of process ${s.pid} (${s.command}), which no longer runs`),
    });
    if ('lock' in got) return openOwned(opts, got.lock);
    const owner = got.owner;
    const held = `the data folder ${opts.dataDir} is in use by process ${owner.pid} (${owner.command}`;
    if (opts.serve) {
      throw fail(`${held}${owner.port ? `, database on port ${owner.port}` : ''}); stop it first, or set DATA_DIR to another folder`);
    }
    if (owner.port) return joinOwner(owner);
    if (!owner.serves) throw fail(`${held}); wait until it has finished, then try again`);
    if (Date.now() > deadline) throw fail(`${held}) and it has not opened its database within ${OWNER_START_WAIT_MS / 1000} s; check that it is starting, or stop it`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function joinOwner(owner: LockInfo): Promise<DbHandle> {
  const port = owner.port!;
  const pool = servedPool(port);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await db.destroy().catch(() => {});
    throw fail(
      `process ${owner.pid} (${owner.command}) holds the data folder but its database port ${port} does not answer ` +
        `(${(err as Error).message}); stop that process and try again`,
    );
  }
  return { db, kind: 'pglite', url: socketUrl(port), joined: owner, close: () => db.destroy() };
}

async function openOwned(opts: OpenOptions, lock: HeldLock): Promise<DbHandle> {
  const dir = path.join(opts.dataDir, 'pgdata');
  const { PGlite } = await import('@electric-sql/pglite');
  let pglite: InstanceType<typeof PGlite>;
  try {
    pglite = await PGlite.create(dir);
  } catch (err) {
    await lock.release();
    throw fail(`cannot open the embedded database in ${dir} (${(err as Error).message}); move the folder aside to start fresh, or set DATABASE_URL`);
  }
  if (!opts.serve) {
    // A short-lived command with nothing running: PGlite in-process, behind pg's API.
    const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool(createPgConfig(pglite) as pg.PoolConfig) }) });
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await db.destroy();
        await pglite.close();
        await lock.release();
      },
    };
  }
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: opts.serve.port, maxConnections: SOCKET_MAX_CONNECTIONS });
  try {
    await server.start();
  } catch (err) {
    await server.stop().catch(() => {});
    await pglite.close();
    await lock.release();
    const code = (err as NodeJS.ErrnoException).code;
    throw fail(
      code === 'EADDRINUSE'
        ? `port ${opts.serve.port} is busy, so the embedded database cannot be served; stop what uses it, or set PGLITE_PORT (0 picks a free port)`
        : `cannot serve the embedded database on port ${opts.serve.port} (${(err as Error).message}); set PGLITE_PORT`,
    );
  }
  const port = Number(server.getServerConn().split(':').at(-1));
  await lock.setPort(port);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: servedPool(port) }) });
  return {
    db,
    kind: 'pglite',
    url: socketUrl(port),
    close: async () => {
      await db.destroy();
      await server.stop();
      await pglite.close();
      await lock.release();
    },
  };
}


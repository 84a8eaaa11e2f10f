// `npx tsx bench/audit-chain.ts [--seconds 3] [--concurrency 16]`: how many audit rows per second the
// hash-chained audit log takes (migrations/0013: every insert takes one advisory lock until it commits, so
// all servers and workers of a deployment append one at a time), against the same inserts into a copy of
// the table without the chain. A throwaway database on TEST_DATABASE_URL's server, dropped afterwards.
// The README's "Beyond one machine" section uses the figure.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Db } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { audit } from '../server/audit';
import { round } from './stats';

const { values: a } = parseArgs({ options: { seconds: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '16' } } });
const seconds = Number(a.seconds);
const concurrency = Number(a.concurrency);

/** Rows per second `concurrency` loops append with `insert` for `seconds`. */
async function rate(insert: () => Promise<unknown>, loops: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(Array.from({ length: loops }, async () => {
    while (performance.now() < end) {
      await insert();
      n++;
    }
  }));
  return n / seconds;
}

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `sciezka_audit_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
let db: Db | undefined;
let close = async () => {};
try {
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  db = handle.db;
  close = handle.close;
  await migrateToLatest(db);
  await sql`create table audit_plain (like audit_log including defaults)`.execute(db);
  const entry = { action: 'participant_viewed' as const, entity: 'application', entityId: 'bench', details: { via: 'bench' } };
  const chained = () => audit(db!, { id: null, ip: '127.0.0.1' }, entry);
  const plain = () => sql`insert into audit_plain (action, entity, entity_id, ip, details, seq, hash) values ('participant_viewed', 'application', 'bench', '127.0.0.1', '{}', 0, '')`.execute(db!);
  await rate(chained, 2); // warm-up
  const out = {
    seconds,
    concurrency,
    chainedOne: round(await rate(chained, 1), 0),
    plainOne: round(await rate(plain, 1), 0),
    chained: round(await rate(chained, concurrency), 0),
    plain: round(await rate(plain, concurrency), 0),
  };
  process.stdout.write(`${JSON.stringify({ ...out, ratio: round(out.chained / out.plain, 3) })}\n`);
} finally {
  await close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

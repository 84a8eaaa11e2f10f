// The audit trail holds: every row is chained to the previous one by its hash (computed by the database
// whoever writes, one writer at a time), and `npm run cli -- audit verify` finds a row that the table's
// owner changed behind the application's back, even with its hash recomputed. A database of its own:
// the test breaks the chain on purpose.
// Markers no code writes (so these rows are found among the run's others): outside the labelled actions on purpose.
import type { AuditAction } from '../../i18n';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { verifyAuditChain } from '../../server/audit-chain';
import { audit } from '../../server/audit';
import { createMigratedDatabase } from '../helpers/db';

const created = await createMigratedDatabase('sciezka_audit');
const handle = await openDatabase({ databaseUrl: created.url, dataDir: '' });
const db = handle.db;
afterAll(async () => {
  await handle.close();
  await created.drop();
});

const cli = (...args: string[]) =>
  promisify(execFile)('npx', ['tsx', 'scripts/cli.ts', ...args], { env: { ...process.env, DATABASE_URL: created.url } }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );

/** What the owner can do and the application must not: change a row with the append-only trigger off. */
async function asOwner(statement: ReturnType<typeof sql>) {
  await db.transaction().execute(async (tx) => {
    await sql`alter table audit_log disable trigger audit_log_no_change`.execute(tx);
    await statement.execute(tx);
    await sql`alter table audit_log enable trigger audit_log_no_change`.execute(tx);
  });
}

describe('audit hash chain', () => {
  it('chains concurrent writers one after the other', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => audit(db, { id: null, ip: '127.0.0.1' }, { action: 'test_concurrent' as AuditAction, entity: 'test', entityId: String(i), details: { i } })));
    const rows = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length);
    const check = await verifyAuditChain(db);
    expect(check).toMatchObject({ ok: true, rows: rows.length, head: { seq: String(rows.length), hash: rows.at(-1)!.hash } });
  });

  it('audit verify reports an intact chain, then the first row the owner changed', async () => {
    const ok = await cli('audit', 'verify');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/audit log chain intact: \d+ rows, head seq \d+ hash [0-9a-f]{64}/);

    await asOwner(sql`update audit_log set details = '{"i": 999}'::jsonb where seq = 7`);
    const changed = await cli('audit', 'verify');
    expect(changed.code).toBe(1);
    expect(changed.err).toContain('audit log chain BROKEN at seq 7');

    // Recomputing the changed row's hash only moves the break to the next row.
    await asOwner(sql`update audit_log set hash = audit_log_hash((select hash from audit_log where seq = 6), seq, at, user_id, action, entity, entity_id, ip, details) where seq = 7`);
    expect((await cli('audit', 'verify')).err).toContain('BROKEN at seq 8');
  });

  it('finds a deleted row', async () => {
    await asOwner(sql`delete from audit_log where seq = 3`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, broken: { seq: '4', reason: 'gap' } });
  });
});

describe("the app's own role (the README's snippet)", () => {
  it('may write and read the audit log and the event log, not change them nor disable their triggers', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const snippet = /```sql\n(-- once, as a superuser[\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    const role = `sciezka_app_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    // The grants, as the owner of the tables (the test's superuser migrated this database); the roles and
    // the database of the snippet's first lines exist already under other names.
    const grants = snippet!.split('\n').filter((l) => /^(grant|revoke)/.test(l)).map((l) => l.replaceAll('sciezka_app', role));
    expect(grants.length).toBeGreaterThanOrEqual(5);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query(`create role ${role} login password '${password}'`);
    const owner = new pg.Client({ connectionString: created.url });
    await owner.connect();
    for (const g of grants) await owner.query(g);
    await owner.end();
    const url = new URL(created.url);
    url.username = role;
    url.password = password;
    const app = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
    try {
      // Its start-up migration check passes without rights to create anything.
      expect(await migrateToLatest(app.db)).toEqual([]);
      await audit(app.db, { id: null, ip: '127.0.0.1' }, { action: 'test_app_role' as AuditAction, entity: 'test' });
      expect((await app.db.selectFrom('audit_log').select('action').where('action', '=', 'test_app_role').execute()).length).toBe(1);
      const refused = (q: ReturnType<typeof sql>) => expect(q.execute(app.db)).rejects.toThrow(/permission denied|must be owner/);
      await refused(sql`update audit_log set action = 'forged' where action = 'test_app_role'`);
      await refused(sql`delete from audit_log`);
      await refused(sql`truncate audit_log`);
      await refused(sql`alter table audit_log disable trigger audit_log_no_change`);
      await refused(sql`alter table audit_log disable trigger all`);
      await refused(sql`update journey_events set type = 'forged'`);
      await refused(sql`delete from journey_events`);
      await refused(sql`alter table journey_events disable trigger journey_events_no_change`);
      // The rest of the schema is the app's to write.
      await app.db.insertInto('panel_settings').values({ key: `k-${role}`, value: 'v' }).execute();
    } finally {
      await app.close();
      // The role's privileges live in this database: revoked there, then the role goes.
      const cleanup = new pg.Client({ connectionString: created.url });
      await cleanup.connect();
      await cleanup.query(`drop owned by ${role}`);
      await cleanup.end();
      await admin.query(`drop role ${role}`);
      await admin.end();
    }
  });
});

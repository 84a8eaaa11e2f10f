// The audit trail holds: every row is chained to the previous one by its hash (computed by the database
// whoever writes, one writer at a time), and `npm run cli -- audit verify` finds a row that the table's
// owner changed behind the application's back, even with its hash recomputed. A database of its own:
// the test breaks the chain on purpose.
// Markers no code writes (so these rows are found among the run's others): outside the labelled actions on purpose.
import type { AuditAction } from '../../i18n';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
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

describe("the app's own role (MIGRATION_DATABASE_URL migrates as the owner, DATABASE_URL connects as the app)", () => {
  it('may write and read the audit log and the event log, not change them nor disable their triggers', async () => {
    const tag = randomBytes(4).toString('hex');
    const [ownerRole, appRole, dbName] = [`sciezka_owner_${tag}`, `sciezka_app_${tag}`, `sciezka_roles_${tag}`];
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    // What scripts/compose-init-roles.sh does: two login roles, the database owned by the first.
    await admin.query(`create role ${ownerRole} login password 'owner-pw'`);
    await admin.query(`create role ${appRole} login password 'app-pw'`);
    await admin.query(`create database ${dbName} owner ${ownerRole}`);
    const urlAs = (role: string, password: string) => {
      const u = new URL(created.url);
      [u.username, u.password, u.pathname] = [role, password, `/${dbName}`];
      return u.toString();
    };
    const env = { ...process.env, DATABASE_URL: urlAs(appRole, 'app-pw'), MIGRATION_DATABASE_URL: urlAs(ownerRole, 'owner-pw') };
    const app = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: '' });
    const owner = await openDatabase({ databaseUrl: env.MIGRATION_DATABASE_URL, dataDir: '' });
    try {
      // The app's role alone cannot create the schema: one line saying what to do.
      const alone = await promisify(execFile)('npx', ['tsx', 'runtime/migrate-main.ts'], { env: { ...env, MIGRATION_DATABASE_URL: '' } }).catch((e: { stderr: string }) => e);
      expect(alone.stderr.trim()).toMatch(/^\[sciezka\] cannot start: .*permission denied.*run `npm run migrate` with MIGRATION_DATABASE_URL \(the owner\) first$/);
      const migrate = await promisify(execFile)('npx', ['tsx', 'runtime/migrate-main.ts'], { env });
      expect(migrate.stdout).toContain('applied: 0001_foundation');
      // The app's start-up migration check passes without rights to create anything.
      expect(await migrateToLatest(app.db)).toEqual([]);
      await expect(sql`create table t_${sql.raw(tag)} (x int)`.execute(app.db)).rejects.toThrow(/permission denied/);

      for (let i = 0; i < 3; i++) await audit(app.db, { id: null, ip: '127.0.0.1' }, { action: 'test_app_role' as AuditAction, entity: 'test', entityId: String(i) });
      expect((await app.db.selectFrom('audit_log').select('action').where('action', '=', 'test_app_role').execute()).length).toBe(3);
      const refused = (q: ReturnType<typeof sql>) => expect(q.execute(app.db)).rejects.toThrow(/permission denied|must be owner/);
      await refused(sql`update audit_log set action = 'forged' where action = 'test_app_role'`);
      await refused(sql`delete from audit_log`);
      await refused(sql`truncate audit_log`);
      await refused(sql`alter table audit_log disable trigger audit_log_no_change`);
      await refused(sql`alter table audit_log disable trigger all`);
      await refused(sql`update journey_events set payload = '{}'::jsonb`);
      await refused(sql`delete from journey_events`);
      await refused(sql`truncate journey_events`);
      await refused(sql`alter table journey_events disable trigger journey_events_no_change`);
      await refused(sql`delete from kysely_migration`);
      // The rest of the schema is the app's to write, and the anonymization's one change to the event log
      // runs as the owner (it strips free text only of anonymized people: here there are none).
      await app.db.insertInto('panel_settings').values({ key: `k-${tag}`, value: 'v' }).execute();
      await app.db.updateTable('panel_settings').set({ value: 'w' }).where('key', '=', `k-${tag}`).execute();
      await app.db.deleteFrom('panel_settings').where('key', '=', `k-${tag}`).execute();
      await sql`select journey_events_strip_free_text(${[randomUUID()]}::uuid[])`.execute(app.db);

      const verify = () =>
        promisify(execFile)('npx', ['tsx', 'scripts/cli.ts', 'audit', 'verify'], { env: { ...process.env, DATABASE_URL: env.DATABASE_URL } }).then(
          (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
          (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
        );
      expect((await verify()).out).toMatch(/audit log chain intact: 3 rows/);
      // The owner can still rewrite a row (it owns the table); the app's role can see that it did.
      await owner.db.transaction().execute(async (tx) => {
        await sql`alter table audit_log disable trigger audit_log_no_change`.execute(tx);
        await sql`update audit_log set entity_id = 'forged' where seq = 2`.execute(tx);
        await sql`alter table audit_log enable trigger audit_log_no_change`.execute(tx);
      });
      const broken = await verify();
      expect(broken.code).toBe(1);
      expect(broken.err).toContain('audit log chain BROKEN at seq 2');
    } finally {
      await app.close();
      await owner.close();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.query(`drop role ${appRole}`);
      await admin.query(`drop role ${ownerRole}`);
      await admin.end();
    }
  }, 180_000); // four commands (tsx) in turn
});

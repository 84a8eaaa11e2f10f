import { sql, type Kysely } from 'kysely';

// The audit log as a hash chain: each row carries seq (its place in the chain) and hash = sha256 of the
// previous row's hash and its own content (audit_log_hash, the one definition, also used by `audit
// verify`). A BEFORE INSERT trigger computes both, whoever writes the row; a transaction-scoped advisory
// lock serialises writers, so concurrent inserts chain one after the other (ids come from a sequence
// before the lock, so they may commit out of order: the chain follows seq, not id).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('seq', 'bigint').addColumn('hash', 'text').execute();
  await sql`
    create function audit_log_hash(prev text, seq bigint, at timestamptz, user_id uuid, action text, entity text, entity_id text, ip text, details jsonb)
    returns text language sql stable as $$
      select encode(sha256(convert_to(jsonb_build_array(
        coalesce(prev, ''), seq, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), user_id, action, entity, entity_id, ip, details
      )::text, 'UTF8')), 'hex')
    $$`.execute(db);
  await sql`
    create function audit_log_chain() returns trigger language plpgsql as $$
    declare last record;
    begin
      perform pg_advisory_xact_lock(hashtext('audit_log_chain'));
      select l.seq, l.hash into last from audit_log l order by l.seq desc limit 1;
      new.seq := coalesce(last.seq, 0) + 1;
      new.hash := audit_log_hash(last.hash, new.seq, new.at, new.user_id, new.action, new.entity, new.entity_id, new.ip, new.details);
      return new;
    end $$`.execute(db);

  // Rows written before the chain: chained now, in id order (the owner runs migrations; the log refuses updates otherwise).
  await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db);
  await sql`
    do $$
    declare r record; prev text; n bigint := 0;
    begin
      for r in select * from audit_log order by id loop
        n := n + 1;
        prev := audit_log_hash(prev, n, r.at, r.user_id, r.action, r.entity, r.entity_id, r.ip, r.details);
        update audit_log set seq = n, hash = prev where id = r.id;
      end loop;
    end $$`.execute(db);
  await sql`alter table audit_log enable trigger audit_log_no_change`.execute(db);

  await sql`alter table audit_log alter column seq set not null, alter column hash set not null`.execute(db);
  await sql`create unique index audit_log_seq on audit_log (seq)`.execute(db);
  await sql`create trigger audit_log_chain before insert on audit_log for each row execute function audit_log_chain()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger audit_log_chain on audit_log`.execute(db);
  await sql`drop function audit_log_chain`.execute(db);
  await sql`drop function audit_log_hash`.execute(db);
  await sql`drop index audit_log_seq`.execute(db);
  await db.schema.alterTable('audit_log').dropColumn('seq').dropColumn('hash').execute();
}

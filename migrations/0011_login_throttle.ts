import { sql, type Kysely } from 'kysely';

// Login throttling shared by every replica (server/login-throttle.ts): one row per e-mail and per address.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table login_throttle (
      key text primary key,
      attempts integer not null default 0,
      window_started_at timestamptz not null,
      locked_until timestamptz,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index login_throttle_updated on login_throttle (updated_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table login_throttle`.execute(db);
}

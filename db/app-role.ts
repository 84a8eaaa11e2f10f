// Two PostgreSQL roles in production: the owner of the tables runs the migrations, the app (server and
// worker) connects as a role that may write the domain tables but only INSERT and SELECT on the audit
// log and the journey event log. Not being their owner, it can neither change them nor disable their
// append-only triggers. `npm run migrate` with MIGRATION_DATABASE_URL (the owner) re-applies these
// grants to DATABASE_URL's role after every migration, so new tables are covered too.
import { sql } from 'kysely';
import type { Db } from './connect';

/** Tables the app may only append to and read. */
export const APPEND_ONLY_TABLES = ['audit_log', 'journey_events'] as const;
/** Kysely's bookkeeping: the app's start-up check only reads it. */
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;

/** The statements, in order (the one definition; the README and the tests point here). */
export function appRoleGrants(role: string): string[] {
  const r = quoteIdent(role);
  const list = (ts: readonly string[]) => ts.join(', ');
  return [
    `grant usage on schema public to ${r}`,
    `grant select, insert, update, delete on all tables in schema public to ${r}`,
    `grant usage, select on all sequences in schema public to ${r}`,
    `revoke insert, update, delete, truncate, references, trigger on ${list(APPEND_ONLY_TABLES)} from ${r}`,
    `grant select, insert on ${list(APPEND_ONLY_TABLES)} to ${r}`,
    `revoke insert, update, delete, truncate on ${list(MIGRATION_TABLES)} from ${r}`,
    `revoke truncate, references, trigger on all tables in schema public from ${r}`,
  ];
}

/** Applies the grants, as the owner, in one transaction. */
export async function grantAppRole(owner: Db, role: string): Promise<void> {
  await owner.transaction().execute(async (tx) => {
    for (const statement of appRoleGrants(role)) await sql.raw(statement).execute(tx);
  });
}

/** The role a connection string names (undefined when it names none). */
export function roleOf(url: string): string | undefined {
  return decodeURIComponent(new URL(url).username) || undefined;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

import { sql, type Kysely } from 'kysely';

// Tasks that can be worked: snoozed to a date (still open, so a resolved cause, a re-assignment or the
// end of a journey still reach it; hidden from Today and the digest, not escalated, until then), and
// closed either by a person (closed_by, with the reason when dismissed) or automatically, by the
// resolution of their cause (close_reason says which).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tasks')
    .addColumn('snoozed_until', 'timestamptz')
    .addColumn('closed_automatically', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  // Every task closed before this migration was closed by its journey (nobody could close one).
  await sql`update tasks set closed_automatically = true where state <> 'open' and closed_by is null`.execute(db);
  await sql`alter table tasks add constraint tasks_state check (state in ('open', 'done', 'dismissed'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table tasks drop constraint tasks_state`.execute(db);
  await db.schema.alterTable('tasks').dropColumn('closed_automatically').dropColumn('snoozed_until').execute();
}

import { sql, type Kysely } from 'kysely';

// The IŚR (att. 8) as a document with a history: every revision (diagnosis, goals, the planned forms
// with hours, period and provider, why it changed, who and when) is kept; support_plan stays the
// current plan (what attendance is measured against), now with each form's period and provider.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('isr_revisions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('diagnosis', 'text', (c) => c.notNull())
    .addColumn('goals', 'text', (c) => c.notNull())
    .addColumn('items', 'jsonb', (c) => c.notNull())
    // Null for the first version only (the journey refuses a later revision without one).
    .addColumn('reason', 'text')
    .addColumn('revised_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('revised_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('isr_revisions_application_revision', ['application_id', 'revision'])
    .execute();
  await db.schema
    .alterTable('support_plan')
    .addColumn('period_from', 'date')
    .addColumn('period_to', 'date')
    .addColumn('provider', 'text')
    .execute();
  await sql`comment on table isr_revisions is 'IŚR revisions: append-only, written by the journey'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('support_plan').dropColumn('provider').dropColumn('period_to').dropColumn('period_from').execute();
  await db.schema.dropTable('isr_revisions').execute();
}

import { sql, type Kysely } from 'kysely';

// One person, one application per project, and corrections of the participant's data (GDPR art. 16).
// The unique index is the guard against two registrations racing (a check before the insert is only the
// friendly answer): every application of the project counts, whatever its stage (rejected, resigned,
// ended), since the project reports each person once; only anonymized ones do not (their PESEL is blank,
// the retention period is over). A database that already holds such a pair must resolve it first: the
// index cannot be built over it (the error names the index).
// A correction keeps the old and the new value of each field, with its reason, beside the journey's event
// that made it (the timeline shows "old -> new"); the anonymization blanks them like the rest.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unique index applications_project_pesel_key on applications (project_id, pesel) where anonymized_at is null`.execute(db);
  await db.schema
    .createTable('corrections')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('journey_events.id').onDelete('cascade'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('reason', 'text')
    .addColumn('corrected_by', 'uuid')
    .addColumn('corrected_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('corrections_event_field_key', ['event_id', 'field'])
    .execute();
  await db.schema.createIndex('corrections_application_idx').on('corrections').column('application_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('corrections').execute();
  await sql`drop index applications_project_pesel_key`.execute(db);
}

import { sql, type Kysely } from 'kysely';

// Sessions of a support form (date, start, hours, place, who leads) and their groups; an attendance row
// remembers the session whose sheet recorded it, and an absence may be justified by a sick leave too.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('support_sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('form_code', 'text', (c) => c.notNull())
    .addColumn('session_on', 'date', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull().check(sql`starts_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`))
    .addColumn('hours', 'double precision', (c) => c.notNull().check(sql`hours > 0 and hours <= 24`))
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('leader_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('support_sessions_project_day').on('support_sessions').columns(['project_id', 'session_on']).execute();
  await db.schema
    .createTable('support_session_members')
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('support_sessions.id').onDelete('cascade'))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('support_session_members_pk', ['session_id', 'application_id'])
    .execute();
  await db.schema.alterTable('attendance').addColumn('session_id', 'uuid', (c) => c.references('support_sessions.id').onDelete('set null')).execute();
  await sql`alter table attendance drop constraint attendance_justification_check`.execute(db);
  await sql`alter table attendance add constraint attendance_justification_check check (justification in ('written', 'phone', 'sick_leave'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table attendance drop constraint attendance_justification_check`.execute(db);
  await sql`alter table attendance add constraint attendance_justification_check check (justification in ('written', 'phone'))`.execute(db);
  await db.schema.alterTable('attendance').dropColumn('session_id').execute();
  await db.schema.dropTable('support_session_members').execute();
  await db.schema.dropTable('support_sessions').execute();
}

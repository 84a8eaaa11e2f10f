import { sql, type Kysely } from 'kysely';

// The participants list with 100,000 applications (bench/RESULTS.md): its sort orders read an index for
// the first page instead of sorting every row, and the next-due column reads open tasks by application.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('applications_by_name').on('applications').columns(['last_name', 'first_name', 'id']).execute();
  await db.schema.createIndex('applications_by_received').on('applications').columns(['received_at', 'id']).execute();
  await sql`create index tasks_open_due on tasks (application_id, due_at) where state = 'open'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tasks_open_due').execute();
  await db.schema.dropIndex('applications_by_received').execute();
  await db.schema.dropIndex('applications_by_name').execute();
}

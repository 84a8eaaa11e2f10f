import { sql, type Kysely } from 'kysely';

// Tasks: every reminder is a task for a user or a role. The journeys open and resolve them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Idempotency: the workflow derives the key (e.g. `<applicationId>:sign-reminder:1`), so a retried
    // activity or a replay never opens the same reminder twice.
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('application_id', 'uuid')
    .addColumn('project_id', 'uuid')
    .addColumn('assignee_role', 'text', (c) => c.notNull())
    .addColumn('assignee_user_id', 'uuid')
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_by', 'uuid')
    .addColumn('close_reason', 'text')
    .execute();
  await db.schema.createIndex('tasks_open_by_role').on('tasks').columns(['state', 'assignee_role', 'due_at']).execute();
  await db.schema.createIndex('tasks_by_application').on('tasks').columns(['application_id', 'kind', 'state']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tasks').execute();
}

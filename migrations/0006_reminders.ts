import { sql, type Kysely } from 'kysely';

// Reminders that reach people: the mail outbox (exactly-once delivery) and the escalation chain per project.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // One message per reminder and recipient: `task:<taskId>:<userId>`, `digest:<day>:<userId>`.
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('task_id', 'uuid', (c) => c.references('tasks.id').onDelete('set null'))
    .addColumn('to_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('link', 'text', (c) => c.notNull())
    // pending -> sending (claimed, leased) -> sent | failed | unconfirmed; pending -> kept (no SMTP configured).
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending', 'sending', 'sent', 'kept', 'failed', 'unconfirmed')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // The claim: who holds the row and until when (database clock).
    .addColumn('claim_token', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('lease_until', 'timestamptz')
    // Set, under a valid lease, just before the message goes to the SMTP server: after this moment a
    // lost holder means "may have been delivered", and the row is never sent again automatically.
    .addColumn('handed_over_at', 'timestamptz')
    .addColumn('smtp_message_id', 'text', (c) => c.notNull())
    .addColumn('smtp_response', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('outbox_by_status').on('outbox').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('outbox_by_task').on('outbox').columns(['task_id']).execute();

  // Who hears about an overdue task next, and after how many working days. No row: the default chain.
  await db.schema
    .createTable('escalation_chains')
    .addColumn('project_id', 'uuid', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('chain', 'jsonb', (c) => c.notNull())
    .addColumn('after_working_days', 'integer', (c) => c.notNull().check(sql`after_working_days >= 0`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('escalation_chains').execute();
  await db.schema.dropTable('outbox').execute();
}

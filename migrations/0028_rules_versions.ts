import { sql, type Kysely } from 'kysely';

// Rules versions the director issues from the panel (issue 15 item 3): the day each takes effect, the act
// that approved it, and the bulk migrations of running journeys to a version, each journey's outcome kept
// (the progress display counts them; a journey that could not move says why).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('project_rules').addColumn('effective_from', 'date').addColumn('approved_by_act', 'text').execute();
  await db.schema
    .createTable('rules_migrations')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('to_version', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('started_by', 'uuid', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('rules_migration_items')
    .addColumn('migration_id', 'uuid', (c) => c.notNull().references('rules_migrations.id').onDelete('cascade'))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('migrated', 'skipped')`))
    .addColumn('reason', 'jsonb')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('rules_migration_items_pk', ['migration_id', 'application_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rules_migration_items').execute();
  await db.schema.dropTable('rules_migrations').execute();
  await db.schema.alterTable('project_rules').dropColumn('effective_from').dropColumn('approved_by_act').execute();
}

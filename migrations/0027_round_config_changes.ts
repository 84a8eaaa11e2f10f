import type { Kysely } from 'kysely';

// Places and quotas edited while the round runs (issue 15 item 3): each change as the round applied it
// (written by its reconfigure Update), listed on the recruitment page.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('round_config_changes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().unique())
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('places_from', 'integer')
    .addColumn('places_to', 'integer', (c) => c.notNull())
    .addColumn('quotas_changed', 'boolean', (c) => c.notNull())
    .addColumn('promoted', 'integer', (c) => c.notNull())
    .addColumn('changed_by', 'uuid')
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('round_config_changes_project_idx').on('round_config_changes').columns(['project_id', 'changed_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('round_config_changes').execute();
}

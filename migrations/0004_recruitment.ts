import { sql, type Kysely } from 'kysely';

// Recruitment: the commission's sittings, its decisions, and the ranking projection the round workflow
// (the single writer of places) keeps up to date for the ranking page. Application ids have no foreign
// key: the applications table belongs to the journey (0003) and a round may hear of a candidate first.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sittings')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('held_on', 'date')
    .addColumn('members', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_by', 'text')
    // Frozen at closing: application ids in list order.
    .addColumn('participants', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('reserve_list', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('protocol_pdf', 'bytea')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('approved_by', 'text')
    .addUniqueConstraint('sittings_project_seq', ['project_id', 'seq'])
    .execute();

  // The current decision per candidate (a promotion turns reserve into qualified, from_reserve = true).
  await db.schema
    .createTable('decisions')
    .addColumn('application_id', 'uuid', (c) => c.primaryKey())
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('sitting_id', 'uuid', (c) => c.notNull().references('sittings.id'))
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reserve_position', 'integer')
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .addColumn('from_reserve', 'boolean', (c) => c.notNull().defaultTo(false))
    // The round's revision of this row: a late (retried) write never overwrites a newer one.
    .addColumn('rev', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_by_sitting').on('decisions').columns(['sitting_id', 'decision']).execute();

  // What the ranking page shows, written by the round only.
  await db.schema
    .createTable('round_candidates')
    .addColumn('application_id', 'uuid', (c) => c.primaryKey())
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('disability', 'boolean', (c) => c.notNull())
    .addColumn('target_group', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sitting_seq', 'integer')
    .addColumn('reserve_position', 'integer')
    .addColumn('from_reserve', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('left_reason', 'text')
    .addColumn('rev', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('round_candidates_by_project').on('round_candidates').columns(['project_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('round_candidates').execute();
  await db.schema.dropTable('decisions').execute();
  await db.schema.dropTable('sittings').execute();
}

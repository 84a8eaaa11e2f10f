import { sql, type Kysely } from 'kysely';

// The participant journey: the person's record (the only home of their personal data), the documents
// they signed, the support plan, attendance, follow-ups, letters, and the append-only journey event log.
// The workflow writes all of it through activities, idempotently; lists read it, never Temporal.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('applications')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id'))
    // The request that created it: a retried submission finds its row instead of creating a second.
    .addColumn('request_id', 'text', (c) => c.unique())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('pesel', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'date', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull().check(sql`sex in ('K', 'M')`))
    .addColumn('disability', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('target_group', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    // To the second: it breaks ties in the ranking.
    .addColumn('received_at', sql`timestamptz(0)`, (c) => c.notNull())
    .addColumn('original_pending', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('original_received_on', 'date')
    .addColumn('social_worker_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('rules_version', 'integer', (c) => c.notNull())
    // A projection of the workflow's stage, for lists and dashboards.
    .addColumn('stage', 'text', (c) => c.notNull().defaultTo('applied'))
    .addColumn('points', 'integer')
    .addColumn('scores', 'jsonb')
    .addColumn('opinion', 'text')
    .addColumn('decision', 'text')
    .addColumn('reserve_position', 'integer')
    .addColumn('rejection_reason', 'text')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('participation_started_on', 'date')
    .addColumn('job_found_on', 'date')
    .addColumn('ended_on', 'date')
    .addColumn('end_reason', 'text')
    .addColumn('end_note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('applications_project_stage').on('applications').columns(['project_id', 'stage']).execute();

  await db.schema
    .createTable('documents')
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('signed_on', 'date', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('documents_pk', ['application_id', 'kind'])
    .execute();

  await db.schema
    .createTable('support_plan')
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('form_code', 'text', (c) => c.notNull())
    .addColumn('hours', 'double precision', (c) => c.notNull())
    .addColumn('planned_by', 'uuid')
    .addColumn('planned_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('support_plan_pk', ['application_id', 'form_code'])
    .execute();

  await db.schema
    .createTable('attendance')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('session_on', 'date', (c) => c.notNull())
    .addColumn('form_code', 'text', (c) => c.notNull())
    .addColumn('planned_hours', 'double precision', (c) => c.notNull())
    .addColumn('attended_hours', 'double precision', (c) => c.notNull())
    .addColumn('absent', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('justified', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('justification', 'text', (c) => c.check(sql`justification in ('written', 'phone')`))
    .addColumn('justified_on', 'date')
    .addColumn('recorded_by', 'uuid')
    .addUniqueConstraint('attendance_session_unique', ['application_id', 'session_on', 'form_code'])
    .execute();

  await db.schema
    .createTable('follow_ups')
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number in (1, 2)`))
    .addColumn('recorded_on', 'date', (c) => c.notNull())
    .addColumn('on_time', 'boolean', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid')
    .addPrimaryKeyConstraint('follow_ups_pk', ['application_id', 'number'])
    .execute();

  // Append-only: each transition once, keyed by a key the workflow derives (update id, signal or
  // timer sequence), so retried activities and replays never write an event twice.
  await db.schema
    .createTable('journey_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('event_key', 'text', (c) => c.notNull().unique())
    .addColumn('actor_id', 'uuid')
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('stage_before', 'text')
    .addColumn('stage_after', 'text')
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('journey_events_by_application').on('journey_events').columns(['application_id', 'id']).execute();
  await sql`
    create function journey_events_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and not exists (select 1 from applications where id = old.application_id) then return old; end if;
      raise exception 'journey_events is append-only';
    end $$`.execute(db);
  await sql`
    create trigger journey_events_no_change before update or delete on journey_events
    for each row execute function journey_events_append_only()`.execute(db);

  await db.schema
    .createTable('letters')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('pdf', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_on', 'date')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('sent_by', 'uuid')
    .execute();
  await db.schema.createIndex('letters_by_application').on('letters').columns(['application_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['letters', 'journey_events', 'follow_ups', 'attendance', 'support_plan', 'documents', 'applications'])
    await db.schema.dropTable(t).execute();
  await sql`drop function journey_events_append_only`.execute(db);
}

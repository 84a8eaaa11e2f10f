import { sql, type Kysely } from 'kysely';

// The commission corrects its own decision in the same sitting (issue 20 item 3): each correction with
// its reason, written by the round's correctDecision Update, printed in the sitting's protocol. A letter
// the correction made obsolete leaves the queue with the cause 'corrected'. And the application's eligibility evidence (below).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('decision_corrections')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().unique())
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('sitting_id', 'uuid', (c) => c.notNull().references('sittings.id').onDelete('cascade'))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('from_decision', 'text', (c) => c.notNull())
    .addColumn('to_decision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('corrected_by', 'uuid')
    .addColumn('corrected_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decision_corrections_sitting_idx').on('decision_corrections').column('sitting_id').execute();
  await sql`alter table letters drop constraint if exists letters_superseded_reason_check`.execute(db);
  await sql`alter table letters add constraint letters_superseded_reason_check check (superseded_reason in ('promoted', 'withdrawn', 'corrected'))`.execute(db);
  // Eligibility (issue 20 item 5): a client of the centre, the evidence of each condition (condition,
  // kind, date), and the person at risk an "otoczenie" participant accompanies.
  await db.schema
    .alterTable('applications')
    .addColumn('centre_client', 'boolean')
    .addColumn('eligibility_evidence', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('accompanies_id', 'uuid', (c) => c.references('applications.id').onDelete('set null'))
    .execute();
  // The anonymization strips a corrected decision's and an undone ending's reasons from the event log too.
  await stripFunction(db, `(case when e.type in ('decided', 'decision_corrected', 'ending_undone') then 'reason' else '' end)`);
}

/** journey_events_strip_free_text (migration 0015) with the event types whose 'reason' is free text. */
async function stripFunction(db: Kysely<any>, reasonOf: string) {
  await sql.raw(`
    create or replace function journey_events_strip_free_text(ids uuid[]) returns void
    language plpgsql security definer set search_path = public as $$
    begin
      perform set_config('sciezka.anonymizing', 'on', true);
      update journey_events e
         set payload = e.payload - 'note' - 'opinion' - 'evidence' - 'comment' - 'scores' - ${reasonOf}
       where e.application_id = any(ids)
         and exists (select 1 from applications a where a.id = e.application_id and a.anonymized_at is not null);
      perform set_config('sciezka.anonymizing', 'off', true);
    end $$`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await stripFunction(db, `(case when e.type = 'decided' then 'reason' else '' end)`);
  await db.schema.alterTable('applications').dropColumn('accompanies_id').dropColumn('eligibility_evidence').dropColumn('centre_client').execute();
  await sql`alter table letters drop constraint if exists letters_superseded_reason_check`.execute(db);
  await sql`alter table letters add constraint letters_superseded_reason_check check (superseded_reason in ('promoted', 'withdrawn'))`.execute(db);
  await db.schema.dropTable('decision_corrections').execute();
}

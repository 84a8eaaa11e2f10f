import { sql, type Kysely } from 'kysely';

// Data protection: a withdrawn consent (image use, att. 3) stays on record but no longer counts; an
// anonymized participant keeps what the indicators need and loses what identifies them. The journey
// event log stays append-only, except for the anonymization, which a transaction announces by setting
// sciezka.anonymizing (it may only strip free text from payloads).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('documents')
    .addColumn('withdrawn_on', 'date')
    .addColumn('withdrawn_by', 'uuid')
    .execute();
  await db.schema.alterTable('applications').addColumn('anonymized_at', 'timestamptz').execute();
  await sql`
    create or replace function journey_events_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and not exists (select 1 from applications where id = old.application_id) then return old; end if;
      if tg_op = 'UPDATE' and current_setting('sciezka.anonymizing', true) = 'on'
         and new.id = old.id and new.event_key = old.event_key and new.type = old.type
         and new.occurred_at = old.occurred_at and new.application_id = old.application_id then return new; end if;
      raise exception 'journey_events is append-only';
    end $$`.execute(db);
  // Row triggers do not see TRUNCATE: the audit log refuses it too.
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger audit_log_no_truncate on audit_log`.execute(db);
  await db.schema.alterTable('applications').dropColumn('anonymized_at').execute();
  await db.schema.alterTable('documents').dropColumn('withdrawn_on').dropColumn('withdrawn_by').execute();
}

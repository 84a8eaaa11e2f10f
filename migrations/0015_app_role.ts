import { sql, type Kysely } from 'kysely';

// The app's role may only INSERT and SELECT on the journey event log (db/app-role.ts). The one change the
// log allows, stripping free text from the payloads of anonymized or erased people, runs here as the
// owner (security definer), so the app needs no UPDATE on the table and cannot rewrite an event itself.
// The keys are domain/gdpr.ts' FREE_TEXT_KEYS as of this migration (plus a decision's reason).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function journey_events_strip_free_text(ids uuid[]) returns void
    language plpgsql security definer set search_path = public as $$
    begin
      perform set_config('sciezka.anonymizing', 'on', true);
      update journey_events e
         set payload = e.payload - 'note' - 'opinion' - 'evidence' - 'comment' - (case when e.type = 'decided' then 'reason' else '' end)
       where e.application_id = any(ids)
         and exists (select 1 from applications a where a.id = e.application_id and a.anonymized_at is not null);
      perform set_config('sciezka.anonymizing', 'off', true);
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function journey_events_strip_free_text`.execute(db);
}

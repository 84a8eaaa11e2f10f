import { sql, type Kysely } from 'kysely';

// The app's role may only INSERT and SELECT on the journey event log (db/app-role.ts). The one change the
// log allows, stripping free text from the payloads of anonymized or erased people, runs here as the
// owner (security definer), so the app needs no UPDATE on the table and cannot rewrite an event itself.
// The keys are domain/gdpr.ts' FREE_TEXT_KEYS as of this migration, the per-criterion scores (the
// total points stay, the ranking and indicators use them) and a decision's reason.
//
// API tokens expire (at most a year after their creation, db and service agree) and have a scope; a token
// is its owner's own or a service account's (users.service_account: no password login). Tokens that
// existed before get 90 days from now, so integrations have time to be given new ones.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('service_account', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await db.schema
    .alterTable('api_tokens')
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo('read-write').check(sql`scope in ('read', 'read-write')`))
    .addColumn('expires_at', 'timestamptz')
    .execute();
  await sql`update api_tokens set expires_at = now() + interval '90 days'`.execute(db);
  await sql`alter table api_tokens alter column expires_at set not null`.execute(db);
  await sql`alter table api_tokens alter column scope drop default`.execute(db);
  await sql`
    create function journey_events_strip_free_text(ids uuid[]) returns void
    language plpgsql security definer set search_path = public as $$
    begin
      perform set_config('sciezka.anonymizing', 'on', true);
      update journey_events e
         set payload = e.payload - 'note' - 'opinion' - 'evidence' - 'comment' - 'scores' - (case when e.type = 'decided' then 'reason' else '' end)
       where e.application_id = any(ids)
         and exists (select 1 from applications a where a.id = e.application_id and a.anonymized_at is not null);
      perform set_config('sciezka.anonymizing', 'off', true);
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function journey_events_strip_free_text`.execute(db);
  await db.schema.alterTable('api_tokens').dropColumn('scope').dropColumn('expires_at').execute();
  await db.schema.alterTable('users').dropColumn('service_account').execute();
}

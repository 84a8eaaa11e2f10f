import { sql, type Kysely } from 'kysely';

// The regulations' checks (issue 15 item 4): a qualification out of rank order records whom it passed over
// and the commission's written justification (printed in the protocol); an application dated outside the
// recruitment period or received on a day off carries its flags (shown to staff).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table decisions add column justification text, add column passed_over jsonb not null default '[]'::jsonb`.execute(db);
  await sql`alter table applications add column intake_flags jsonb not null default '[]'::jsonb`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table applications drop column intake_flags`.execute(db);
  await sql`alter table decisions drop column justification, drop column passed_over`.execute(db);
}

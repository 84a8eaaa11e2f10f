import { sql, type Kysely } from 'kysely';

// An honest record (issue 15): an application withdrawn through its journey keeps why (the applicant's
// request, or entered by mistake) and the note; a letter a later step made obsolete (a result letter
// after a promotion, any unsent letter after a withdrawal) leaves the queue with the cause.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('applications')
    .addColumn('withdrawal_reason', 'text', (c) => c.check(sql`withdrawal_reason in ('applicant_request', 'entered_by_mistake')`))
    .addColumn('withdrawal_note', 'text')
    .execute();
  await db.schema
    .alterTable('letters')
    .addColumn('superseded_at', 'timestamptz')
    .addColumn('superseded_reason', 'text', (c) => c.check(sql`superseded_reason in ('promoted', 'withdrawn')`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('letters').dropColumn('superseded_reason').dropColumn('superseded_at').execute();
  await db.schema.alterTable('applications').dropColumn('withdrawal_note').dropColumn('withdrawal_reason').execute();
}

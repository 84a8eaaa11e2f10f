import type { Kysely } from 'kysely';

// The SL2014 labour-market status at entry: the employment-efficiency indicator leaves out those who
// were already working, and the monitoring export reports it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('applications').addColumn('labour_status', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('applications').dropColumn('labour_status').execute();
}

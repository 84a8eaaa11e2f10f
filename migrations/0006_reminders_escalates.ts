import type { Kysely } from 'kysely';

// Which tasks escalate along the project's chain: only those whose opener asks for it. The journey
// escalates some of its tasks with its own timers (signing, follow-ups); escalating them again here
// would tell the coordinator and the director twice.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('escalates', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').dropColumn('escalates').execute();
}

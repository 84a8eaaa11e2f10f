// A project's settings that both the services and the activities read: the regulations in effect on a day
// (the newest stored version whose effective day has come; a version issued ahead waits for its day) and
// the escalation chain of overdue tasks.
import { DEFAULT_ESCALATION, type EscalationChain } from '../domain/reminders';
import type { IsoDate, ProjectRules } from '../domain/types';
import type { Db } from './connect';

export async function rulesInEffect(db: Db, projectId: string, day: IsoDate): Promise<ProjectRules | undefined> {
  const row = await db
    .selectFrom('project_rules')
    .select(['rules', 'version'])
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('effective_from', 'is', null), eb('effective_from', '<=', day)]))
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  // The column is the version's number (older rows' JSON may lack it).
  return row && { ...row.rules, version: row.version };
}

/** Who hears about an overdue task next: the project's chain, or the default one while it sets none. */
export async function escalationChain(db: Db, projectId: string | null): Promise<EscalationChain> {
  if (!projectId) return DEFAULT_ESCALATION;
  const row = await db.selectFrom('escalation_chains').select(['chain', 'after_working_days']).where('project_id', '=', projectId).executeTakeFirst();
  return row ? { chain: row.chain, afterWorkingDays: row.after_working_days } : DEFAULT_ESCALATION;
}

// Side effects of the bulk rules migration (workflows/rules-migration.ts): one journey's migrateRules
// Update, its outcome stored once (a retried activity finds it and answers the same), and the end.
import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { journeyUpdates, journeyWorkflowId, NOT_ALLOWED_NOW } from '../contracts/journey';
import { readMessage } from '../i18n';
import type { ActivityDeps } from './deps';

export function createRulesMigrationActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    async migrateJourneyRules(input: { migrationId: string; applicationId: string; toVersion: number; actorId: string }): Promise<'migrated' | 'skipped'> {
      const done = await db
        .selectFrom('rules_migration_items')
        .select('outcome')
        .where('migration_id', '=', input.migrationId)
        .where('application_id', '=', input.applicationId)
        .executeTakeFirst();
      if (done) return done.outcome;
      if (!deps.temporal) throw ApplicationFailure.nonRetryable('the worker has no Temporal client', 'Misconfigured');
      const handle = deps.temporal.workflow.getHandle(journeyWorkflowId(input.applicationId));
      let reason: ReturnType<typeof readMessage> | null = null;
      try {
        // One Update id per migration and journey: a retry after a lost answer is the same Update.
        await handle.executeUpdate(journeyUpdates.migrateRules, {
          args: [{ toVersion: input.toVersion, actorId: input.actorId }],
          updateId: `${input.migrationId}:${input.applicationId}`,
        });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === NOT_ALLOWED_NOW) {
          reason = readMessage(err.cause.details?.[0]) ?? { key: 'rulesMigration.refused' };
        } else if (err instanceof WorkflowNotFoundError) {
          reason = { key: 'refusal.participantJourneyClosed' };
        } else throw err;
      }
      const outcome = reason ? 'skipped' : 'migrated';
      await db
        .insertInto('rules_migration_items')
        .values({ migration_id: input.migrationId, application_id: input.applicationId, outcome, reason: reason ? JSON.stringify(reason) : null })
        .onConflict((oc) => oc.columns(['migration_id', 'application_id']).doNothing())
        .execute();
      return outcome;
    },

    async finishRulesMigration(input: { migrationId: string }): Promise<void> {
      await db.updateTable('rules_migrations').set({ finished_at: deps.now() }).where('id', '=', input.migrationId).where('finished_at', 'is', null).execute();
    },
  };
}

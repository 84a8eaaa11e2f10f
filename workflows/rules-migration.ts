// A director's bulk migration of running journeys to a newer rules version (issue 15 item 3). Each journey
// gets its own migrateRules Update through an activity (a workflow cannot send Updates), a few at a time
// so a large project does not flood the worker; every outcome is stored as it comes (the progress
// display). A journey that cannot move (closed meanwhile, already newer) is skipped with its reason.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RulesMigrationInput, RulesMigrationResult } from '../contracts/rules-migration';

const { migrateJourneyRules, finishRulesMigration } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // Temporal unreachable from the activity, a journey's worker busy: retried; refusals are outcomes.
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Journeys migrated at once: enough to keep the worker busy, few enough not to crowd out live work. */
const AT_ONCE = 4;

export async function rulesMigration(input: RulesMigrationInput): Promise<RulesMigrationResult> {
  const result: RulesMigrationResult = { migrated: 0, skipped: 0 };
  for (let i = 0; i < input.applicationIds.length; i += AT_ONCE) {
    const batch = input.applicationIds.slice(i, i + AT_ONCE);
    const outcomes = await Promise.all(
      batch.map((applicationId) => migrateJourneyRules({ migrationId: input.migrationId, applicationId, toVersion: input.toVersion, actorId: input.actorId })),
    );
    for (const o of outcomes) result[o]++;
  }
  await finishRulesMigration({ migrationId: input.migrationId });
  return result;
}

// The bulk rules migration's contract: a director moves a project's running journeys to a newer rules
// version; one workflow per migration sends each journey its migrateRules Update and keeps each outcome.
export const RULES_MIGRATION_WORKFLOW_TYPE = 'rulesMigration';
export const rulesMigrationWorkflowId = (migrationId: string) => `rules-migration-${migrationId}`;

export interface RulesMigrationInput {
  migrationId: string;
  toVersion: number;
  /** The director who started it: each journey records the change as theirs. */
  actorId: string;
  /** Ids only (as every workflow input): the journeys the preview showed. */
  applicationIds: string[];
}

export interface RulesMigrationResult {
  migrated: number;
  skipped: number;
}

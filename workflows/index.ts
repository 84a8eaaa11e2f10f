// Entry point of the workflow bundle (Worker workflowsPath). Only deterministic code may be reached
// from here: @temporalio/workflow, domain/ rules, contracts/ and activity types; lint forbids Node built-ins.
import type { JOURNEY_WORKFLOW_TYPE } from '../contracts/journey';
import type { DAILY_DIGEST_WORKFLOW_TYPE, RESEND_MAIL_WORKFLOW_TYPE, TASK_REMINDER_WORKFLOW_TYPE } from '../contracts/reminders';
import type { ROUND_WORKFLOW_TYPE } from '../contracts/round';
import type { RULES_MIGRATION_WORKFLOW_TYPE } from '../contracts/rules-migration';

export { dailyDigest, resendMail, taskReminder } from './reminders';
export { participantJourney } from './journey';
export { recruitmentRound } from './round';
export { rulesMigration } from './rules-migration';

// The workflow types the contracts name are the functions exported here: renaming either side fails tsc.
type ContractTypes =
  | typeof JOURNEY_WORKFLOW_TYPE | typeof ROUND_WORKFLOW_TYPE
  | typeof TASK_REMINDER_WORKFLOW_TYPE | typeof DAILY_DIGEST_WORKFLOW_TYPE | typeof RESEND_MAIL_WORKFLOW_TYPE
  | typeof RULES_MIGRATION_WORKFLOW_TYPE;
type Assert<T extends true> = T;
export type ContractTypesExported = Assert<ContractTypes extends keyof typeof import('./index') ? true : false>;

// Activities: every side effect of the workflows. Each feature contributes its own factory, built from
// the shared dependencies (./deps); this module only puts them together for the worker, and gives the
// workflows the type they proxy.
import type { ActivityDeps } from './deps';
import { createJourneyActivities } from './journey';
import { createMailActivities } from './mail';
import { createReminderActivities } from './reminders';
import { createRoundActivities } from './round';
import { createRulesMigrationActivities } from './rules-migration';
import { createTaskActivities } from './tasks';

export function createActivities(deps: ActivityDeps) {
  return {
    ...createTaskActivities(deps),
    ...createRoundActivities(deps),
    ...createMailActivities(deps),
    ...createReminderActivities(deps),
    ...createJourneyActivities(deps),
    ...createRulesMigrationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

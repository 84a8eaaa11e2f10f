// Activities: every side effect of the workflows. Built by a factory so the worker and the tests
// hand in real dependencies (database, mailer, clock). Each feature contributes its own factory.
import type { Client } from '@temporalio/client';
import type { Db } from '../db/connect';
import { createJourneyActivities } from './journey';
import { createTaskActivities } from './tasks';

export interface ActivityDeps {
  db: Db;
  /** Injected so tests can pin "now" for side effects that stamp time. */
  now: () => Date;
  /** For activities that message other workflows (signal-with-start the recruitment round). */
  temporal?: Client;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createTaskActivities(deps),
    ...createJourneyActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

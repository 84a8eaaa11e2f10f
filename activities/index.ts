// Activities: every side effect of the workflows. Built by a factory so the worker and the tests
// hand in real dependencies (database, mailer, clock).
import type { Db } from '../db/connect';

export interface ActivityDeps {
  db: Db;
  /** Injected so tests can pin "now" for side effects that stamp time. */
  now: () => Date;
}

export function createActivities(_deps: ActivityDeps) {
  return {};
}

export type Activities = ReturnType<typeof createActivities>;

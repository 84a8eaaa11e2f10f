// Activities: every side effect of the workflows. Built by a factory so the worker and the tests
// hand in real dependencies (database, mailer, clock). Each feature contributes its own factory.
import type { Client } from '@temporalio/client';
import type { Db } from '../db/connect';
import { createRoundActivities } from './round';
import { createMailActivities, type MailDeps } from './mail';
import { createReminderActivities } from './reminders';
import { createJourneyActivities } from './journey';
import { createTaskActivities } from './tasks';

export interface ActivityDeps {
  db: Db;
  /** Injected so tests can pin "now" for side effects that stamp time. */
  now: () => Date;
  /** The mailer and the public URL for links; absent: the development default (kept in the outbox). */
  mail?: MailDeps;
  /** For activities that message other workflows (signal-with-start the recruitment round). */
  temporal?: Client;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createTaskActivities(deps),
    ...createRoundActivities(deps),
    ...createMailActivities(deps),
    ...createReminderActivities(deps),
    ...createJourneyActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

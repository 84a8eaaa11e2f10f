import type { Client } from '@temporalio/client';
import type { Db } from '../db/connect';
import type { Config } from '../runtime/config';

/** What the HTTP side needs; tests build it from real parts. */
export interface ServerDeps {
  config: Config;
  db: Db;
  temporal: Client;
  /** Link to the Temporal Web UI, if there is one. */
  temporalUiUrl: string | undefined;
}

/** What the services that act on journeys need: the database, Temporal, the task queue, the Update deadline. */
export function serviceDeps(deps: ServerDeps) {
  return { db: deps.db, temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue, updateTimeoutMs: deps.config.temporal.updateTimeoutMs };
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: ServerDeps;
  }
}

// Starts: applications submitted through the API (a row and a started journey each) per second, against
// bare `client.workflow.start` of a trivial workflow on the same dev server, at the same concurrency.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import { log } from './processes';
import { apiClient, benchPesel, type BenchUser, type DevStack } from './stack';
import { round, throughput } from './stats';

export interface StartsResult {
  n: number;
  concurrency: number;
  appPerSecond: number;
  barePerSecond: number;
  /** app / bare: at least 0.8 is the target. */
  ratio: number;
  /** Wall time until every started journey had written its first event (after the last start). */
  appSettledSeconds: number;
}

let serial = 0;

export function applicationBody(projectId: string) {
  const n = serial++;
  return { projectId, firstName: 'Zofia', lastName: `Bench${n}`, pesel: benchPesel(n), sex: 'K', disability: false, targetGroup: 'osi', channel: 'in_person' };
}

/** Submits through the API; returns the application ids. */
async function submitMany(stack: DevStack, user: BenchUser, projectId: string, n: number, concurrency: number): Promise<{ ids: string[]; perSecond: number }> {
  const post = apiClient(stack.baseUrl, user);
  const ids: string[] = [];
  const perSecond = await throughput(n, concurrency, async () => {
    const res = await post('/applications', applicationBody(projectId), 201);
    ids.push(res.id as string);
  });
  return { ids, perSecond };
}

/** Waits until every one of these journeys has written its first event (the worker caught up). */
async function waitForJourneys(db: Db, ids: string[], timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<{ n: number }>`select count(distinct application_id)::int as n from journey_events where application_id = any(${ids}::uuid[])`.execute(db);
    if (rows[0]!.n >= ids.length) return;
    if (Date.now() > deadline) throw new Error(`only ${rows[0]!.n} of ${ids.length} journeys began in time`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function benchStarts(stack: DevStack, db: Db, user: BenchUser, projectId: string, n: number, concurrency: number): Promise<StartsResult & { ids: string[] }> {
  const bareStart = () =>
    stack.client.workflow.start('benchTrivial', { taskQueue: stack.baselineQueue, workflowId: `bench-trivial-${randomUUID()}` });
  // Warm-up: connections, JIT, the round's and the journeys' first workflow tasks.
  const warm = Math.min(20, n);
  await throughput(warm, concurrency, bareStart);
  const warmed = await submitMany(stack, user, projectId, warm, concurrency);
  await waitForJourneys(db, warmed.ids);

  log(`starts: ${n} bare workflow starts`);
  const barePerSecond = await throughput(n, concurrency, bareStart);
  log(`starts: ${n} applications through the API`);
  const app = await submitMany(stack, user, projectId, n, concurrency);
  const t0 = performance.now();
  await waitForJourneys(db, app.ids);
  const appSettledSeconds = (performance.now() - t0) / 1000;
  return {
    n,
    concurrency,
    appPerSecond: round(app.perSecond, 1),
    barePerSecond: round(barePerSecond, 1),
    ratio: round(app.perSecond / barePerSecond, 3),
    appSettledSeconds: round(appSettledSeconds, 1),
    ids: [...warmed.ids, ...app.ids],
  };
}

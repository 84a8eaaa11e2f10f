// Decisions: the commission's decision through the API (HTTP -> Update on the project's round ->
// ranking written to the database -> response) against a bare Temporal Update round trip on a workflow
// that answers at once. Timed alternately, so both see the same background load.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import { getRanking } from '../server/services/recruitment';
import { benchPingUpdate } from './messages';
import { log } from './processes';
import { apiClient, BENCH_SCORES, type BenchUser, type DevStack } from './stack';
import { round, summarize, type LatencySummary } from './stats';

export interface DecisionsResult {
  n: number;
  app: LatencySummary;
  bare: LatencySummary;
  ratioP50: number;
  /** app p95 / bare p95: at most 1.5 is the target. */
  ratioP95: number;
}

async function waitForCandidates(db: Db, projectId: string, n: number): Promise<void> {
  for (let i = 0; i < 2400; i++) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from round_candidates where project_id = ${projectId}`.execute(db);
    if (rows[0]!.n >= n) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the round never ranked ${n} candidates`);
}

export async function benchDecisions(
  stack: DevStack,
  db: Db,
  who: { screener: BenchUser; commission: BenchUser },
  projectId: string,
  applicationIds: string[],
): Promise<DecisionsResult> {
  const warm = Math.min(5, Math.floor(applicationIds.length / 5));
  const n = applicationIds.length - warm;
  log(`decisions: scoring ${applicationIds.length} applications, then ${n} decisions`);
  const score = apiClient(stack.baseUrl, who.screener);
  for (const applicationId of applicationIds) {
    await score('/applications/score', { applicationId, scores: BENCH_SCORES, opinion: 'Rekomenduję udział.' }, 200);
  }
  await waitForCandidates(db, projectId, applicationIds.length);
  // Down the ranking, as the commission decides (equal points tie by the second received, then by id, which
  // need not be the order of submission; out of order would need a written justification).
  const ranked = (await getRanking(db, projectId)).rows.map((r) => r.applicationId).filter((id) => applicationIds.includes(id));

  const decide = apiClient(stack.baseUrl, who.commission);
  const pinged = await stack.client.workflow.start('benchUpdatable', { taskQueue: stack.baselineQueue, workflowId: `bench-updatable-${randomUUID()}` });
  const appMs: number[] = [];
  const bareMs: number[] = [];
  for (const [i, applicationId] of ranked.entries()) {
    let t0 = performance.now();
    await decide('/applications/decide', { applicationId, decision: 'qualified' }, 200);
    const app = performance.now() - t0;
    t0 = performance.now();
    await pinged.executeUpdate(benchPingUpdate, { args: [i] });
    const bare = performance.now() - t0;
    if (i >= warm) {
      appMs.push(app);
      bareMs.push(bare);
    }
  }
  await pinged.executeUpdate(benchPingUpdate, { args: [-1] });
  const app = summarize(appMs);
  const bare = summarize(bareMs);
  return { n, app, bare, ratioP50: round(app.p50Ms / bare.p50Ms, 3), ratioP95: round(app.p95Ms / bare.p95Ms, 3) };
}

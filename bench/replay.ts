// Replay: the recorded histories the tests replay (the determinism check of CI), histories per second,
// against the replay of a trivial workflow's history (bare Temporal: its own small bundle).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { log, ROOT } from './processes';
import type { Bundles } from './stack';
import { round } from './stats';

type History = temporal.api.history.v1.IHistory;

const HISTORY_DIRS = ['tests/histories', 'tests/recruitment/histories', 'tests/reminders/histories'];

async function recordedHistories(): Promise<Array<{ workflowId: string; history: History }>> {
  const out: Array<{ workflowId: string; history: History }> = [];
  for (const dir of HISTORY_DIRS) {
    for (const f of (await readdir(path.join(ROOT, dir))).filter((x) => x.endsWith('.json')).sort()) {
      out.push({ workflowId: f.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(await readFile(path.join(ROOT, dir, f), 'utf8'))) });
    }
  }
  return out;
}

/** Replays `passes` times over the set; histories per second. Any replay error fails the benchmark. */
async function replayRate(bundleCode: string, set: Array<{ workflowId: string; history: History }>, passes: number): Promise<number> {
  const all = Array.from({ length: passes }, (_, p) => set.map((h) => ({ ...h, workflowId: `${h.workflowId}#${p}` }))).flat();
  const t0 = performance.now();
  for await (const r of Worker.runReplayHistories({ workflowBundle: { code: bundleCode } }, all)) {
    if (r.error) throw new Error(`replay of ${r.workflowId} failed: ${String(r.error)}`);
  }
  return all.length / ((performance.now() - t0) / 1000);
}

export interface ReplayResult {
  histories: number;
  events: number;
  passes: number;
  appPerSecond: number;
  barePerSecond: number;
  /** app / bare histories per second. */
  ratio: number;
}

/** The recorded histories on the app's bundle; a finished benchTrivial's history (from the dev server) on the baselines'. */
export async function benchReplay(bundles: Bundles, client: Client, trivialWorkflowId: string, passes: number): Promise<ReplayResult> {
  const recorded = await recordedHistories();
  const trivial = await client.workflow.getHandle(trivialWorkflowId).fetchHistory();
  log(`replay: ${recorded.length} recorded histories x ${passes}, and as many trivial ones`);
  await replayRate(bundles.app.code, recorded.slice(0, 2), 1); // warm-up
  const appPerSecond = await replayRate(bundles.app.code, recorded, passes);
  const barePerSecond = await replayRate(bundles.baseline.code, recorded.map((h) => ({ workflowId: `trivial-${h.workflowId}`, history: trivial })), passes);
  return {
    histories: recorded.length,
    events: recorded.reduce((n, h) => n + (h.history.events?.length ?? 0), 0),
    passes,
    appPerSecond: round(appPerSecond, 1),
    barePerSecond: round(barePerSecond, 1),
    ratio: round(appPerSecond / barePerSecond, 3),
  };
}

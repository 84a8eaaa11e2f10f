// Replay: the recorded histories the tests replay (the determinism check of CI) against the replay of a trivial
// workflow's history (bare Temporal: its own small bundle), compared per event: a recorded journey has about 135
// events, the trivial one a handful, so histories per second alone compares mostly the fixed cost of one replay.
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

/** Every history the replay tests replay, named by its file. */
export async function recordedHistories(): Promise<Array<{ workflowId: string; history: History }>> {
  const out: Array<{ workflowId: string; history: History }> = [];
  for (const dir of HISTORY_DIRS) {
    for (const f of (await readdir(path.join(ROOT, dir))).filter((x) => x.endsWith('.json')).sort()) {
      out.push({ workflowId: f.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(await readFile(path.join(ROOT, dir, f), 'utf8'))) });
    }
  }
  return out;
}

const eventCount = (set: Array<{ history: History }>) => set.reduce((n, h) => n + (h.history.events?.length ?? 0), 0);

/** Replays `passes` times over the set; histories and events per second. Any replay error fails the benchmark. */
async function replayRate(bundleCode: string, set: Array<{ workflowId: string; history: History }>, passes: number): Promise<{ histories: number; events: number }> {
  const all = Array.from({ length: passes }, (_, p) => set.map((h) => ({ ...h, workflowId: `${h.workflowId}#${p}` }))).flat();
  const t0 = performance.now();
  for await (const r of Worker.runReplayHistories({ workflowBundle: { code: bundleCode } }, all)) {
    if (r.error) throw new Error(`replay of ${r.workflowId} failed: ${String(r.error)}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { histories: all.length / seconds, events: eventCount(all) / seconds };
}

export interface ReplayResult {
  histories: number;
  /** Events in the recorded histories (one pass). */
  events: number;
  /** Events in the trivial history. */
  trivialEvents: number;
  passes: number;
  /** Histories per second. */
  appPerSecond: number;
  barePerSecond: number;
  /** app / bare histories per second. */
  ratio: number;
  /** Events replayed per second. */
  appEventsPerSecond: number;
  bareEventsPerSecond: number;
  /** app / bare events per second: the figure of the target (>= 0.3). */
  eventRatio: number;
}

/** The recorded histories on the app's bundle; a finished benchTrivial's history (from the dev server) on the baselines'. */
export async function benchReplay(bundles: Bundles, client: Client, trivialWorkflowId: string, passes: number): Promise<ReplayResult> {
  const recorded = await recordedHistories();
  const trivial = await client.workflow.getHandle(trivialWorkflowId).fetchHistory();
  log(`replay: ${recorded.length} recorded histories x ${passes}, and as many trivial ones`);
  await replayRate(bundles.app.code, recorded.slice(0, 2), 1); // warm-up
  const app = await replayRate(bundles.app.code, recorded, passes);
  const bare = await replayRate(bundles.baseline.code, recorded.map((h) => ({ workflowId: `trivial-${h.workflowId}`, history: trivial })), passes);
  return {
    histories: recorded.length,
    events: eventCount(recorded),
    trivialEvents: trivial.events?.length ?? 0,
    passes,
    appPerSecond: round(app.histories, 1),
    barePerSecond: round(bare.histories, 1),
    ratio: round(app.histories / bare.histories, 3),
    appEventsPerSecond: round(app.events, 0),
    bareEventsPerSecond: round(bare.events, 0),
    eventRatio: round(app.events / bare.events, 3),
  };
}

// Versioning guard: every recorded journey history (scripts/record-histories.ts) must replay against
// the current workflow code. A change that breaks replay must be guarded with patched().
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { expect, it } from 'vitest';
import { testDataConverter, workflowBundle } from '../helpers/temporal';

const dir = path.resolve(import.meta.dirname, '../histories');
const REQUIRED = ['completed', 'resigned', 'struck-off', 'follow-ups-late', 'follow-ups-never', 'original-never-arrived'];

it('replays every recorded participant journey without a determinism error', async () => {
  const files = (await readdir(dir)).filter((f) => /^journey-.*\.json$/.test(f)).sort();
  // Current histories, and those recorded before the Warsaw wall-clock patch (journeys already running then).
  for (const p of REQUIRED) expect(files).toEqual(expect.arrayContaining([`journey-${p}.json`, `journey-v1-utc-clock-${p}.json`]));
  // A rules migration (patch rules-migration-recomputes-timers) and a consent withdrawn and signed again.
  expect(files).toContain('journey-consent-and-rules.json');
  const histories = await Promise.all(
    files.map(async (f) => ({ workflowId: f.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(await readFile(path.join(dir, f), 'utf8'))) })),
  );
  const results: { workflowId: string; error?: unknown }[] = [];
  for await (const r of Worker.runReplayHistories({ workflowBundle: await workflowBundle(), dataConverter: testDataConverter }, histories)) results.push(r);
  expect(results.map((r) => [r.workflowId, r.error ? String(r.error) : null])).toEqual(files.map((f) => [f.replace(/\.json$/, ''), null]));
});

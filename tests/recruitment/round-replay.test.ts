// Recorded histories of the round (sittings, approval, promotions from the reserve list) replay against the
// current workflow code: a change that breaks replay fails here and must be guarded with patched().
// Record again with RECORD_HISTORIES=1 npx vitest run tests/recruitment/round.test.ts.
import { readdir, readFile } from 'node:fs/promises';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { replayDataConverter, workflowBundle } from '../helpers/temporal';

const dir = new URL('./histories/', import.meta.url);

describe('round replay', async () => {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  it('has recorded histories', () => expect(files.length).toBeGreaterThan(0));
  it.each(files)('replays %s with the current code', async (file) => {
    const history = historyFromJSON(JSON.parse(await readFile(new URL(file, dir), 'utf8')));
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: replayDataConverter }, history, file)).resolves.toBeUndefined();
  });
});

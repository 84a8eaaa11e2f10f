// Versioning guard: every recorded journey history must replay against the current workflow code. A
// change that breaks replay must be guarded with patched().
// Record the paths of tests/journey/driver.ts again (only for a deliberate, patched() change; keep the
// old files under another name, e.g. journey-v1-utc-clock-*, so journeys already running stay covered):
//   RECORD_HISTORIES=1 npx vitest run tests/journey/replay.test.ts            (every path)
//   RECORD_HISTORIES=consent_and_rules,completed npx vitest run tests/journey/replay.test.ts
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { decryptHistory } from '../../runtime/payload-codec';
import { replayDataConverter, testDataConverter, workflowBundle } from '../helpers/temporal';
import { PATHS } from './driver';
import { timeSkippingWorld } from './world';

const dir = path.resolve(import.meta.dirname, '../histories');
const REQUIRED = ['completed', 'resigned', 'struck-off', 'follow-ups-late', 'follow-ups-never', 'original-never-arrived'];
const record = process.env.RECORD_HISTORIES;

// Only when asked: the recording world (a time-skipping server of its own) is built while tests are collected.
if (record) {
  describe('recording the journey histories', async () => {
    const wanted = record === '1' ? Object.keys(PATHS) : record.split(',');
    // The tests' own world: real activities on PostgreSQL, the payload codec, each file starting at 10:00 Warsaw.
    const w = await timeSkippingWorld();
    it.each(wanted)('%s', async (name) => {
      const run = PATHS[name];
      if (!run) throw new Error(`no path ${name} in tests/journey/driver.ts (${Object.keys(PATHS).join(', ')})`);
      const j = await run(w);
      // Written in plain text (fake people only) so replaying needs no key; the codec passes plain payloads through.
      const history = await decryptHistory(await j.handle.fetchHistory(), testDataConverter);
      await writeFile(path.join(dir, `journey-${name.replaceAll('_', '-')}.json`), `${historyToJSON(history)}\n`);
    }, 600_000);
  });
}

it('replays every recorded participant journey without a determinism error', async () => {
  const files = (await readdir(dir)).filter((f) => /^(journey|rules-migration)-.*\.json$/.test(f)).sort();
  // Current histories, and those recorded before the Warsaw wall-clock patch (journeys already running then).
  for (const p of REQUIRED) expect(files).toEqual(expect.arrayContaining([`journey-${p}.json`, `journey-v1-utc-clock-${p}.json`]));
  // A rules migration (patch rules-migration-recomputes-timers) and a consent withdrawn and signed again.
  expect(files).toContain('journey-consent-and-rules.json');
  // A social worker re-assigned through the journey (the reassignSocialWorker Update), tasks opened after it.
  expect(files).toContain('journey-reassigned.json');
  // Personal data corrected through the journey (the correctData Update, patch correct-data-tells-round).
  expect(files).toContain('journey-corrected.json');
  // A participant who died (patch death-closes-journey): no follow-ups, closed at once.
  expect(files).toContain('journey-died.json');
  // An application withdrawn through the journey (the withdrawApplication Update), the round told.
  expect(files).toContain('journey-withdrawn.json');
  // An early end recorded by mistake and undone (the undoEnding Update, patch correct-undo-ending), then the real end.
  expect(files).toContain('journey-ending-undone.json');
  // A decision the commission corrected in the same sitting (a decided message with `corrects`, patch correct-commission-decision).
  expect(files).toContain('journey-decision-corrected.json');
  // And one that recorded the death before that patch: it replays its follow-up timers unchanged.
  expect(files).toContain('journey-died-before-death-patch.json');
  // An ending entered months after its date, both follow-ups recorded after it (patch late-ending-grace).
  expect(files).toContain('journey-ended-late.json');
  // The IŚR set up and revised twice (the reviseIsr Update, patch isr-revisions).
  expect(files).toContain('journey-isr-revised.json');
  // A session's sheet and a correction with a reason (patch sessions-group-attendance).
  expect(files).toContain('journey-session-attendance.json');
  // An e-mailed form's missing original blocking the signing until it is recorded (domain/intake-checks.ts).
  expect(files).toContain('journey-original-blocks-signing.json');
  // The director's bulk rules migration (the rulesMigration workflow, three journeys; tests/panel/browser-rules-version.test.ts records it).
  expect(files).toContain('rules-migration-three.json');
  const histories = await Promise.all(
    files.map(async (f) => ({ workflowId: f.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(await readFile(path.join(dir, f), 'utf8'))) })),
  );
  const results: { workflowId: string; error?: unknown }[] = [];
  for await (const r of Worker.runReplayHistories({ workflowBundle: await workflowBundle(), dataConverter: replayDataConverter }, histories)) results.push(r);
  expect(results.map((r) => [r.workflowId, r.error ? String(r.error) : null])).toEqual(files.map((f) => [f.replace(/\.json$/, ''), null]));
});

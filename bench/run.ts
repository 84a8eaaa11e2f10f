// `npm run bench [-- --quick]`: Sciezka against bare Temporal and bare SQL, every figure beside its baseline
// from the same run. Prints one JSON object on stdout (progress on stderr) and appends a dated entry to
// bench/RESULTS.md. See README, "Benchmarks", for what each figure means.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { installTemporalRuntime } from '../runtime/temporal-runtime';
import { benchCapacity } from './capacity';
import { benchDecisions } from './decisions';
import { benchPanel, seedParticipants } from './panel';
import { log, ROOT } from './processes';
import { benchReplay } from './replay';
import { appendResults, checkTargets, describeMachine, markdownEntry, type BenchReport } from './report';
import { Cleanup, createBenchProject, createUser, openBase, openDevStack, sessionCookie } from './stack';
import { benchStarts } from './starts';
import { round } from './stats';

const SECTIONS = ['starts', 'decisions', 'panel', 'replay', 'capacity'] as const;
type Section = (typeof SECTIONS)[number];

const { values: a } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    starts: { type: 'string' },
    concurrency: { type: 'string' },
    decisions: { type: 'string' },
    participants: { type: 'string' },
    samples: { type: 'string' },
    seconds: { type: 'string' },
    journeys: { type: 'string' },
    passes: { type: 'string' },
    only: { type: 'string' },
    results: { type: 'string' },
    'no-results': { type: 'boolean', default: false },
  },
});

const quick = a.quick!;
const num = (v: string | undefined, full: number, small: number) => (v === undefined ? (quick ? small : full) : Number(v));
const sizes = {
  starts: num(a.starts, 500, 60),
  concurrency: num(a.concurrency, 16, 16),
  decisions: num(a.decisions, 100, 15),
  participants: num(a.participants, 100_000, 500),
  samples: num(a.samples, 100, 20),
  seconds: num(a.seconds, 10, 2),
  journeys: num(a.journeys, 100, 10),
  passes: num(a.passes, 5, 1),
};
for (const [k, v] of Object.entries(sizes)) if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer`);
const only = new Set<Section>(a.only ? (a.only.split(',') as Section[]) : SECTIONS);
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section ${s} (${SECTIONS.join(', ')})`);
// Decisions decide applications the starts submitted.
if (only.has('decisions')) sizes.starts = Math.max(sizes.starts, sizes.decisions);
const want = (s: Section) => only.has(s);

installTemporalRuntime('WARN');
const started = performance.now();
const date = new Date().toISOString();
const machine = describeMachine();
const cleanup = new Cleanup();
const report: Omit<BenchReport, 'targets' | 'seconds'> = { benchmark: 'sciezka', date, mode: quick ? 'quick' : 'full', machine, sizes };
let failed = false;
process.once('SIGINT', () => void cleanup.run().then(() => process.exit(130)));

try {
  const base = await openBase(cleanup);
  if (want('starts') || want('decisions') || want('panel') || want('replay')) {
    const dev = new Cleanup();
    try {
      const stack = await openDevStack(base, dev);
      const [worker, coordinator, commission] = [await createUser(base.db, 'social_worker'), await createUser(base.db, 'coordinator'), await createUser(base.db, 'commission')];
      const projectId = await createBenchProject(base.db);
      // The trivial history the replay baseline replays.
      const trivialId = `bench-trivial-history-${randomUUID()}`;
      await stack.client.workflow.execute('benchTrivial', { taskQueue: stack.baselineQueue, workflowId: trivialId });

      let ids: string[] = [];
      if (want('starts') || want('decisions')) {
        const { ids: started_, ...starts } = await benchStarts(stack, base.db, worker, projectId, sizes.starts, sizes.concurrency);
        ids = started_;
        if (want('starts')) report.starts = starts;
      }
      if (want('decisions')) {
        report.decisions = await benchDecisions(stack, base.db, { screener: coordinator, commission }, projectId, ids.slice(-sizes.decisions));
      }
      if (want('panel')) {
        const panelProject = await createBenchProject(base.db);
        await seedParticipants(base.db, panelProject, worker.id, sizes.participants);
        const cookie = await sessionCookie(stack.baseUrl, coordinator);
        report.panel = await benchPanel(stack, base.db, base.databaseUrl, cookie, sizes);
      }
      if (want('replay')) report.replay = await benchReplay(await base.bundles, stack.client, trivialId, sizes.passes);
    } finally {
      // The dev server and the app stop before the capacity run: it needs the machine to itself.
      await dev.run();
    }
  }
  if (want('capacity')) report.capacity = await benchCapacity(base, sizes.journeys);
} catch (err) {
  failed = true;
  log(`failed: ${(err as Error).stack ?? String(err)}`);
} finally {
  await cleanup.run();
}

if (failed) process.exit(1);
const full: BenchReport = { ...report, seconds: round((performance.now() - started) / 1000, 1), targets: {} };
full.targets = checkTargets(full);
process.stdout.write(`${JSON.stringify(full)}\n`);
if (!a['no-results']) {
  const file = path.resolve(a.results ?? path.join(ROOT, 'bench', 'RESULTS.md'));
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  await appendResults(file, markdownEntry(full, command));
  log(`appended to ${path.relative(process.cwd(), file)}`);
}
// Native handles (Temporal's runtime) may keep the loop alive after everything closed.
process.exit(0);

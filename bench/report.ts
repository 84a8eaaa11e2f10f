// The machine a run measured, the targets of the issue checked against the figures, and the dated entry
// appended to bench/RESULTS.md.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { CapacityResult } from './capacity';
import type { DecisionsResult } from './decisions';
import type { PageResult, PanelResult } from './panel';
import type { ReplayResult } from './replay';
import type { StartsResult } from './starts';
import { round } from './stats';

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  os: string;
  loadAverage: number[];
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGiB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    loadAverage: os.loadavg().map((l) => round(l, 2)),
  };
}

export interface BenchReport {
  benchmark: 'sciezka';
  date: string;
  mode: 'quick' | 'full';
  machine: Machine;
  /** What was run: counts, concurrency, durations (the flags of bench/run.ts). */
  sizes: Record<string, number>;
  seconds: number;
  starts?: StartsResult;
  decisions?: DecisionsResult;
  panel?: PanelResult;
  capacity?: CapacityResult;
  replay?: ReplayResult;
  /** Each target of issue 9, where its figure was measured: met or not. */
  targets: Record<string, boolean>;
}

export function checkTargets(r: Omit<BenchReport, 'targets'>): Record<string, boolean> {
  const t: Record<string, boolean> = {};
  if (r.starts) t['starts ratio >= 0.8'] = r.starts.ratio >= 0.8;
  if (r.decisions) t['decisions p95 ratio <= 1.5'] = r.decisions.ratioP95 <= 1.5;
  if (r.panel) {
    for (const [name, p] of Object.entries(r.panel.pages)) {
      t[`panel ${name} p95 <= 50 ms`] = p.app.p95Ms <= 50;
      t[`panel ${name} p95 ratio <= 2`] = p.ratioP95 <= 2;
    }
  }
  if (r.capacity) t['capacity worker RSS <= 1 GiB'] = r.capacity.app.peakRssMiB <= 1024;
  if (r.replay) t['replay events per second ratio >= 0.3'] = r.replay.eventRatio >= 0.3;
  return t;
}

const mark = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? ' ✓' : ' ✗');

function pageRows(name: string, p: PageResult, t: Record<string, boolean>): string[] {
  return [
    `| ${name} page p50 / p95 (${p.statements} statements) | ${p.app.p50Ms} / ${p.app.p95Ms} ms | ${p.bare.p50Ms} / ${p.bare.p95Ms} ms | ${p.ratioP50} / ${p.ratioP95} | p95 ≤ 50 ms${mark(t[`panel ${name} p95 <= 50 ms`])}, ≤ 2×${mark(t[`panel ${name} p95 ratio <= 2`])} |`,
    `| ${name} page req/s at 50 clients | ${p.appReqPerSec} | ${p.bareReqPerSec} | ${p.reqPerSecRatio} | |`,
  ];
}

/** One dated section: the machine, the sizes, and a table of app vs baseline with the ratio. */
export function markdownEntry(r: BenchReport, command: string): string {
  const m = r.machine;
  const t = r.targets;
  const lines = [
    `## ${r.date.slice(0, 16).replace('T', ' ')} UTC · ${r.mode}`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.os}; load average at start ${m.loadAverage.join(' / ')}` +
      `${(m.loadAverage[0] ?? 0) >= m.cores / 2 ? ' (measured under load: other work shared the machine)' : ''}. ` +
      `Command: \`${command}\`; ${Math.round(r.seconds)} s in all.`,
    '',
    '| figure | Sciezka | baseline | ratio | target |',
    '|---|---|---|---|---|',
  ];
  if (r.starts) {
    const s = r.starts;
    lines.push(`| starts per second (${s.n}, ${s.concurrency} in flight) | ${s.appPerSecond} | ${s.barePerSecond} bare \`workflow.start\` | ${s.ratio} | ≥ 0.8${mark(t['starts ratio >= 0.8'])} |`);
  }
  if (r.decisions) {
    const d = r.decisions;
    lines.push(`| commission decision p50 / p95 (${d.n}) | ${d.app.p50Ms} / ${d.app.p95Ms} ms | ${d.bare.p50Ms} / ${d.bare.p95Ms} ms bare Update | ${d.ratioP50} / ${d.ratioP95} | p95 ≤ 1.5×${mark(t['decisions p95 ratio <= 1.5'])} |`);
  }
  if (r.panel) {
    lines.push(...pageRows('participants', r.panel.pages.participants, t), ...pageRows('today', r.panel.pages.today, t));
  }
  if (r.capacity) {
    const c = r.capacity;
    lines.push(
      `| worker peak RSS, ${c.journeys} open journeys vs as many bare timers (idle ${c.app.idleRssMiB} / ${c.bare.idleRssMiB} MiB) | ${c.app.peakRssMiB} MiB | ${c.bare.peakRssMiB} MiB | ${c.rssRatio} | ≤ 1024 MiB${mark(t['capacity worker RSS <= 1 GiB'])} |`,
      `| worker RSS per open workflow (all open: ${c.app.openRssMiB} / ${c.bare.openRssMiB} MiB) | ${c.app.rssPerWorkflowKiB} KiB | ${c.bare.rssPerWorkflowKiB} KiB | ${c.rssPerWorkflowRatio} | |`,
      `| time-skipping server peak RSS | ${c.app.serverPeakRssMiB} MiB | ${c.bare.serverPeakRssMiB} MiB | ${round(c.app.serverPeakRssMiB / c.bare.serverPeakRssMiB, 3)} | |`,
      `| skip ${c.skipDays} days, past the 3-month follow-up, until all closed | ${c.app.skipSeconds} s | ${c.bare.skipSeconds} s | ${c.skipRatio} | |`,
    );
  }
  if (r.replay) {
    const p = r.replay;
    lines.push(
      `| replayed events per second (${p.histories} recorded histories, ${p.events} events, ×${p.passes}; trivial: ${p.trivialEvents} events) | ${p.appEventsPerSecond} | ${p.bareEventsPerSecond} trivial | ${p.eventRatio} | ≥ 0.3${mark(t['replay events per second ratio >= 0.3'])} |`,
      `| replayed histories per second | ${p.appPerSecond} | ${p.barePerSecond} trivial | ${p.ratio} | |`,
    );
  }
  if (r.panel) lines.push('', `Panel: ${r.panel.participants} participants in PostgreSQL, ${r.panel.samples} requests per page one at a time.`);
  if (r.capacity) lines.push(`Capacity: setting up ${r.capacity.journeys} ended journeys took ${r.capacity.setupSeconds} s.`);
  return `${lines.join('\n')}\n`;
}

const HEADER = `# Benchmark results

Appended by \`npm run bench\` (see README, "Benchmarks"). Each figure is set against its baseline measured in the
same run on the same machine; the ratio is the figure to compare between runs.
`;

export async function appendResults(file: string, entry: string): Promise<void> {
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing === undefined) await writeFile(file, `${HEADER}\n${entry}`);
  else await appendFile(file, `\n${entry}`);
}

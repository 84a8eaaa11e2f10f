// `npm run bench -- --quick` runs end to end and prints one JSON object with every figure beside its
// baseline, and appends its dated entry. No figure is asserted: benchmarks are never timed tests.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dir = await mkdtemp(path.join(tmpdir(), 'sciezka-bench-test-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'bench', '--', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
/** A ratio of two measured figures: a finite number (a per-workflow memory delta may round to 0). */
const ratio = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

it('npm run bench -- --quick prints one JSON object of ratios and appends its entry', { timeout: 600_000 }, async () => {
  const results = path.join(dir, 'RESULTS.md');
  const { code, stdout, stderr } = await run(['--quick', '--results', results]);
  expect(code, stderr.slice(-3000)).toBe(0);
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const r = JSON.parse(lines[0]!);

  expect(r).toMatchObject({ benchmark: 'sciezka', mode: 'quick' });
  expect(Date.parse(r.date)).not.toBeNaN();
  expect(r.machine).toMatchObject({ node: process.version, cores: expect.any(Number), ramGiB: expect.any(Number), cpu: expect.any(String), os: expect.any(String) });

  const ratios: Record<string, unknown> = {
    'starts.ratio': r.starts?.ratio,
    'decisions.ratioP50': r.decisions?.ratioP50,
    'decisions.ratioP95': r.decisions?.ratioP95,
    'capacity.rssRatio': r.capacity?.rssRatio,
    'capacity.skipRatio': r.capacity?.skipRatio,
    'capacity.rssPerWorkflowRatio': r.capacity?.rssPerWorkflowRatio,
    'replay.ratio': r.replay?.ratio,
    'replay.eventRatio': r.replay?.eventRatio,
  };
  for (const page of ['participants', 'today']) {
    for (const k of ['ratioP50', 'ratioP95', 'reqPerSecRatio']) ratios[`panel.pages.${page}.${k}`] = r.panel?.pages?.[page]?.[k];
  }
  for (const [k, v] of Object.entries(ratios)) expect(ratio(v), `${k} = ${String(v)}`).toBe(true);
  for (const v of [r.starts.appPerSecond, r.starts.barePerSecond, r.decisions.app.p95Ms, r.decisions.bare.p95Ms, r.capacity.app.peakRssMiB, r.capacity.app.serverPeakRssMiB, r.capacity.bare.peakRssMiB, r.replay.appPerSecond, r.replay.appEventsPerSecond, r.replay.trivialEvents]) {
    expect(positive(v)).toBe(true);
  }
  // Every target of the issue is reported, met or not.
  expect(Object.keys(r.targets).length).toBeGreaterThanOrEqual(6);
  for (const v of Object.values(r.targets)) expect(typeof v).toBe('boolean');

  const entry = await readFile(results, 'utf8');
  expect(entry).toContain('# Benchmark results');
  expect(entry).toMatch(/^## \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · quick$/m);
  expect(entry).toContain(`Node ${process.version}`);
  expect(entry).toContain('| starts per second');
  expect(entry).toContain('| replayed events per second');
});

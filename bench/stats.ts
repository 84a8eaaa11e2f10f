// Small statistics for the benchmarks: every figure is reported beside its baseline from the same run.
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface LatencySummary {
  n: number;
  p50Ms: number;
  p95Ms: number;
}

export function summarize(samplesMs: number[]): LatencySummary {
  return { n: samplesMs.length, p50Ms: round(percentile(samplesMs, 50)), p95Ms: round(percentile(samplesMs, 95)) };
}

/** Times `fn` `n` times sequentially, returning milliseconds per call. */
export async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

/** Runs `total` calls with `concurrency` in flight; returns calls per second. */
export async function throughput(total: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await fn(next++);
    }),
  );
  return total / ((performance.now() - t0) / 1000);
}

// Crashes while journeys run: the worker process killed with SIGKILL at random moments and restarted,
// and the Temporal dev server (persisted to SQLite) restarted. Every journey must reach the stage its
// path ends in, with every side effect exactly once: its event log, its letter, its task, its e-mail
// (counted on a real SMTP server).
// Sizes: CHAOS_JOURNEYS (default 100) journeys and up to CHAOS_KILLS (default 3) kills; CHAOS_RESTART_JOURNEYS
// (default 30) journeys across the server restart.
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDb } from '../helpers/db';
import { driveAll, expectRecords, retries } from './journeys';
import { faultStack, type FaultStack } from './fault-stack';

const JOURNEYS = Number(process.env.CHAOS_JOURNEYS ?? 100);
const MAX_KILLS = Number(process.env.CHAOS_KILLS ?? 3);
const RESTART_JOURNEYS = Number(process.env.CHAOS_RESTART_JOURNEYS ?? 30);

let stack: FaultStack;
let serial = 300;

beforeAll(async () => {
  stack = await faultStack('chaos', await testDb(), inject('databaseUrl'));
}, 180_000);

afterAll(async () => {
  if (process.env.CHAOS_WORKER_LOG && stack) await writeFile(process.env.CHAOS_WORKER_LOG, stack.worker.output());
  await stack?.close();
});

/** Runs `n` journeys while `fault` runs, then checks every journey's record. */
async function journeysUnder(n: number, fault: (finished: () => boolean) => Promise<void>, budgetMs: number) {
  const { w, worker } = stack;
  const deadline = Date.now() + budgetMs;
  let finished = false;
  const t0 = Date.now();
  const first = serial;
  serial += n;
  const faults = fault(() => finished);
  const journeys = await driveAll(w, n, first, deadline, () => `worker workflow-task failures: ${JSON.stringify(worker.failedWorkflowTasks())}`).finally(() => {
    finished = true;
  });
  await faults;
  const drivenMs = Date.now() - t0;
  const { unconfirmed } = await expectRecords(w, journeys, stack.received, deadline);
  const settledMs = Date.now() - t0;
  // One application per submission, whatever the retries.
  const apps = await w.db.selectFrom('applications').select(w.db.fn.countAll<number>().as('n')).where('project_id', '=', w.projectId).executeTakeFirstOrThrow();
  expect(apps.n).toBe(serial - 300);
  return { drivenMs, settledMs, unconfirmed };
}

describe('faults survived, nothing lost', () => {
  it(`worker killed (SIGKILL) at random moments while ${JOURNEYS} journeys run: each reaches its stage, each effect once`, async () => {
    const { worker } = stack;
    const killedAt: number[] = [];
    let lastUp = Date.now();
    const t0 = Date.now();
    const m = await journeysUnder(JOURNEYS, async (finished) => {
      while (!finished() && worker.kills < MAX_KILLS) {
        await sleep(2_000 + Math.random() * 6_000);
        if (finished()) break;
        await worker.kill();
        killedAt.push(Date.now() - t0);
        await worker.start();
        lastUp = Date.now();
      }
    }, 240_000);
    expect(worker.kills).toBeGreaterThan(0);
    console.log(
      `[reliability] worker kills: ${JOURNEYS} journeys, ${worker.kills} SIGKILLs at ${killedAt.map((t) => `${(t / 1000).toFixed(1)}s`).join(', ')}; ` +
        `worker restarts took ${worker.starts.slice(1).map((t) => `${(t / 1000).toFixed(1)}s`).join(', ')}; drives done after ${(m.drivenMs / 1000).toFixed(1)}s, ` +
        `all effects settled ${((t0 + m.settledMs - lastUp) / 1000).toFixed(1)}s after the last restart (${(m.settledMs / 1000).toFixed(1)}s in all); ` +
        `client retries: ${retries.calls} calls, ${retries.signals} signals; unconfirmed e-mails: ${m.unconfirmed}; ` +
        `failed workflow tasks: ${JSON.stringify(worker.failedWorkflowTasks())}`,
    );
  }, 300_000);

  it(`Temporal dev server restarted while ${RESTART_JOURNEYS} journeys run: they go on`, async () => {
    const { server, worker } = stack;
    let downMs = 0;
    const t0 = Date.now();
    let upAt = 0;
    const m = await journeysUnder(RESTART_JOURNEYS, async () => {
      await sleep(3_000);
      const down = Date.now();
      await server.stop();
      await server.start();
      upAt = Date.now();
      downMs = upAt - down;
    }, 180_000);
    console.log(
      `[reliability] Temporal restart: ${RESTART_JOURNEYS} journeys, server down ${(downMs / 1000).toFixed(1)}s; ` +
        `all effects settled ${((t0 + m.settledMs - upAt) / 1000).toFixed(1)}s after it answered again (${(m.settledMs / 1000).toFixed(1)}s in all); worker still the same process: ${worker.running}`,
    );
    expect(worker.running).toBe(true);
  }, 240_000);
});

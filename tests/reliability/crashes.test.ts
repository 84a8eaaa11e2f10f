// Crashes while journeys run: the worker process killed with SIGKILL at random moments and restarted,
// and the Temporal dev server (persisted to SQLite) restarted. Every journey must reach the stage its
// path ends in, with every side effect exactly once: its event log, its letter, its task, its e-mail
// (counted on a real SMTP server).
// Sizes: CHAOS_JOURNEYS (default 100) journeys and up to CHAOS_KILLS (default 3) kills; CHAOS_RESTART_JOURNEYS
// (default 30) journeys across the server restart.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDb } from '../helpers/db';
import { spawnDevServer, type DevServer } from '../helpers/dev-server';
import { TEST_PAYLOAD_ENV, testDataConverter } from '../helpers/temporal';
import { testSmtp, type TestSmtp } from '../reminders/smtp';
import { createWorld, type Journey, type World } from '../journey/driver';
import { drive, expected, PLANS, retries, settle, type Plan } from './journeys';
import { WorkerProcess } from './worker-process';

const JOURNEYS = Number(process.env.CHAOS_JOURNEYS ?? 100);
const MAX_KILLS = Number(process.env.CHAOS_KILLS ?? 3);
const RESTART_JOURNEYS = Number(process.env.CHAOS_RESTART_JOURNEYS ?? 30);

let w: World;
let server: DevServer;
let worker: WorkerProcess;
let smtp: TestSmtp;
let dir: string;
let serial = 300;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sciezka-chaos-'));
  const db = await testDb();
  smtp = await testSmtp();
  const s = await spawnDevServer({ dbFilename: path.join(dir, 'temporal.db') });
  if (!s) throw new Error('the fault tests need the Temporal CLI (npm run setup)');
  server = s;
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address, client: { dataConverter: testDataConverter } });
  const taskQueue = `chaos-${randomUUID()}`;
  w = await createWorld(db, env, taskQueue);
  worker = new WorkerProcess({
    ...TEST_PAYLOAD_ENV,
    TEMPORAL_ADDRESS: server.address,
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_URL: smtp.url,
    DATA_DIR: dir,
  });
  await worker.start();
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  if (process.env.CHAOS_WORKER_LOG && worker) await writeFile(process.env.CHAOS_WORKER_LOG, worker.output());
  await w?.env.teardown();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const received = () => smtp.messages.map((m) => m.messageId);

/** Runs `n` journeys (plans in rotation) while `fault` runs, then checks every journey's record. */
async function journeysUnder(n: number, fault: (finished: () => boolean) => Promise<void>, budgetMs: number) {
  const deadline = Date.now() + budgetMs;
  const plans: Plan[] = Array.from({ length: n }, (_, i) => PLANS[i % PLANS.length]!);
  let finished = false;
  const t0 = Date.now();
  // Settled, not all: a failed drive must not leave the others running into the next test.
  const drives = Promise.allSettled(plans.map(async (plan) => ({ plan, j: await drive(w, plan, serial++, deadline) })));
  const faults = fault(() => finished);
  const outcomes = await drives;
  finished = true;
  await faults;
  const failed = outcomes.find((o) => o.status === 'rejected');
  if (failed) throw new Error(`a journey failed: ${String(failed.reason)}\nworker workflow-task failures: ${JSON.stringify(worker.failedWorkflowTasks())}`);
  const journeys = outcomes.map((o) => (o as PromiseFulfilledResult<{ plan: Plan; j: Journey }>).value);
  const drivenMs = Date.now() - t0;
  const result = await settle(w, journeys, received, deadline);
  const settledMs = Date.now() - t0;

  for (const r of result) {
    const unconfirmed = r.found.mails.filter((m) => m.status === 'unconfirmed');
    // A crash inside the SMTP hand-over leaves a row 'unconfirmed' (never resent): at most one copy.
    for (const m of unconfirmed) expect(m.received, `journey ${r.id}`).toBeLessThanOrEqual(1);
    const want = expected(r.plan);
    expect({ ...r.found, mails: r.found.mails.filter((m) => m.status !== 'unconfirmed') }, `journey ${r.id} (${r.plan})`).toEqual({
      ...want,
      mails: want.mails.slice(unconfirmed.length),
    });
  }
  // No message reached the mail server twice.
  expect(new Set(received()).size).toBe(received().length);
  // One application per submission, whatever the retries.
  const apps = await w.db.selectFrom('applications').select(w.db.fn.countAll<number>().as('n')).where('project_id', '=', w.projectId).executeTakeFirstOrThrow();
  expect(apps.n).toBe(serial - 300);
  return { drivenMs, settledMs, unconfirmed: result.flatMap((r) => r.found.mails).filter((m) => m.status === 'unconfirmed').length };
}

describe('faults survived, nothing lost', () => {
  it(`worker killed (SIGKILL) at random moments while ${JOURNEYS} journeys run: each reaches its stage, each effect once`, async () => {
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

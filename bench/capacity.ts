// Capacity: N journeys open at once, each ended and waiting on its follow-up timers, on the time-skipping
// test server with a worker in its own process running the app's bundle and real activities. Measured:
// the worker's resident memory (the workflows live in the SDK's workflow thread, so RSS is the figure
// that counts them) and the server's, and the wall
// time to skip past the 3-month follow-up until every journey has closed. Baseline: as many bare workflows
// (their own small bundle) each on one timer as long, skipped the same span first on the same server by a
// worker process of their own. The server's memory is counted from its start: the app's peak includes
// what the baseline left behind.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../db/connect';
import { DEFAULT_RULES } from '../domain/default-rules';
import { warsawDay } from '../domain/warsaw-time';
import { payloadKeyOf } from '../runtime/config';
import { encryptingDataConverter } from '../runtime/payload-codec';
import { sdkExecutable } from '../runtime/temporal-binaries';
import { registerSearchAttributes } from '../runtime/temporal-server';
import { act, NotAllowedNowError, submitApplication } from '../server/services/journeys';
import { decidedSignal, listApprovedSignal } from '../contracts/signals';
import { journeyWorkflowId } from '../contracts/journey';
import { childPids, forkWorker, log, rssOf, type WorkerChild } from './processes';
import { applicationBody } from './starts';
import { BENCH_SCORES, Cleanup, createBenchProject, createUser, type Base, type Bundle } from './stack';
import { round, throughput } from './stats';

const MiB = 1024 * 1024;
/** An ended journey closes 30 days (FOLLOW_UP_GRACE_DAYS) after its 3-month window; 4 days cover that day's end. */
const SKIP_DAYS = DEFAULT_RULES.followUp2Days + 30 + 4;
/** Journeys per project: each project has its own recruitment round, as real projects do (tens to hundreds). */
const PER_PROJECT = 500;
const DRIVE_CONCURRENCY = 16;

export interface CapacitySide {
  /** Worker RSS before any workflow. */
  idleRssMiB: number;
  /** With all N open and waiting on timers (after collecting the main thread's garbage). */
  openRssMiB: number;
  /** (open - idle RSS) / N. */
  rssPerWorkflowKiB: number;
  /** Highest worker RSS from the first start to the last close. */
  peakRssMiB: number;
  /** Highest RSS of the time-skipping server process. */
  serverPeakRssMiB: number;
  /** Wall seconds to skip SKIP_DAYS, day by day, until all N finished. */
  skipSeconds: number;
}

export interface CapacityResult {
  journeys: number;
  skipDays: number;
  /** Wall time to bring N journeys from the application to "ended" (set-up, not a target). */
  setupSeconds: number;
  app: CapacitySide;
  bare: CapacitySide;
  /** app / bare peak worker RSS. The target is app.peakRssMiB at most 1024. */
  rssRatio: number;
  /** app / bare RSS per open workflow. */
  rssPerWorkflowRatio: number;
  /** app / bare skip seconds. */
  skipRatio: number;
}

interface Phase {
  env: TestWorkflowEnvironment;
  /** The app's side encrypts every payload, as production does; the bare side sends them plain. */
  client: Client;
  worker: WorkerChild;
  serverPid: number;
  taskQueue: string;
}

/** One time-skipping server, and two worker processes on it: the baselines' and the app's (real activities). */
async function openServer(base: Base, cleanup: Cleanup): Promise<{ bare: Phase; app: Phase }> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: sdkExecutable('temporal-test-server') } });
  cleanup.add(() => env.teardown());
  await registerSearchAttributes(env.address, env.namespace ?? 'default');
  const port = env.address.split(':').at(-1)!;
  const serverPid = childPids('temporal-test').find((pid) => cmdline(pid).includes(port));
  if (!serverPid) throw new Error('cannot find the time-skipping server process');
  const bundles = await base.bundles;
  const namespace = env.namespace ?? 'default';
  const payloadKey = randomBytes(32).toString('base64');
  const phase = async (bundle: Bundle, withActivities: boolean): Promise<Phase> => {
    const taskQueue = `bench-capacity-${randomUUID().slice(0, 8)}`;
    const worker = await forkWorker({
      address: env.address,
      namespace,
      taskQueue,
      bundlePath: bundle.path,
      ...(withActivities ? { databaseUrl: base.databaseUrl, payloadKey } : {}),
    });
    cleanup.add(() => worker.stop());
    // Plain clients: the time-skipping client's result() would unlock time skipping while it waits.
    const dataConverter = withActivities ? encryptingDataConverter({ current: payloadKeyOf(payloadKey) }) : undefined;
    const client = new Client({ connection: env.connection, namespace, ...(dataConverter ? { dataConverter } : {}) });
    return { env, client, worker, serverPid, taskQueue };
  };
  const [bare, app] = await Promise.all([phase(bundles.baseline, false), phase(bundles.app, true)]);
  return { bare, app };
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Highest RSS of the processes while `fn` runs (sampled every 250 ms). */
async function peakRss<T>(pids: number[], peaks: number[], fn: () => Promise<T>): Promise<T> {
  const sample = () => pids.forEach((pid, i) => (peaks[i] = Math.max(peaks[i] ?? 0, rssOf(pid))));
  sample();
  const timer = setInterval(sample, 250);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    sample();
  }
}

/**
 * Skips time a day at a time: each call returns once the day's timers and the work they caused are done.
 * One long call would outlive the client's keepalive pings, which the test server answers with GOAWAY.
 */
async function skipDays(env: TestWorkflowEnvironment, days: number, what: string): Promise<number> {
  const t0 = performance.now();
  for (let d = 1; d <= days; d++) {
    await env.sleep('1 day');
    if (d % 25 === 0) log(`capacity: ${what}: ${d} of ${days} days skipped`);
  }
  return (performance.now() - t0) / 1000;
}

const mib = (b: number) => round(b / MiB, 1);

async function side(phase: Phase, n: number, open: () => Promise<void>, skip: () => Promise<number>): Promise<CapacitySide> {
  await new Promise((r) => setTimeout(r, 500));
  const idle = await phase.worker.memory();
  const peaks: number[] = [];
  const pids = [phase.worker.pid, phase.serverPid];
  await peakRss(pids, peaks, open);
  const opened = await phase.worker.memory();
  const skipSeconds = await peakRss(pids, peaks, skip);
  return {
    idleRssMiB: mib(idle.rss),
    openRssMiB: mib(opened.rss),
    rssPerWorkflowKiB: round(Math.max(opened.rss - idle.rss, 0) / n / 1024, 1),
    peakRssMiB: mib(peaks[0]!),
    serverPeakRssMiB: mib(peaks[1]!),
    skipSeconds: round(skipSeconds, 2),
  };
}

async function bareSide(phase: Phase, n: number): Promise<CapacitySide> {
  const { env, client, taskQueue } = phase;
  const ids: string[] = [];
  log(`capacity: ${n} bare timer workflows, skipped ${SKIP_DAYS} days`);
  const start = async () => {
    const h = await client.workflow.start('benchTimer', { taskQueue, workflowId: `bench-timer-${randomUUID()}`, args: [(SKIP_DAYS - 2) * 86_400_000] });
    ids.push(h.workflowId);
  };
  return side(
    phase,
    n,
    async () => void (await throughput(n, DRIVE_CONCURRENCY, start)),
    async () => {
      const seconds = await skipDays(env, SKIP_DAYS, 'bare');
      // Time cannot pass a fired timer before its workflow task is done: a sample confirms they completed.
      for (const id of ids.slice(-20)) await client.workflow.getHandle(id).result();
      return seconds;
    },
  );
}

async function untilAllClosed(db: Db, ids: string[]): Promise<void> {
  for (let i = 0; ; i++) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from applications where id = any(${ids}::uuid[]) and stage = 'closed'`.execute(db);
    if (rows[0]!.n >= ids.length) return;
    if (i > 2400) throw new Error(`only ${rows[0]!.n} of ${ids.length} journeys closed`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function appSide(db: Db, phase: Phase, n: number): Promise<{ side: CapacitySide; setupSeconds: number }> {
  const { env, client, taskQueue } = phase;
  const socialWorker = await createUser(db, 'social_worker');
  const coordinator = await createUser(db, 'coordinator');
  const deps = { db, temporal: client, taskQueue };
  const sw = { id: socialWorker.id, role: socialWorker.role };
  const scores = Object.fromEntries(BENCH_SCORES.map((s) => [s.code, s.points]));
  const projects: string[] = [];
  for (let i = 0; i < Math.ceil(n / PER_PROJECT); i++) projects.push(await createBenchProject(db, PER_PROJECT * 2));
  const ids: string[] = [];
  let next = 0;
  let setupSeconds = 0;

  const drive = async () => {
    const projectId = projects[Math.floor(next++ / PER_PROJECT)]!;
    const { applicationId } = await submitApplication(deps, sw, { ...applicationBody(projectId), birthDate: '2002-03-15' }, randomUUID());
    ids.push(applicationId);
    await act(deps, sw, applicationId, 'screen', { scores, opinion: 'Rekomenduję udział.' }, randomUUID());
    const handle = client.workflow.getHandle(journeyWorkflowId(applicationId));
    const at = new Date(await env.currentTimeMs()).toISOString();
    // What the round tells a journey once the commission decided and the director approved the list.
    await handle.signal(decidedSignal, { decision: 'qualified', fromReserve: false, decidedBy: coordinator.id, decidedAt: at });
    await handle.signal(listApprovedSignal, { approvedBy: coordinator.id, approvedAt: at });
    const today = warsawDay(new Date(await env.currentTimeMs()));
    await untilAllowed(() => act(deps, sw, applicationId, 'signDocuments', { signedOn: today, kinds: ['declaration', 'contract', 'data_statement'] }, randomUUID()));
    await act(deps, sw, applicationId, 'endParticipation', { reason: 'completed', endedOn: today }, randomUUID());
  };

  log(`capacity: driving ${n} journeys to "ended" (application, scoring, decision, approval, signatures, end)`);
  const measured = await side(
    phase,
    n,
    async () => {
      const t0 = performance.now();
      await throughput(n, DRIVE_CONCURRENCY, drive);
      setupSeconds = (performance.now() - t0) / 1000;
      log(`capacity: ${n} journeys ended in ${round(setupSeconds, 1)} s; skipping ${SKIP_DAYS} days`);
    },
    async () => {
      const seconds = await skipDays(env, SKIP_DAYS, 'journeys');
      await untilAllClosed(db, ids);
      return seconds;
    },
  );
  return { side: measured, setupSeconds: round(setupSeconds, 1) };
}

export async function benchCapacity(base: Base, journeys: number): Promise<CapacityResult> {
  const cleanup = new Cleanup();
  try {
    log('capacity: starting the time-skipping test server and two worker processes');
    const phases = await openServer(base, cleanup);
    const bare = await bareSide(phases.bare, journeys);
    const { side: app, setupSeconds } = await appSide(base.db, phases.app, journeys);
    return result(journeys, bare, app, setupSeconds);
  } finally {
    await cleanup.run();
  }
}

function result(journeys: number, bare: CapacitySide, app: CapacitySide, setupSeconds: number): CapacityResult {
  return {
    journeys,
    skipDays: SKIP_DAYS,
    setupSeconds,
    app,
    bare,
    rssRatio: round(app.peakRssMiB / bare.peakRssMiB, 3),
    rssPerWorkflowRatio: round(app.rssPerWorkflowKiB / Math.max(bare.rssPerWorkflowKiB, 1), 3),
    skipRatio: round(app.skipSeconds / bare.skipSeconds, 3),
  };
}

/** Signing is refused until the approval has moved the journey to "joining": retry until it has. */
async function untilAllowed<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof NotAllowedNowError) || i > 300) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

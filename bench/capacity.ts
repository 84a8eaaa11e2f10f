// Capacity: N journeys open at once, each ended and waiting on its follow-up timers, on the time-skipping
// test server with the real worker (its own process) and the real activities. Measured: the worker's and
// the server's resident memory, and the wall time to skip past the 3-month follow-up until every journey
// has closed. Baseline: as many bare workflows each waiting on one timer as long, on the same server and
// worker, skipped the same span.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../db/connect';
import { warsawDay } from '../domain/working-days';
import { FOLLOW_UP_GRACE_DAYS } from '../workflows/journey';
import { DEFAULT_RULES } from '../domain/default-rules';
import { sdkExecutable } from '../runtime/temporal-binaries';
import { registerSearchAttributes } from '../runtime/temporal-server';
import { act, NotAllowedNowError, submitApplication } from '../server/services/journeys';
import { decidedSignal, journeyWorkflowId, listApprovedSignal } from '../workflows/contracts';
import { childPids, forkWorker, log, rssOf } from './processes';
import { applicationBody } from './starts';
import { BENCH_SCORES, createBenchProject, createUser, type Base, type Cleanup } from './stack';
import { round, throughput } from './stats';

const MiB = 1024 * 1024;
/** Ended journeys close 30 days after the 3-month window; a few days more cover the end of that day. */
const SKIP_DAYS = DEFAULT_RULES.followUp2Days + FOLLOW_UP_GRACE_DAYS + 4;
/** Journeys per project: each project has its own recruitment round, as real projects do (tens to hundreds). */
const PER_PROJECT = 500;
const DRIVE_CONCURRENCY = 8;

export interface CapacityResult {
  journeys: number;
  /** Wall time to bring N journeys from the application to "ended" (set-up, not a target). */
  setupSeconds: number;
  workerRssIdleMiB: number;
  /** Highest worker RSS with N bare timer workflows open and skipped. */
  bareWorkerRssMiB: number;
  /** Highest worker RSS with N journeys open and skipped: at most 1024 MiB is the target. */
  workerRssMiB: number;
  bareServerRssMiB: number;
  serverRssMiB: number;
  /** Wall seconds to skip N bare timers SKIP_DAYS ahead. */
  bareSkipSeconds: number;
  /** Wall seconds to skip N journeys past the 3-month follow-up until all of them closed. */
  skipSeconds: number;
  skipDays: number;
  /** workerRssMiB / bareWorkerRssMiB. */
  rssRatio: number;
  /** skipSeconds / bareSkipSeconds. */
  skipRatio: number;
}

/** Highest RSS of the processes while `fn` runs (sampled every 250 ms). */
async function peakRss<T>(pids: number[], fn: () => Promise<T>): Promise<{ value: T; peaks: number[] }> {
  const peaks = pids.map(rssOf);
  const timer = setInterval(() => pids.forEach((pid, i) => (peaks[i] = Math.max(peaks[i]!, rssOf(pid)))), 250);
  try {
    const value = await fn();
    pids.forEach((pid, i) => (peaks[i] = Math.max(peaks[i]!, rssOf(pid))));
    return { value, peaks };
  } finally {
    clearInterval(timer);
  }
}

async function untilAllClosed(db: Db, ids: string[]): Promise<void> {
  for (let i = 0; ; i++) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from applications where id = any(${ids}::uuid[]) and stage = 'closed'`.execute(db);
    if (rows[0]!.n >= ids.length) return;
    if (i > 2400) throw new Error(`only ${rows[0]!.n} of ${ids.length} journeys closed`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function benchCapacity(base: Base, cleanup: Cleanup, journeys: number): Promise<CapacityResult> {
  const { db } = base;
  log('capacity: starting the time-skipping test server and a worker process');
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: sdkExecutable('temporal-test-server') } });
  cleanup.add(() => env.teardown());
  await registerSearchAttributes(env.address, env.namespace ?? 'default');
  const serverPid = childPids('temporal-test')[0];
  if (!serverPid) throw new Error('cannot find the time-skipping server process');
  const taskQueue = `bench-capacity-${randomUUID().slice(0, 8)}`;
  const worker = await forkWorker({ address: env.address, namespace: env.namespace ?? 'default', taskQueue, bundlePath: base.bundlePath, databaseUrl: base.databaseUrl });
  cleanup.add(() => worker.stop());
  const pids = [worker.pid, serverPid];
  await new Promise((r) => setTimeout(r, 1000));
  const workerRssIdle = rssOf(worker.pid);

  // ---- baseline: N workflows on one timer each -----------------------------------------------------
  log(`capacity: ${journeys} bare timer workflows, skipped ${SKIP_DAYS} days`);
  const timerMs = (SKIP_DAYS - 2) * 86_400_000;
  const bareHandles: string[] = [];
  // A plain client: the time-skipping client's result() would unlock time skipping while it waits.
  const plain = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
  await throughput(journeys, 16, async () => {
    const h = await env.client.workflow.start('benchTimer', { taskQueue, workflowId: `bench-timer-${randomUUID()}`, args: [timerMs] });
    bareHandles.push(h.workflowId);
  });
  const bare = await peakRss(pids, async () => {
    const t0 = performance.now();
    await env.sleep(`${SKIP_DAYS} days`);
    // Time cannot pass a fired timer before its workflow task is done: a sample confirms all completed.
    for (const id of bareHandles.slice(-20)) await plain.workflow.getHandle(id).result();
    return (performance.now() - t0) / 1000;
  });

  // ---- the app: N journeys driven to "ended", then skipped past the 3-month follow-up ---------------
  const socialWorker = await createUser(db, 'social_worker');
  const coordinator = await createUser(db, 'coordinator');
  const deps = { db, temporal: env.client, taskQueue };
  const sw = { id: socialWorker.id, role: socialWorker.role };
  const scores = Object.fromEntries(BENCH_SCORES.map((s) => [s.code, s.points]));
  const projects: string[] = [];
  for (let i = 0; i < Math.ceil(journeys / PER_PROJECT); i++) projects.push(await createBenchProject(db, PER_PROJECT * 2));

  log(`capacity: driving ${journeys} journeys to "ended" (application, scoring, decision, approval, signatures, end)`);
  const ids: string[] = [];
  let next = 0;
  const setup = await peakRss(pids, async () => {
    const t0 = performance.now();
    await throughput(journeys, DRIVE_CONCURRENCY, async () => {
      const projectId = projects[Math.floor(next++ / PER_PROJECT)]!;
      const { applicationId } = await submitApplication(deps, sw, { ...applicationBody(projectId), birthDate: '2002-03-15' }, randomUUID());
      ids.push(applicationId);
      await act(deps, sw, applicationId, 'screen', { scores, opinion: 'Rekomenduję udział.' }, randomUUID());
      const handle = env.client.workflow.getHandle(journeyWorkflowId(applicationId));
      const at = new Date(await env.currentTimeMs()).toISOString();
      // What the round tells a journey once the commission decided and the director approved the list.
      await handle.signal(decidedSignal, { decision: 'qualified', fromReserve: false, decidedBy: coordinator.id, decidedAt: at });
      await handle.signal(listApprovedSignal, { approvedBy: coordinator.id, approvedAt: at });
      const today = warsawDay(new Date(await env.currentTimeMs()));
      await untilAllowed(() => act(deps, sw, applicationId, 'signDocuments', { signedOn: today, kinds: ['declaration', 'contract', 'data_statement'] }, randomUUID()));
      await act(deps, sw, applicationId, 'endParticipation', { reason: 'completed', endedOn: today }, randomUUID());
    });
    return (performance.now() - t0) / 1000;
  });
  log(`capacity: ${journeys} journeys ended in ${round(setup.value, 1)} s; skipping ${SKIP_DAYS} days`);
  const app = await peakRss(pids, async () => {
    const t0 = performance.now();
    await env.sleep(`${SKIP_DAYS} days`);
    await untilAllClosed(db, ids);
    return (performance.now() - t0) / 1000;
  });
  await worker.stop();

  const mib = (b: number) => round(b / MiB, 1);
  const workerRssMiB = mib(Math.max(setup.peaks[0]!, app.peaks[0]!));
  const bareWorkerRssMiB = mib(bare.peaks[0]!);
  return {
    journeys,
    setupSeconds: round(setup.value, 1),
    workerRssIdleMiB: mib(workerRssIdle),
    bareWorkerRssMiB,
    workerRssMiB,
    bareServerRssMiB: mib(bare.peaks[1]!),
    serverRssMiB: mib(Math.max(setup.peaks[1]!, app.peaks[1]!)),
    bareSkipSeconds: round(bare.value, 2),
    skipSeconds: round(app.value, 2),
    skipDays: SKIP_DAYS,
    rssRatio: round(workerRssMiB / bareWorkerRssMiB, 3),
    skipRatio: round(app.value / bare.value, 3),
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

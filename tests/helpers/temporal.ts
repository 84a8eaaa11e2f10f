// Real Temporal for tests: the time-skipping test server (months of timers in seconds), one per
// test file because its clock is global; the workflow bundle built once per file.
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { onTeardown } from './teardown';
import { createActivities } from '../../activities';
import type { ActivityDeps } from '../../activities/deps';
import { loadConfig } from '../../runtime/config';
import { encryptingDataConverter, FAILURE_CONVERTER_PATH, REFUSED_PAYLOADS_MODULE } from '../../runtime/payload-codec';
import { sdkExecutable } from '../../runtime/temporal-binaries';
import { registerSearchAttributes } from '../../runtime/temporal-server';
import { WORKFLOWS_PATH } from '../../runtime/worker';

/**
 * One payload key per test process, as in production: every client and worker of a test file encrypts
 * with it, and child processes (worker-main, start) get it through TEST_PAYLOAD_ENV.
 */
export const TEST_PAYLOAD_ENV = { PAYLOAD_KEY: randomBytes(32).toString('base64'), PAYLOAD_KEY_ID: 'test' };
export const testDataConverter = encryptingDataConverter({ current: loadConfig(TEST_PAYLOAD_ENV).payload.key! });
/** Only for replaying the recorded histories, which are kept in plain text: lets plain payloads through. */
export const replayDataConverter = encryptingDataConverter({ current: loadConfig(TEST_PAYLOAD_ENV).payload.key! }, { acceptPlaintext: true });

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: [REFUSED_PAYLOADS_MODULE], failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietLogger });
  return bundle;
}

const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };

/** `keepClock`: the server's clock stays at the real time (a file that skips no days and reads the panel "as of now"). */
export async function timeSkippingEnv(opts: { keepClock?: boolean } = {}): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: sdkExecutable('temporal-test-server') },
    client: { dataConverter: testDataConverter },
  });
  onTeardown(() => env.teardown());
  // Workflows upsert SciezkaStage/SciezkaProject; the test server rejects attributes it does not know.
  await registerSearchAttributes(env.address, env.namespace ?? 'default');
  // Start every file at 10:00 in Warsaw: tests skip whole days, and a run that began near midnight would
  // let a workflow clock lagging the server's by minutes fall on the previous calendar day.
  if (!opts.keepClock) await env.sleep(msUntilWarsawHour(await env.currentTimeMs(), 10));
  return env;
}

/** Milliseconds from `nowMs` to the next hour:minute on Warsaw's clock (a full day if it is that now). */
export function msUntilWarsawHour(nowMs: number, hour: number, minute = 0): number {
  const local = new Date(nowMs).toLocaleString('en-GB', { timeZone: 'Europe/Warsaw', hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const [h, m, sec] = local.split(':').map(Number) as [number, number, number];
  const secondsNow = (h % 24) * 3600 + m * 60 + sec;
  const delta = (hour * 3600 + minute * 60 - secondsNow + 24 * 3600) % (24 * 3600);
  return (delta === 0 ? 24 * 3600 : delta) * 1000;
}

/** A worker with the real activities, on a fresh task queue unless one is given. */
export async function testWorker(
  env: TestWorkflowEnvironment,
  deps: ActivityDeps,
  activityOverrides: object = {},
  opts: { taskQueue?: string; dataConverter?: DataConverter; maxCachedWorkflows?: number } = {},
) {
  const taskQueue = opts.taskQueue ?? `test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: { ...createActivities(deps), ...activityOverrides },
    dataConverter: opts.dataConverter ?? testDataConverter,
    ...(opts.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
  });
  return { worker, taskQueue };
}

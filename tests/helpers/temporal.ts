// Real Temporal for tests: the time-skipping test server (months of timers in seconds), one per
// test file because its clock is global; the workflow bundle built once per file.
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll } from 'vitest';
import { createActivities, type ActivityDeps } from '../../activities';
import { sdkExecutable } from '../../runtime/temporal-binaries';
import { registerSearchAttributes } from '../../runtime/temporal-server';
import { WORKFLOWS_PATH } from '../../runtime/worker';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  return bundle;
}

const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };

export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: sdkExecutable('temporal-test-server') },
  });
  afterAll(() => env.teardown());
  // Workflows upsert SciezkaStage/SciezkaProject; the test server rejects attributes it does not know.
  await registerSearchAttributes(env.address, env.namespace ?? 'default');
  return env;
}

/** A worker on a fresh task queue with the real activities. */
export async function testWorker(env: TestWorkflowEnvironment, deps: ActivityDeps, activityOverrides: object = {}) {
  const taskQueue = `test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: { ...createActivities(deps), ...activityOverrides },
  });
  return { worker, taskQueue };
}

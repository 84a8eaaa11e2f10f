// A worker for the reminder tests: the real activities (overridable) on a fresh task queue, with the
// test bundle (real workflows + the journey stand-in).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { ActivityDeps } from '../../activities/deps';
import { testDataConverter } from '../helpers/temporal';

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };
let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

export async function reminderWorker(env: TestWorkflowEnvironment, deps: ActivityDeps, overrides: object = {}) {
  bundle ??= bundleWorkflowCode({ workflowsPath: path.resolve(import.meta.dirname, 'workflows.ts'), logger: quiet });
  const taskQueue = `reminders-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await bundle,
    activities: { ...createActivities(deps), ...overrides },
    dataConverter: testDataConverter,
  });
  return { worker, taskQueue };
}

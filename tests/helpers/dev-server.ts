// A real Temporal dev server (in memory) for tests that need what the time-skipping server lacks:
// Schedules, the HTTP panel running against a live worker, the embedded start.
import { spawn } from 'node:child_process';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll } from 'vitest';
import { findTemporalBinary } from '../../runtime/temporal-binaries';
import { registerSearchAttributes, waitForTemporal } from '../../runtime/temporal-server';
import { freePort } from './ports';

export async function devServerEnv(): Promise<TestWorkflowEnvironment> {
  const cli = findTemporalBinary('temporal');
  if (!cli) {
    const env = await TestWorkflowEnvironment.createLocal();
    afterAll(() => env.teardown());
    return env;
  }
  const port = await freePort();
  const proc = spawn(cli, ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'], {
    stdio: 'ignore',
  });
  const address = `127.0.0.1:${port}`;
  await waitForTemporal(address, 60_000, () => proc.exitCode === null);
  await registerSearchAttributes(address, 'default');
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address });
  afterAll(async () => {
    await env.teardown();
    proc.kill('SIGTERM');
  });
  return env;
}

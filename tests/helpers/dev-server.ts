// A real Temporal dev server for tests that need what the time-skipping server lacks:
// Schedules, the HTTP panel running against a live worker, the embedded start, restarts.
import { spawn, type ChildProcess } from 'node:child_process';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { onTeardown } from './teardown';
import { findTemporalBinary } from '../../runtime/temporal-binaries';
import { registerSearchAttributes, waitForTemporal } from '../../runtime/temporal-server';
import { freePort } from './ports';
import { testDataConverter } from './temporal';

export interface DevServer {
  address: string;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and waits until it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port and SQLite file; resolves when the frontend answers. */
  start(): Promise<void>;
}

/**
 * `temporal server start-dev` on a fixed port; with `dbFilename` its state survives a restart.
 * Undefined when no CLI binary is installed.
 */
export async function spawnDevServer(opts: { dbFilename?: string } = {}): Promise<DevServer | undefined> {
  const cli = findTemporalBinary('temporal');
  if (!cli) return undefined;
  // The server also binds ports of its own choosing (HTTP API, metrics): with several suites starting
  // servers at once one of them can lose a port and exit; it then gets another try on another port.
  for (let attempt = 1; ; attempt++) {
    try {
      return await devServerOnFreePort(cli, opts);
    } catch (err) {
      if (attempt === 3 || !/exited during start-up/.test((err as Error).message)) throw err;
    }
  }
}

async function devServerOnFreePort(cli: string, opts: { dbFilename?: string }): Promise<DevServer> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const args = ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'];
  if (opts.dbFilename) args.push('--db-filename', opts.dbFilename);
  let proc: ChildProcess | undefined;
  const server: DevServer = {
    address,
    async start() {
      const p = spawn(cli, args, { stdio: 'ignore' });
      proc = p;
      await waitForTemporal(address, 60_000, () => p.exitCode === null && p.signalCode === null);
      await registerSearchAttributes(address, 'default');
    },
    async stop() {
      const p = proc;
      if (!p || p.exitCode !== null || p.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
      p.kill('SIGTERM');
      const force = setTimeout(() => p.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    },
  };
  await server.start();
  return server;
}

export async function devServerEnv(): Promise<TestWorkflowEnvironment> {
  const server = await spawnDevServer();
  if (!server) {
    const env = await TestWorkflowEnvironment.createLocal({ client: { dataConverter: testDataConverter } });
    onTeardown(() => env.teardown());
    return env;
  }
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address, client: { dataConverter: testDataConverter } });
  onTeardown(async () => {
    await env.teardown();
    await server.stop();
  });
  return env;
}

// The embedded Temporal: a `temporal server start-dev` child process persisted to SQLite under
// the data folder, supervised (restarted if it dies), with its Web UI.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { temporal } from './temporal-proto';
import type { Config } from './config';
import { StartupError } from './startup-error';
import { findTemporalBinary } from './temporal-binaries';
import { ALL_SEARCH_ATTRIBUTES } from '../contracts/search-attributes';
import type { TemporalAuth } from './temporal-auth';

export interface EmbeddedTemporal {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

export async function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** Polls until the frontend answers, with our own deadline (the SDK gives up after 5 s). */
export async function waitForTemporal(address: string, timeoutMs: number, alive: () => boolean = () => true, auth: TemporalAuth = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline && alive()) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000, ...auth });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new StartupError(
    alive()
      ? `Temporal at ${address} did not answer within ${timeoutMs / 1000}s (${(lastError as Error)?.message ?? 'no answer'}); ` +
          'check TEMPORAL_ADDRESS or raise TEMPORAL_READY_TIMEOUT_MS'
      : `the Temporal dev server exited during start-up`,
  );
}

/** Registers our search attributes idempotently: a persisted namespace ignores --search-attribute. */
export async function registerSearchAttributes(address: string, namespace: string, auth: TemporalAuth = {}): Promise<void> {
  const connection = await Connection.connect({ address, ...auth });
  try {
    // The time-skipping test server implements Add but not List: then add them all (it is idempotent there).
    const { customAttributes } = await connection.operatorService
      .listSearchAttributes({ namespace })
      .catch((err: { code?: number }) => {
        if (err.code === 12 /* UNIMPLEMENTED */) return { customAttributes: {} as Record<string, number> };
        throw err;
      });
    const missing = ALL_SEARCH_ATTRIBUTES.filter((k) => !customAttributes?.[k.name]);
    if (missing.length === 0) return;
    const { IndexedValueType } = temporal.api.enums.v1;
    const searchAttributes: Record<string, number> = {};
    for (const k of missing) {
      const typeName = TypedSearchAttributes.toMetadataType(k.type).toUpperCase().replace('KEYWORDLIST', 'KEYWORD_LIST');
      searchAttributes[k.name] = IndexedValueType[`INDEXED_VALUE_TYPE_${typeName}` as keyof typeof IndexedValueType];
    }
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } finally {
    await connection.close();
  }
}

/**
 * Stops a Temporal dev server still running on `dbFile` although nobody owns the data folder any more: a
 * crashed `npm start` (SIGKILL, the OOM killer) leaves its child running, holding the ports and the file.
 * Linux only (/proc); elsewhere the port check names the busy port.
 */
async function stopOrphanedDevServer(dbFile: string, log: (msg: string) => void): Promise<void> {
  const cmdline = (pid: string) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (await cmdline(entry)).split('\0');
    const at = args.indexOf('--db-filename');
    if (at < 0 || args[at + 1] !== dbFile || !args.includes('start-dev')) continue;
    log(`stopping the Temporal dev server (process ${entry}) that a crashed run left on ${dbFile}`);
    process.kill(Number(entry), 'SIGTERM');
    // Gone, or a zombie (empty command line), within 10 s; the port check below reports it otherwise.
    for (let i = 0; i < 40 && (await cmdline(entry)) !== ''; i++) await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startEmbeddedTemporal(
  config: Config,
  log: { info(msg: string): void; error(msg: string): void },
  /** This process holds the data folder's lock: a dev server on its SQLite file is an orphan. */
  opts: { ownsDataDir?: boolean } = {},
): Promise<EmbeddedTemporal> {
  const { port, uiPort, namespace, readyTimeoutMs } = config.temporal;
  const cli = findTemporalBinary('temporal');
  const dbFile = path.join(config.dataDir, 'temporal.sqlite');
  const address = `127.0.0.1:${port}`;
  const uiUrl = config.temporal.uiUrl ?? `http://localhost:${uiPort}`;
  if (opts.ownsDataDir) await stopOrphanedDevServer(dbFile, log.info);

  for (const p of [port, uiPort]) {
    if (!(await portIsFree(p))) {
      throw new StartupError(
        `port ${p} is busy, so the embedded Temporal cannot start; stop what uses it, ` +
          'set TEMPORAL_PORT / TEMPORAL_UI_PORT, or point TEMPORAL_ADDRESS at a running server',
      );
    }
  }

  if (!cli) return startWithSdkDownload(config, dbFile, address, uiUrl);

  const args = [
    'server', 'start-dev',
    '--db-filename', dbFile,
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--ui-port', String(uiPort),
    '--namespace', namespace,
    '--log-level', 'warn',
    '--sqlite-pragma', 'journal_mode=WAL',
    '--sqlite-pragma', 'synchronous=NORMAL',
    ...ALL_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${TypedSearchAttributes.toMetadataType(k.type)}`]),
  ];

  let child: ChildProcess | undefined;
  let stopping = false;
  let stderrTail = '';
  const restarts: number[] = [];

  const launch = () => {
    stderrTail = '';
    const proc = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr!.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-2000);
    });
    proc.on('exit', (code, signal) => {
      if (stopping || child !== proc) return;
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
      if (restarts.length > 5) {
        log.error(`Temporal dev server keeps exiting (code ${code ?? signal}); not restarting. ${lastLine(stderrTail)}`);
        return;
      }
      log.error(`Temporal dev server exited (code ${code ?? signal}); restarting`);
      child = launch();
    });
    return proc;
  };
  child = launch();
  const first = child;

  try {
    await waitForTemporal(address, readyTimeoutMs, () => first.exitCode === null && first.signalCode === null);
  } catch (err) {
    stopping = true;
    first.kill('SIGTERM');
    throw new StartupError(`${(err as Error).message}. ${lastLine(stderrTail)}`.trim());
  }
  await registerSearchAttributes(address, namespace);

  return {
    address,
    uiUrl,
    async stop() {
      stopping = true;
      const proc = child;
      if (!proc || proc.exitCode !== null) return;
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).at(-1) ?? '';
}

/** No CLI found locally: the SDK downloads one (needs internet; its readiness limit is 5 s). */
async function startWithSdkDownload(config: Config, dbFile: string, address: string, uiUrl: string): Promise<EmbeddedTemporal> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  try {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download' },
        dbFilename: dbFile,
        ip: '127.0.0.1',
        port: config.temporal.port,
        uiPort: config.temporal.uiPort,
        ui: true,
        namespace: config.temporal.namespace,
        searchAttributes: ALL_SEARCH_ATTRIBUTES,
      },
    });
    await registerSearchAttributes(address, config.temporal.namespace);
    return { address, uiUrl, stop: () => env.teardown() };
  } catch (err) {
    throw new StartupError(
      `no Temporal CLI found (TEMPORAL_CLI, .tools/bin, PATH) and the SDK could not download one ` +
        `(${(err as Error).message.split('\n')[0]}); run \`npm run setup\` or set TEMPORAL_ADDRESS`,
    );
  }
}

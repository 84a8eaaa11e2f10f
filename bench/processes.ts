// Processes of the benchmark: the app's own entry points (server, worker) as child processes, the bench's
// worker child, and their memory as the kernel counts it (/proc).
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkerChildMessage, WorkerChildOptions } from './worker-child';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** Progress goes to stderr: stdout carries only the JSON result. */
const t0 = performance.now();
export const log = (msg: string) => process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${msg}\n`);

/** Resident memory of a process in bytes (0 when it is gone). */
export function rssOf(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Children of this process whose command name contains `name` (e.g. the SDK-spawned test server). */
export function childPids(name: string, parent = process.pid): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may contain spaces, so split after the last ')'.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && comm.includes(name)) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const tsxArgs = ['--import', 'tsx'];

async function stopChild(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill(signal);
  const force = setTimeout(() => proc.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(force);
}

export interface AppProcess {
  proc: ChildProcess;
  stop(): Promise<void>;
}

/**
 * One of the app's entry points (`npm run server` / `npm run worker`) as production runs it, against the
 * bench's database and Temporal. Resolves once it prints `ready` (a line of its own output).
 */
export async function spawnApp(entry: 'server-main' | 'worker-main', env: Record<string, string>, ready: RegExp): Promise<AppProcess> {
  const proc = spawn(process.execPath, [...tsxArgs, path.join(ROOT, 'runtime', `${entry}.ts`)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000);
      if (ready.test(tail)) resolve();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before it was ready: ${tail.trim().split('\n').at(-1) ?? ''}`)));
  });
  return { proc, stop: () => stopChild(proc) };
}

export interface WorkerChild {
  pid: number;
  /** RSS and live heap after a full collection. */
  memory(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

/** bench/worker-child.ts in its own process; resolves when its worker polls. */
export async function forkWorker(opts: WorkerChildOptions): Promise<WorkerChild> {
  const proc = fork(path.join(ROOT, 'bench', 'worker-child.ts'), [], { cwd: ROOT, execArgv: [...tsxArgs, '--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let onMemory: ((m: { rss: number; heapUsed: number }) => void) | undefined;
  await new Promise<void>((resolve, reject) => {
    proc.on('message', (m: WorkerChildMessage) => {
      if (m.type === 'ready') resolve();
      else if (m.type === 'memory') onMemory?.(m);
      else reject(new Error(`bench worker: ${m.message}`));
    });
    proc.once('exit', (code) => reject(new Error(`bench worker exited (${code})`)));
    proc.send(opts);
  });
  return {
    pid: proc.pid!,
    memory() {
      return new Promise((resolve) => {
        onMemory = resolve;
        proc.send({ type: 'memory' });
      });
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.send({ type: 'stop' });
      const force = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(force);
    },
  };
}

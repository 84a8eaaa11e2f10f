// Starting the app's own entry points as child processes, the way a user does.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';

const root = path.resolve(import.meta.dirname, '../..');

export interface Started {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** A fresh data folder and free ports: what `npm start` needs to run beside other tests. */
export async function embeddedStartEnv(prefix: string): Promise<{ dataDir: string; env: Record<string, string> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const env = {
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    PGLITE_PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  return { dataDir, env };
}

/** Runs `tsx <entry> [args]` from the project root with extra environment variables. */
export function startEntry(entry: string, env: Record<string, string>, args: string[] = []): Started {
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

/** Polls until `probe` resolves true or the process exits or the deadline passes. */
export async function waitUntil(probe: () => Promise<boolean>, started: Started, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.proc.exitCode !== null) throw new Error(`process exited early:\n${started.output()}`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs} ms:\n${started.output()}`);
}

/** The live descendants of `pid` (children first-level first), read from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(`/proc/${entry}/stat`);
    if (!stat) continue;
    // pid (comm) state ppid …: comm may contain spaces, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** SIGKILLs a started process and everything it started (a crash, as the kernel's OOM killer does it). */
export function killTree(pid: number): void {
  for (const p of [pid, ...descendants(pid)]) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

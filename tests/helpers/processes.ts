// Starting the app's own entry points as child processes, the way a user does.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface Started {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `tsx <entry>` from the project root with extra environment variables. */
export function startEntry(entry: string, env: Record<string, string>): Started {
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', entry], {
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

// The end-of-run check that `npm test` leaves nothing running: a process started during the run from
// this checkout (a .tools/bin Temporal binary, one of the app's entry points, a browser) that outlived it.
// "Of this run" by a token in the environment every process the run starts inherits: another run from the
// same checkout (or a worktree sharing its .tools) is not this run's leak, and must not be killed.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const RUN_VAR = 'SCIEZKA_TEST_RUN';
const ENTRY_POINT = /(?:^|[\s/])(?:runtime|bench|scripts)\/[\w-]+\.ts\b/;

function read(fn: () => string): string {
  try {
    return fn();
  } catch {
    return '';
  }
}

interface Proc {
  pid: number;
  command: string;
}

function ours(pid: number): Proc | undefined {
  const exe = read(() => readlinkSync(`/proc/${pid}/exe`));
  const cwd = read(() => readlinkSync(`/proc/${pid}/cwd`));
  const command = read(() => readFileSync(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ').trim();
  const ofThisRun = read(() => readFileSync(`/proc/${pid}/environ`, 'utf8')).split('\0').includes(`${RUN_VAR}=${process.env[RUN_VAR]}`);
  if (!ofThisRun) return undefined;
  const inCheckout = cwd === root || cwd.startsWith(`${root}/`);
  const isOurs =
    exe.startsWith(path.join(root, '.tools', 'bin') + path.sep) ||
    (inCheckout && (ENTRY_POINT.test(command) || /chrom/.test(path.basename(exe))));
  return isOurs ? { pid, command } : undefined;
}

function processes(): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number).filter((p) => p !== process.pid);
}

/** The pids alive now: whatever ran before the run is not its leak. */
export function snapshotProcesses(): Set<number> {
  process.env[RUN_VAR] = randomUUID();
  return new Set(processes());
}

/**
 * Waits a little for stopping processes to exit; then kills what is left (nothing stays behind) and
 * throws, naming each, so the run fails and the cause gets fixed.
 */
export async function assertNothingLeft(before: Set<number>, graceMs = 10_000): Promise<void> {
  const left = () => processes().filter((p) => !before.has(p)).map(ours).filter((p): p is Proc => !!p);
  const deadline = Date.now() + graceMs;
  let found = left();
  while (found.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    found = left();
  }
  if (!found.length) return;
  for (const p of found) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(
    `the test run left ${found.length} process(es) running (now killed); a test or helper does not stop what it starts:\n` +
      found.map((p) => `  ${p.pid} ${p.command.slice(0, 200)}`).join('\n'),
  );
}

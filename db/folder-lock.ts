// The embedded database has one owner: the process holding DATA_DIR/pgdata.lock. Two PGlite instances on
// one folder each keep their own copy in memory and overwrite each other's writes, so a second process
// either talks to the owner through the port the lock names, or refuses. The lock outlives a crash; a lock
// whose process is gone (same host, same boot, no process with that pid and start time) is taken over.
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../domain/errors';

export const LOCK_FILE = 'pgdata.lock';

export interface LockInfo {
  app: 'sciezka';
  pid: number;
  host: string;
  platform: string;
  /** Linux: the kernel's boot id and the process's start time, so a reused pid is not taken for the owner. */
  bootId: string | null;
  startTicks: string | null;
  /** Who holds it, for the messages: `npm start`, `npm run seed:examples`, … */
  command: string;
  /** Set once the owner serves the database on 127.0.0.1:port; null for a short-lived direct opener. */
  port: number | null;
  /** The owner will serve the database (it may still be starting). */
  serves: boolean;
  since: string;
}

export type LockState =
  | { kind: 'free' }
  | { kind: 'held'; info: LockInfo }
  | { kind: 'stale'; info: LockInfo };

const fail = (msg: string) => new AppError('unavailable', msg);

function readProc(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

const bootId = () => readProc('/proc/sys/kernel/random/boot_id')?.trim() ?? null;

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may contain spaces). */
function startTicks(pid: number): string | null {
  const stat = readProc(`/proc/${pid}/stat`);
  return stat ? (stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null) : null;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function currentCommand(): string {
  const event = process.env.npm_lifecycle_event;
  if (event && event !== 'npx') return event === 'start' ? 'npm start' : `npm run ${event}`;
  return `node ${path.basename(process.argv[1] ?? '')}`.trim();
}

function isLockInfo(v: unknown): v is LockInfo {
  const o = v as Partial<LockInfo> | null;
  return !!o && o.app === 'sciezka' && Number.isInteger(o.pid) && typeof o.host === 'string' && typeof o.platform === 'string';
}

/** What the lock file says, and whether its process still runs. Throws one line for a lock we cannot judge. */
export async function inspectLock(dataDir: string): Promise<LockState> {
  const file = path.join(dataDir, LOCK_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'free' };
    throw fail(`cannot read the lock ${file} (${(err as Error).message}); check the data folder's permissions`);
  }
  let info: unknown;
  try {
    info = JSON.parse(text);
  } catch {
    info = undefined;
  }
  if (!isLockInfo(info)) {
    throw fail(`${file} is not a lock Sciezka wrote; if no Sciezka uses ${dataDir}, remove that file and try again`);
  }
  if (info.host !== os.hostname() || info.platform !== process.platform) {
    throw fail(
      `the data folder ${dataDir} is locked by process ${info.pid} (${info.command}) on ${info.host} (${info.platform}); ` +
        `stop it there, or if nothing runs there any more remove ${file}`,
    );
  }
  const sameBoot = info.bootId === null || bootId() === null || info.bootId === bootId();
  const alive = sameBoot && pidAlive(info.pid) && (info.startTicks === null || startTicks(info.pid) === info.startTicks);
  return alive ? { kind: 'held', info } : { kind: 'stale', info };
}

export interface HeldLock {
  info: LockInfo;
  /** Records the port the owner serves the database on. */
  setPort(port: number): Promise<void>;
  release(): Promise<void>;
}

/** Writes `info` to a fresh file and moves it into place: a reader never sees half a lock. */
async function writeFresh(dataDir: string, info: LockInfo): Promise<string> {
  const tmp = path.join(dataDir, `.${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  await writeFile(tmp, `${JSON.stringify(info, null, 1)}\n`, { mode: 0o644 });
  return tmp;
}

/**
 * Takes the lock, or returns the live owner's lock info. A stale lock is taken over (`onStale` says so);
 * two processes racing for one folder: the link() below lets exactly one of them create the file.
 */
export async function acquireLock(
  dataDir: string,
  opts: { serves: boolean; onStale?: (stale: LockInfo) => void },
): Promise<{ lock: HeldLock } | { owner: LockInfo }> {
  const file = path.join(dataDir, LOCK_FILE);
  const info: LockInfo = {
    app: 'sciezka',
    pid: process.pid,
    host: os.hostname(),
    platform: process.platform,
    bootId: bootId(),
    startTicks: startTicks(process.pid),
    command: currentCommand(),
    port: null,
    serves: opts.serves,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await inspectLock(dataDir);
    if (state.kind === 'held') return { owner: state.info };
    if (state.kind === 'stale') {
      // Move the stale file aside under a name of our own: of two processes taking over, one rename wins.
      const aside = `${file}.stale-${process.pid}`;
      try {
        await rename(file, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      // Between our look and the rename another process may have taken over and written a live lock: put it back.
      if (!(await readFile(aside, 'utf8').then((t) => (JSON.parse(t) as LockInfo).pid === state.info.pid, () => false))) {
        await link(aside, file).catch(() => {});
        await unlink(aside).catch(() => {});
        continue;
      }
      opts.onStale?.(state.info);
      await unlink(aside).catch(() => {});
    }
    const tmp = await writeFresh(dataDir, info);
    try {
      await link(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw fail(`cannot create the lock ${file} (${(err as Error).message}); check the data folder's permissions`);
    } finally {
      await unlink(tmp).catch(() => {});
    }
    return { lock: heldLock(dataDir, info) };
  }
  throw fail(`could not take the lock ${file}: other processes keep taking it; try again`);
}

function heldLock(dataDir: string, info: LockInfo): HeldLock {
  const file = path.join(dataDir, LOCK_FILE);
  const stillOurs = async () => {
    const state = await inspectLock(dataDir).catch(() => undefined);
    return state?.kind === 'held' && state.info.pid === process.pid;
  };
  // A start-up failure ends in process.exit(): the lock goes with the process instead of waiting to be
  // found stale. A crash (SIGKILL, power loss) leaves it, and the next opener takes it over.
  const onExit = () => {
    try {
      if ((JSON.parse(readFileSync(file, 'utf8')) as LockInfo).pid === process.pid) unlinkSync(file);
    } catch {
      // already gone or not ours
    }
  };
  process.once('exit', onExit);
  return {
    info,
    async setPort(port) {
      info.port = port;
      const tmp = await writeFresh(dataDir, info);
      await rename(tmp, file);
    },
    async release() {
      process.off('exit', onExit);
      if (await stillOurs()) await unlink(file).catch(() => {});
    },
  };
}

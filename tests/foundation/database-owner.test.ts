// One owner of the embedded database: while `npm start` runs, seed, cli, migrate and psql reach its PGlite
// through the port it serves; a second start on the same folder is refused; a crashed owner's lock is
// taken over; a lock or port we cannot use is one line that says what to do, and nothing is deleted.
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../db/folder-lock';
import { freePort } from '../helpers/ports';
import { descendants, embeddedStartEnv, killTree, startEntry, waitUntil, type Started } from '../helpers/processes';

const SEEDED = ['AKTYWNY-SPOLECZNIE', 'DRUGI-BRZEG'];

/** The cli prints the new token alone on its line. */
const tokenIn = (out: string) => out.split('\n').map((l) => l.trim()).find((l) => /^szk_\S+$/.test(l)) ?? '';
const lastLine = (s: Started) => s.output().trim().split('\n').at(-1) ?? '';
const oneLineFailure = async (s: Started, pattern: RegExp) => {
  expect(await s.exited, s.output()).toBe(1);
  expect(lastLine(s)).toMatch(pattern);
  expect(s.output()).not.toMatch(/\n\s+at /); // no stack trace
};

describe('the embedded database has one owner', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let running: Started | undefined;
  const lockFile = () => path.join(dataDir, LOCK_FILE);

  beforeAll(async () => {
    ({ dataDir, env } = await embeddedStartEnv('sciezka-owner-'));
  });
  afterAll(async () => {
    if (running) killTree(running.proc.pid!);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const base = () => `http://127.0.0.1:${env.PORT}`;
  const healthy = async () => ((await (await fetch(`${base()}/healthz`)).json()) as { ok: boolean }).ok;
  const start = async () => {
    running = startEntry('runtime/start.ts', env);
    await waitUntil(healthy, running, 120_000);
    return running;
  };
  const stop = async () => {
    running!.proc.kill('SIGINT');
    expect(await running!.exited).toBe(0);
    running = undefined;
  };
  const command = async (entry: string, ...args: string[]) => {
    const s = startEntry(entry, env, args);
    const code = await s.exited;
    return { code, out: s.output() };
  };
  const projectCodes = async (token: string) => {
    const res = await fetch(`${base()}/api/projects`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { projects: { code: string }[] }).projects.map((p) => p.code).sort();
  };
  const login = async () => {
    const res = await fetch(`${base()}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@sciezka.local', password: 'sciezka-admin' }),
    });
    return res.status;
  };

  it('serves seed, cli, migrate and psql while it runs; everything either side wrote is there after a restart', async () => {
    await start();
    const url = `postgres://postgres@127.0.0.1:${env.PGLITE_PORT}/postgres`;
    expect(running!.output()).toContain(`database:    ${url}`);
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ pid: running!.proc.pid, port: Number(env.PGLITE_PORT) });

    const seeded = await command('scripts/seed-examples.ts');
    expect(seeded, seeded.out).toMatchObject({ code: 0 });
    expect(seeded.out).toContain(`created ${SEEDED.join(', ')}`);
    const cli = await command('scripts/cli.ts', 'token', 'create', '--email', 'admin@sciezka.local', '--name', 'owner-test');
    expect(cli.code, cli.out).toBe(0);
    const token = tokenIn(cli.out);
    expect((await command('runtime/migrate-main.ts')).out).toContain('already up to date');

    // The app's own writes (a login: session and audit rows) next to the commands' writes.
    expect(await login()).toBe(200);
    expect(await projectCodes(token)).toEqual(SEEDED);
    const created = await fetch(`${base()}/api/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'OWNER', name: 'Owner', startsOn: '2026-01-05', endsOn: '2030-12-31', places: 5, criteria: [{ code: 'opinion', label: 'Opinia', maxPoints: 10 }] }),
    });
    expect(created.status).toBe(201);

    // A person's psql: the same database, seen while the app runs.
    const psql = new pg.Client({ connectionString: url });
    await psql.connect();
    const { rows } = await psql.query<{ code: string }>('select code from projects order by code');
    await psql.end();
    expect(rows.map((r) => r.code)).toEqual(['OWNER', ...SEEDED].sort());

    // A second `npm start` on the same folder: one line, and the first goes on as before.
    const lockBefore = await readFile(lockFile(), 'utf8');
    const second = startEntry('runtime/start.ts', { ...env, PORT: String(await freePort()) });
    await oneLineFailure(second, new RegExp(`cannot start: the data folder .* is in use by process ${running!.proc.pid} .*database on port ${env.PGLITE_PORT}.*stop it first, or set DATA_DIR`));
    expect(await readFile(lockFile(), 'utf8')).toBe(lockBefore);
    expect(await healthy()).toBe(true);
    expect(await login()).toBe(200);

    await stop();
    await expect(stat(lockFile())).rejects.toThrow(/ENOENT/);
    await start();
    expect(await projectCodes(token)).toEqual(['OWNER', ...SEEDED].sort());
    expect(await login()).toBe(200);
  }, 400_000);

  it('takes over the lock of a crashed owner, and stops the Temporal dev server it left, with lines that say so', async () => {
    expect(running, 'the previous test leaves the system running').toBeDefined();
    // A crash as the OOM killer does it: the owner alone, its Temporal dev server left running.
    const crashed = running!.proc.pid!;
    const orphans = descendants(crashed);
    running!.proc.kill('SIGKILL');
    await running!.exited;
    running = undefined;
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ pid: crashed });

    const cli = await command('scripts/cli.ts', 'token', 'create', '--email', 'admin@sciezka.local');
    expect(cli.code, cli.out).toBe(0);
    expect(cli.out).toMatch(new RegExp(`taking over the lock of process ${crashed} \\(.*\\), which no longer runs`));
    await expect(stat(lockFile())).rejects.toThrow(/ENOENT/);

    const token = tokenIn(cli.out);
    try {
      await start();
      expect(running!.output()).toMatch(/stopping the Temporal dev server \(process \d+\) that a crashed run left on .*temporal\.sqlite/);
    } finally {
      for (const pid of orphans) killTree(pid); // (a no-op when start stopped it)
    }
    expect(await projectCodes(token)).toEqual(['OWNER', ...SEEDED].sort());
    await stop();
  }, 300_000);

  describe('bad input: one line that says what to do, nothing deleted', () => {
    const lockOf = (fields: Record<string, unknown>) =>
      JSON.stringify({ app: 'sciezka', pid: process.pid, host: os.hostname(), platform: process.platform, bootId: null, startTicks: null, command: 'npm run seed:examples', port: null, serves: false, since: new Date().toISOString(), ...fields });
    const withLock = async (content: string, check: (s: Started) => Promise<void>) => {
      await writeFile(lockFile(), content);
      try {
        await check(startEntry('runtime/migrate-main.ts', env));
        expect(await readFile(lockFile(), 'utf8')).toBe(content);
        await stat(path.join(dataDir, 'pgdata'));
      } finally {
        await rm(lockFile(), { force: true });
      }
    };

    it('a folder another command has open', () =>
      withLock(lockOf({}), (s) => oneLineFailure(s, new RegExp(`in use by process ${process.pid} \\(npm run seed:examples\\); wait until it has finished`))));

    it('a lock from another host or platform', async () => {
      await withLock(lockOf({ host: 'elsewhere.example' }), (s) =>
        oneLineFailure(s, /locked by process \d+ \(npm run seed:examples\) on elsewhere\.example \(.*\); stop it there, or if nothing runs there any more remove .*pgdata\.lock/));
      await withLock(lockOf({ platform: process.platform === 'win32' ? 'linux' : 'win32' }), (s) => oneLineFailure(s, /locked by process .*remove .*pgdata\.lock/));
    });

    it('a lock file Sciezka did not write', () =>
      withLock('garbage', (s) => oneLineFailure(s, /pgdata\.lock is not a lock Sciezka wrote; if no Sciezka uses .*, remove that file/)));

    it('the database port taken', async () => {
      const blocker = net.createServer().listen(Number(env.PGLITE_PORT), '127.0.0.1');
      await new Promise((r) => blocker.once('listening', r));
      try {
        const s = startEntry('runtime/start.ts', env);
        await oneLineFailure(s, new RegExp(`port ${env.PGLITE_PORT} is busy, so the embedded database cannot be served; .*PGLITE_PORT`));
        await expect(stat(lockFile())).rejects.toThrow(/ENOENT/);
        await stat(path.join(dataDir, 'pgdata'));
      } finally {
        blocker.close();
      }
    });
  });
});

// `npm start` as a user runs it: embedded PGlite + supervised Temporal dev server + worker + panel,
// stopped with Ctrl-C (SIGINT) and started again on the same data folder.
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { openDatabase } from '../../db/connect';
import { loadConfig } from '../../runtime/config';
import { KEY_FILE, payloadDataConverter } from '../../runtime/payload-keys';
import { journeyWorkflowId } from '../../contracts/journey';
import { createTestUser, tokenFor } from '../helpers/app';
import { testPesel } from '../helpers/journeys';
import { embeddedStartEnv, killTree, startEntry, waitUntil, type Started } from '../helpers/processes';

describe('embedded start (npm start)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let running: Started | undefined;

  afterAll(async () => {
    // With its Temporal dev server: a failed test must not leave it running.
    if (running) killTree(running.proc.pid!);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const healthy = async () => {
    const res = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);
    const body = (await res.json()) as { ok: boolean };
    return body.ok;
  };

  it('starts everything with no configuration, stops on Ctrl-C, and finds the journey where it was after a restart', async () => {
    ({ dataDir, env } = await embeddedStartEnv('sciezka-embedded-'));

    running = startEntry('runtime/start.ts', env);
    await waitUntil(healthy, running, 120_000);
    expect(running.output()).toContain('created the administrator');
    expect(running.output()).toContain(`panel:       http://localhost:${env.PORT}`);
    expect(running.output()).toContain(`Temporal UI: http://localhost:${env.TEMPORAL_UI_PORT}`);
    const ui = await fetch(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}/`);
    expect(ui.status).toBe(200);
    await stat(path.join(dataDir, 'temporal.sqlite'));
    await stat(path.join(dataDir, 'pgdata'));
    // The payload key, generated once, readable by its owner only.
    const keyFile = path.join(dataDir, KEY_FILE);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const key = await readFile(keyFile, 'utf8');

    running.proc.kill('SIGINT');
    expect(await running.exited).toBe(0);
    expect(running.output()).toContain('stopped');

    // While it is stopped, an operator adds a coordinator with an API token (the embedded database is ours now).
    const handle = await openDatabase({ dataDir });
    const token = await tokenFor(handle.db, await createTestUser(handle.db, 'coordinator'));
    await handle.close();
    const api = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${env.PORT}/api${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    // Second start: the administrator was kept, not created again; a journey begins.
    running = startEntry('runtime/start.ts', env);
    await waitUntil(healthy, running, 120_000);
    expect(running.output()).not.toContain('created the administrator');
    const project = await api('POST', '/projects', {
      code: 'SMOKE', name: 'Smoke', startsOn: '2026-01-05', endsOn: '2030-12-31', places: 5,
      criteria: [{ code: 'opinion', label: 'Opinia', maxPoints: 10 }],
    });
    expect(project.status).toBe(201);
    const application = await api('POST', '/applications', {
      projectId: project.body.id, firstName: 'Anna', lastName: 'Nowak', pesel: testPesel(), sex: 'K', disability: false, channel: 'in_person',
    });
    expect(application.status).toBe(201);
    const applicationId = application.body.id as string;
    running.proc.kill('SIGINT');
    expect(await running.exited).toBe(0);

    // Third start: the journey is where it was, still running in Temporal, and takes the next step.
    running = startEntry('runtime/start.ts', env);
    await waitUntil(healthy, running, 120_000);
    expect(await readFile(keyFile, 'utf8')).toBe(key);
    // The operator's client reads the same key file (it exists: nothing is generated here).
    const dataConverter = await payloadDataConverter(loadConfig({ DATA_DIR: dataDir }), { generate: true });
    const client = new Client({ connection: await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_PORT}` }), dataConverter });
    const described = await client.workflow.getHandle(journeyWorkflowId(applicationId)).describe();
    expect(described.status.name).toBe('RUNNING');
    await client.connection.close();
    expect((await api('GET', `/participants/${applicationId}`)).body).toMatchObject({ stage: 'applied' });
    const scored = await api('POST', '/applications/score', { applicationId, scores: [{ code: 'opinion', points: 7 }], opinion: 'Rekomenduję.' });
    expect(scored.status).toBe(200);
    running.proc.kill('SIGINT');
    expect(await running.exited).toBe(0);
  }, 300_000);

  it('fails fast with one line when the database is unreachable, deleting nothing', async () => {
    const proc = startEntry('runtime/start.ts', {
      ...env,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(await proc.exited).toBe(1);
    const lines = proc.output().trim().split('\n');
    expect(lines.at(-1)).toMatch(/^\[sciezka\] cannot start: .*DATABASE_URL/);
    expect(proc.output()).not.toMatch(/\n\s+at /); // no stack trace
    await stat(path.join(dataDir, 'pgdata'));
  });

  it('fails fast with one line on a corrupt data folder, and leaves it as it was', async () => {
    const corrupt = await mkdtemp(path.join(os.tmpdir(), 'sciezka-corrupt-'));
    try {
      await mkdir(path.join(corrupt, 'pgdata'));
      await writeFile(path.join(corrupt, 'pgdata', 'PG_VERSION'), 'garbage');
      const proc = startEntry('runtime/start.ts', { ...env, DATA_DIR: corrupt });
      expect(await proc.exited).toBe(1);
      expect(proc.output().trim().split('\n').at(-1)).toMatch(/cannot open the embedded database .*move the folder aside/);
      expect(await readFile(path.join(corrupt, 'pgdata', 'PG_VERSION'), 'utf8')).toBe('garbage');
    } finally {
      await rm(corrupt, { recursive: true, force: true });
    }
  });

  it('fails fast with one line when the panel port is busy', async () => {
    const net = await import('node:net');
    const blocker = net.createServer().listen(Number(env.PORT), '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const proc = startEntry('runtime/start.ts', env);
      expect(await proc.exited).toBe(1);
      expect(proc.output().trim().split('\n').at(-1)).toMatch(/port \d+ is busy.*PORT/);
    } finally {
      blocker.close();
    }
  });
});

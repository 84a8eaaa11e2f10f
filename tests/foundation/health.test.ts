import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../runtime/config';
import { createWorker } from '../../runtime/worker';
import { testDb } from '../helpers/db';
import { devServerEnv } from '../helpers/dev-server';
import { testDataConverter } from '../helpers/temporal';
import type { Db } from '../../db/connect';

describe('GET /healthz', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  let app: FastifyInstance;
  const taskQueue = `health-${randomUUID()}`;

  beforeAll(async () => {
    env = await devServerEnv();
    db = await testDb();
    const config = loadConfig({ TEMPORAL_TASK_QUEUE: taskQueue });
    app = await buildApp({ config, db, temporal: env.client, temporalUiUrl: undefined });
  });
  afterAll(() => app?.close());

  it('reports 503 with worker: false while no worker polls the task queue', async () => {
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ok: false, database: true, temporal: true, worker: false });
  });

  it('reports 200 with database, Temporal and worker up once a worker polls', async () => {
    const { worker, connection } = await createWorker({
      address: env.address,
      namespace: 'default',
      taskQueue,
      dataConverter: testDataConverter,
      deps: { db, now: () => new Date() },
    });
    await worker.runUntil(async () => {
      let body: unknown;
      for (let i = 0; i < 40; i++) {
        const res = await app.inject('/healthz');
        body = res.json();
        if (res.statusCode === 200) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(body).toEqual({ ok: true, database: true, temporal: true, worker: true });
    });
    await connection.close();
  });
});

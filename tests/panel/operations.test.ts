// Operations: a journey stuck on a failing activity is listed (from Temporal), retried from the panel, audited.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { listStuckActivities } from '../../server/services/operations';
import { createTestUser, loggedIn, testApp, TEMPORAL_UI } from '../helpers/app';
import { testDataConverter } from '../helpers/temporal';
import { until } from '../helpers/wait';

const { app, db, env } = await testApp({ worker: false });

let healthy = false;
const taskQueue = `stuck-${randomUUID()}`;
const worker = await Worker.create({
  connection: env.nativeConnection,
  taskQueue,
  workflowsPath: path.resolve(import.meta.dirname, 'fixtures/stuck-workflow.ts'),
  activities: {
    async flakyStep() {
      if (!healthy) throw new Error('database unavailable (simulated)');
      return 'done';
    },
  },
  dataConverter: testDataConverter,
});
const running = worker.run();
afterAll(async () => {
  worker.shutdown();
  await running;
});


describe('Operations page', () => {
  it('lists a journey stuck on a failing activity and retries it', async () => {
    const workflowId = `journey-${randomUUID()}`;
    const handle = await env.client.workflow.start('stuckWorkflow', { taskQueue, workflowId });
    const stuck = await until(async () => (await listStuckActivities(env.client)).find((s) => s.workflowId === workflowId), 'the failure');
    expect(stuck).toMatchObject({ activityType: 'flakyStep', workflowType: 'stuckWorkflow' });
    expect(stuck.lastFailure).toContain('database unavailable (simulated)');
    expect(stuck.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);

    const coordinator = await loggedIn(app, await createTestUser(db, 'coordinator'));
    const page = await coordinator.get('/operations');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`title="Identyfikator: ${workflowId}"`);
    expect(page.body).toContain(`${TEMPORAL_UI}/namespaces/default/workflows/${workflowId}`);
    expect(page.body).toContain('Ponów teraz');

    healthy = true;
    const retried = await coordinator.post('/operations/retry', { workflowId, activityId: stuck.activityId });
    expect(retried.statusCode).toBe(200);
    expect(retried.body).toContain('Czynność zostanie ponowiona.');
    expect(await handle.result()).toBe('done');
    const entry = await db.selectFrom('audit_log').selectAll().where('action', '=', 'activity_retried').where('entity_id', '=', workflowId).executeTakeFirst();
    expect(entry).toBeDefined();
    const after = await coordinator.get('/operations');
    expect(after.body).not.toContain(`workflows/${workflowId}`);
    expect(after.body).toContain('<td>Ponowienie kroku przebiegu</td>');
    expect(after.body).not.toContain('activity_retried');
  });

  it('refuses Operations to roles without it, and an unknown workflow with 404', async () => {
    const worker = await loggedIn(app, await createTestUser(db, 'social_worker'));
    expect((await worker.get('/operations')).statusCode).toBe(403);
    expect((await worker.post('/operations/retry', { workflowId: 'x', activityId: '1' })).statusCode).toBe(403);
    const admin = await loggedIn(app, await createTestUser(db, 'admin'));
    const res = await admin.post('/operations/retry', { workflowId: `journey-${randomUUID()}`, activityId: '1' });
    expect(res.statusCode).toBe(404);
  });
});

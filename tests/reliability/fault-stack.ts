// The stack the fault tests break: a Temporal dev server of their own (restartable, persisted to SQLite),
// the worker as a real child process (killable), a real SMTP server, a project with its users, on the
// database the test names (the run's, or a throwaway cluster it may stop).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../../db/connect';
import { spawnDevServer, type DevServer } from '../helpers/dev-server';
import { TEST_PAYLOAD_ENV, testDataConverter } from '../helpers/temporal';
import { createWorld, type World } from '../journey/driver';
import { testSmtp, type TestSmtp } from '../reminders/smtp';
import { WorkerProcess } from './worker-process';

export interface FaultStack {
  w: World;
  server: DevServer;
  worker: WorkerProcess;
  smtp: TestSmtp;
  /** Message ids the SMTP server received, one per copy. */
  received(): string[];
  close(): Promise<void>;
}

export async function faultStack(name: string, db: Db, databaseUrl: string): Promise<FaultStack> {
  const dir = await mkdtemp(path.join(tmpdir(), `sciezka-${name}-`));
  const smtp = await testSmtp();
  const server = await spawnDevServer({ dbFilename: path.join(dir, 'temporal.db') });
  if (!server) throw new Error('the fault tests need the Temporal CLI (npm run setup)');
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address, client: { dataConverter: testDataConverter } });
  const taskQueue = `${name}-${randomUUID()}`;
  const w = await createWorld(db, env, taskQueue);
  const worker = new WorkerProcess({
    ...TEST_PAYLOAD_ENV,
    TEMPORAL_ADDRESS: server.address,
    DATABASE_URL: databaseUrl,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_URL: smtp.url,
    DATA_DIR: dir,
  });
  await worker.start();
  return {
    w,
    server,
    worker,
    smtp,
    received: () => smtp.messages.map((m) => m.messageId),
    async close() {
      await worker.stop();
      await env.teardown();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

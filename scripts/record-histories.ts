// Records the participant journey's histories, one per path, into tests/histories/journey-<path>.json.
// The replay test (tests/journey/replay.test.ts) replays them against the current workflow code, so a
// change that would break running journeys fails the suite. Re-record only for a deliberate, patched()
// change, and keep the old files too (rename them) so old runs stay covered.
//   npx tsx scripts/record-histories.ts [path ...]      (needs PostgreSQL: TEST_DATABASE_URL)
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import pg from 'pg';
import { createActivities } from '../activities';
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { payloadKeyOf } from '../runtime/config';
import { decryptHistory, encryptingDataConverter } from '../runtime/payload-codec';
import { sdkExecutable } from '../runtime/temporal-binaries';
import { installTemporalRuntime } from '../runtime/temporal-runtime';
import { registerSearchAttributes } from '../runtime/temporal-server';
import { WORKFLOWS_PATH } from '../runtime/worker';
import { createWorld, PATHS } from '../tests/journey/driver';

const HISTORY_DIR = path.resolve(import.meta.dirname, '../tests/histories');

const wanted = process.argv.slice(2);
installTemporalRuntime('WARN');
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `sciezka_histories_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const dbHandle = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
// Recorded as the app runs (encrypted, with a key of this run), written in plain text (fake people only)
// so the replay tests need no secret; a worker's codec passes plain payloads through.
const dataConverter = encryptingDataConverter({ current: payloadKeyOf(randomBytes(32).toString('base64'), 'recording') });
const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: sdkExecutable('temporal-test-server') }, client: { dataConverter } });
try {
  await migrateToLatest(dbHandle.db);
  await registerSearchAttributes(env.address, 'default');
  const taskQueue = `record-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities({ db: dbHandle.db, now: () => new Date() }),
    dataConverter,
  });
  await worker.runUntil(async () => {
    const world = await createWorld(dbHandle.db, env, taskQueue);
    await mkdir(HISTORY_DIR, { recursive: true });
    for (const [pathName, run] of Object.entries(PATHS)) {
      if (wanted.length > 0 && !wanted.includes(pathName)) continue;
      const j = await run(world);
      const history = await decryptHistory(await j.handle.fetchHistory(), dataConverter);
      const file = path.join(HISTORY_DIR, `journey-${pathName.replaceAll('_', '-')}.json`);
      await writeFile(file, `${historyToJSON(history)}\n`);
      console.log(`${pathName}: ${history.events?.length} events -> ${path.relative(process.cwd(), file)}`);
    }
  });
} finally {
  await env.teardown();
  await dbHandle.close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

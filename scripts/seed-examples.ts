// npm run seed:examples: loads the two real projects of the seeds, so a new user sees something real.
// Idempotent by project code: an existing project is left as it is.
// `-- --with-participants`: also fills them with their synthetic people through the running system's
// workflows (demo/run.ts); `npm start` must be running on the same data folder (or configuration).
import { Connection } from '@temporalio/client';
import { connectTemporalClient, openMigratedDatabase } from '../runtime/bootstrap';
import { loadConfig } from '../runtime/config';
import { payloadDataConverter } from '../runtime/payload-keys';
import { runMain } from '../runtime/process';
import { StartupError } from '../runtime/startup-error';
import { runDemo } from '../demo/run';
import { seedExamples } from './example-projects';
import type { Db } from '../db/connect';

/** One line redrawn in place on a terminal (a line per tenth elsewhere): done/total, a bar, the step. */
function progressBar(out: NodeJS.WriteStream = process.stdout) {
  let lastTenth = -1;
  return (done: number, total: number, what: string) => {
    const share = total ? done / total : 1;
    const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
    const line = `[${bar}] ${String(Math.round(share * 100)).padStart(3)}%  ${what}`;
    if (out.isTTY) out.write(`\r${line.slice(0, (out.columns || 100) - 1).padEnd((out.columns || 100) - 1)}${done === total ? '\n' : ''}`);
    else if (Math.floor(share * 10) !== lastTenth) {
      lastTenth = Math.floor(share * 10);
      out.write(`${line}\n`);
    }
  };
}

async function withParticipants(db: Db) {
  const config = loadConfig();
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.port}`;
  // The journeys run on the system's worker: without it running, nothing would move.
  const reachable = await Connection.connect({ address, connectTimeout: 3_000, ...config.temporal.auth }).then(
    (c) => c.close().then(() => true),
    () => false,
  );
  if (!reachable) throw new StartupError(`no Temporal at ${address}: start the system first (npm start, with the same DATA_DIR), then run this again`);
  const temporal = await connectTemporalClient(config, address, await payloadDataConverter(config, { generate: false, joinEmbedded: !config.temporal.address }));
  try {
    const started = Date.now();
    const result = await runDemo({ db, temporal: temporal.client, taskQueue: config.temporal.taskQueue }, { progress: progressBar() });
    for (const p of result.projects) console.log(`seed:examples: ${p.code}: ${p.people} people ${p.skipped ? 'already there' : 'played through'}`);
    console.log(`seed:examples: done in ${Math.round((Date.now() - started) / 1000)} s`);
    if (result.accounts.length) {
      console.log('seed:examples: staff accounts (one-time passwords, a new one is asked at the first login):');
      for (const a of result.accounts) console.log(`  ${a.email.padEnd(38)} ${a.password}  ${a.name}`);
    }
  } finally {
    await temporal.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Embedded: while `npm start` runs, through its database port; otherwise the folder itself.
  await runMain(async () => {
    const handle = await openMigratedDatabase(loadConfig());
    try {
      const { created, existing } = await seedExamples(handle.db);
      console.log(`seed:examples: created ${created.join(', ') || 'none'}; already present ${existing.join(', ') || 'none'}`);
      if (process.argv.includes('--with-participants')) await withParticipants(handle.db);
    } finally {
      await handle.close();
    }
  });
}

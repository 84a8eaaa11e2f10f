// `npm run migrate`: brings the database (DATABASE_URL, or the embedded one) to the latest schema.
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { loadConfig } from './config';
import { runMain, say } from './process';

await runMain(async () => {
  const config = loadConfig();
  // Embedded: while `npm start` runs, through its port; otherwise the folder itself (db/connect.ts).
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, notice: say });
  try {
    const applied = await migrateToLatest(handle.db);
    say(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
  } finally {
    await handle.close();
  }
});

// `npm run migrate`: brings the database (DATABASE_URL, or the embedded one) to the latest schema; with
// MIGRATION_DATABASE_URL as that owner, granting DATABASE_URL's role its rights (db/app-role.ts).
import { openDatabase } from '../db/connect';
import { migrateDatabase } from './migrations';
import { loadConfig } from './config';
import { runMain, say } from './process';

await runMain(async () => {
  const config = loadConfig();
  // Embedded: while `npm start` runs, through its port; otherwise the folder itself (db/connect.ts).
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, notice: say });
  try {
    const applied = await migrateDatabase(config, handle.db);
    say(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
  } finally {
    await handle.close();
  }
});

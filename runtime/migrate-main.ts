// `npm run migrate`: brings the database (DATABASE_URL, or the embedded one) to the latest schema.
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { loadConfig } from './config';
import { runMain, say } from './process';

await runMain(async () => {
  const handle = await openDatabase(loadConfig());
  try {
    const applied = await migrateToLatest(handle.db);
    say(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
  } finally {
    await handle.close();
  }
});

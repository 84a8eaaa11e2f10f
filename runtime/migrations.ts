// Migrations in every entry point (`npm start`, `npm run worker` / `server`, `npm run migrate`).
import { grantAppRole, roleOf } from '../db/app-role';
import { openDatabase, type Db } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import type { Config } from './config';
import { StartupError } from './startup-error';

/**
 * Brings the schema up to date: as the owner (MIGRATION_DATABASE_URL), granting DATABASE_URL's role its
 * rights afterwards (db/app-role.ts), or, with one role, as `db`'s own. Returns the migrations applied.
 */
export async function migrateDatabase(config: Config, db: Db): Promise<string[]> {
  const ownerUrl = config.migrationDatabaseUrl;
  try {
    if (!ownerUrl) return await migrateToLatest(db);
    const owner = await openDatabase({ databaseUrl: ownerUrl, dataDir: config.dataDir });
    try {
      const applied = await migrateToLatest(owner.db);
      const appRole = roleOf(config.databaseUrl!);
      if (appRole && appRole !== roleOf(ownerUrl)) await grantAppRole(owner.db, appRole);
      return applied;
    } finally {
      await owner.close();
    }
  } catch (err) {
    const msg = (err as Error).message;
    const hint = /permission denied|must be owner/.test(msg) && !ownerUrl ? '; the app\'s role may not change the schema: run `npm run migrate` with MIGRATION_DATABASE_URL (the owner) first' : '';
    const where = ownerUrl && !/^migration /.test(msg) ? `cannot migrate as MIGRATION_DATABASE_URL's role (${msg})` : msg;
    throw new StartupError(where + hint);
  }
}

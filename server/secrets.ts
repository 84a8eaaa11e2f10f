import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connect';

/**
 * SESSION_SECRET, or one generated at first start and kept in the database, so every panel process
 * and every restart signs cookies alike.
 */
export async function sessionSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db
    .insertInto('panel_settings')
    .values({ key: 'session_secret', value: randomBytes(48).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('panel_settings').select('value').where('key', '=', 'session_secret').executeTakeFirstOrThrow();
  return row.value;
}

import type { Db } from '../db/connect';
import { hashPassword } from '../server/passwords';
import type { Config } from './config';
import { say } from './process';

/** The first start creates an administrator; a default password must be changed at first login. */
export async function ensureAdmin(db: Db, config: Config): Promise<void> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  const usesDefault = !process.env.ADMIN_PASSWORD;
  await db
    .insertInto('users')
    .values({
      email: config.admin.email.toLowerCase(),
      name: 'Administrator',
      role: 'admin',
      password_hash: await hashPassword(config.admin.password),
      must_change_password: usesDefault,
      // The administrator configures every project, present and future.
      all_projects: true,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  say(`created the administrator ${config.admin.email}${usesDefault ? ' with the default password (change it at first login)' : ''}`);
}

// @fastify/session store in PostgreSQL. Session ids are kept as sha256 so the table alone opens no session.
import { createHash } from 'node:crypto';
import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { Db } from '../db/connect';

type Callback<T = void> = (err?: unknown, value?: T) => void;

const hashId = (sid: string) => createHash('sha256').update(sid).digest('hex');
const DEFAULT_TTL_MS = 8 * 3600_000;

export function createSessionStore(db: Db): SessionStore {
  return {
    set(sid: string, session: Session, cb: Callback) {
      const expires = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + DEFAULT_TTL_MS);
      const row = { data: JSON.stringify(session), user_id: session.userId ?? null, expires_at: expires, updated_at: new Date() };
      db.insertInto('sessions')
        .values({ id_hash: hashId(sid), ...row })
        .onConflict((oc) => oc.column('id_hash').doUpdateSet(row))
        .execute()
        .then(() => cb(), cb);
    },
    get(sid: string, cb: Callback<Session | null>) {
      db.selectFrom('sessions')
        .select(['data', 'expires_at'])
        .where('id_hash', '=', hashId(sid))
        .executeTakeFirst()
        .then((row) => cb(undefined, row && row.expires_at > new Date() ? (row.data as unknown as Session) : null), cb);
    },
    destroy(sid: string, cb: Callback) {
      db.deleteFrom('sessions')
        .where('id_hash', '=', hashId(sid))
        .execute()
        .then(() => cb(), cb);
    },
  };
}

/** Ends every session of a user (password change by an admin, deactivation). */
export async function destroyUserSessions(db: Db, userId: string, exceptSid?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSid) q = q.where('id_hash', '!=', hashId(exceptSid));
  await q.execute();
}

export async function purgeExpiredSessions(db: Db): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
}

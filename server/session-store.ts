// @fastify/session store in PostgreSQL. Session ids are kept as sha256 so the table alone opens no session.
// A session ends at its absolute lifetime (the cookie's expiry, 8 h) or after SESSION_IDLE_MS without a
// request (shared office PCs), whichever comes first; updated_at is the last request, touched at most
// once a minute so that reading pages does not write the database on every request.
import { createHash } from 'node:crypto';
import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { Db } from '../db/connect';

type Callback<T = void> = (err?: unknown, value?: T) => void;

const hashId = (sid: string) => createHash('sha256').update(sid).digest('hex');
const DEFAULT_TTL_MS = 8 * 3600_000;
export const SESSION_IDLE_MS = 30 * 60_000;
const TOUCH_AFTER_MS = 60_000;

export function createSessionStore(db: Db, opts: { now?: () => Date; idleMs?: number } = {}): SessionStore {
  const now = opts.now ?? (() => new Date());
  const idleMs = opts.idleMs ?? SESSION_IDLE_MS;
  const read = async (sid: string): Promise<Session | null> => {
    const row = await db.selectFrom('sessions').select(['data', 'expires_at', 'updated_at']).where('id_hash', '=', hashId(sid)).executeTakeFirst();
    if (!row) return null;
    const t = now();
    if (row.expires_at <= t || t.getTime() - row.updated_at.getTime() > idleMs) {
      await db.deleteFrom('sessions').where('id_hash', '=', hashId(sid)).execute();
      return null;
    }
    if (t.getTime() - row.updated_at.getTime() > TOUCH_AFTER_MS) await db.updateTable('sessions').set({ updated_at: t }).where('id_hash', '=', hashId(sid)).execute();
    return row.data as unknown as Session;
  };
  return {
    set(sid: string, session: Session, cb: Callback) {
      const t = now();
      const expires = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(t.getTime() + DEFAULT_TTL_MS);
      const row = { data: JSON.stringify(session), user_id: session.userId ?? null, expires_at: expires, updated_at: t };
      db.insertInto('sessions')
        .values({ id_hash: hashId(sid), ...row })
        .onConflict((oc) => oc.column('id_hash').doUpdateSet(row))
        .execute()
        .then(() => cb(), cb);
    },
    get(sid: string, cb: Callback<Session | null>) {
      read(sid).then((s) => cb(undefined, s), cb);
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

/** Sessions past their lifetime or idle limit (run at every login: the table never grows with dead rows). */
export async function purgeExpiredSessions(db: Db, now = new Date(), idleMs = SESSION_IDLE_MS): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('updated_at', '<', new Date(now.getTime() - idleMs))]))
    .execute();
}

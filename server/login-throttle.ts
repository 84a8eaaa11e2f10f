// Login throttling in PostgreSQL, so every replica counts the same attempts (an in-memory limiter per
// process lets an attacker spread guesses over replicas and restarts). Two counters per attempt:
// - the account (e-mail): after `max` failures it is locked for `timeWindow`, doubling with each later
//   failure (backoff), until a successful login; the right password waits too while it is locked;
// - the address: at most `perAddress` failures per `timeWindow`, whatever the e-mails, so random e-mails
//   (each a fresh account counter) cannot buy unlimited password hashes.
// An attempt is charged before the password is checked (so concurrent attempts cannot all pass the check)
// and refunded when it succeeds. A refused attempt never reaches the hash.
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import { AppError } from '../domain/errors';
import { purgeExpiredSessions } from './session-store';

export interface LoginLimits {
  /** Failures of one account before it is locked. */
  max: number;
  /** The lock's first length and the address window, in ms. */
  timeWindow: number;
  /** Failures from one address per window (default PER_ADDRESS). */
  perAddress?: number;
}

export const PER_ADDRESS = 30;
const MAX_LOCK_MS = 24 * 3600_000;
/** A counter untouched this long starts again from zero (also what purgeLoginThrottle deletes). */
const FORGET_AFTER_MS = 24 * 3600_000;

interface Row {
  key: string;
  attempts: number;
  window_started_at: Date;
  locked_until: Date | null;
}

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const addressKey = (ip: string) => `address:${ip}`;

/** Charges one attempt to both counters, or throws rate_limited without charging. */
async function charge(db: Db, limits: LoginLimits, keys: { account: string; address: string }, now: Date): Promise<void> {
  const refused = await db.transaction().execute(async (tx) => {
    // Rows locked in one order, so two concurrent logins cannot deadlock.
    const ordered = [keys.account, keys.address].sort();
    for (const key of ordered) {
      await sql`insert into login_throttle (key, attempts, window_started_at, updated_at) values (${key}, 0, ${now}, ${now}) on conflict (key) do nothing`.execute(tx);
    }
    const { rows } = await sql<Row>`select key, attempts, window_started_at, locked_until from login_throttle where key in (${keys.account}, ${keys.address}) order by key for update`.execute(tx);
    const fresh = (r: Row, ms: number) => now.getTime() - new Date(r.window_started_at).getTime() < ms;
    const account = rows.find((r) => r.key === keys.account)!;
    const address = rows.find((r) => r.key === keys.address)!;
    const accountAttempts = fresh(account, FORGET_AFTER_MS) ? account.attempts : 0;
    const addressAttempts = fresh(address, limits.timeWindow) ? address.attempts : 0;
    if ((account.locked_until && new Date(account.locked_until) > now) || addressAttempts >= (limits.perAddress ?? PER_ADDRESS)) return true;
    const failures = accountAttempts + 1;
    // Charged as a failure now; the lock this attempt would earn applies to the next one.
    const lockedUntil = failures >= limits.max ? new Date(now.getTime() + Math.min(MAX_LOCK_MS, limits.timeWindow * 2 ** (failures - limits.max))) : null;
    await sql`update login_throttle set attempts = ${failures}, locked_until = ${lockedUntil}, updated_at = ${now},
      window_started_at = ${accountAttempts === 0 ? now : account.window_started_at} where key = ${keys.account}`.execute(tx);
    await sql`update login_throttle set attempts = ${addressAttempts + 1}, updated_at = ${now},
      window_started_at = ${addressAttempts === 0 ? now : address.window_started_at} where key = ${keys.address}`.execute(tx);
    return false;
  });
  if (refused) throw new AppError('rate_limited', 'too many login attempts; try again later');
}

/** A successful login: the account starts again, the address gets its attempt back. */
async function refund(db: Db, keys: { account: string; address: string }): Promise<void> {
  await sql`delete from login_throttle where key = ${keys.account}`.execute(db);
  await sql`update login_throttle set attempts = greatest(attempts - 1, 0) where key = ${keys.address}`.execute(db);
}

/**
 * Runs `attempt` (the password check) under the limits: refused with rate_limited (429) before any hash
 * when the account or the address is over its limit; a success refunds the attempt.
 */
export async function throttledLogin<T>(db: Db, limits: LoginLimits, who: { email: string; ip: string }, attempt: () => Promise<T>, now = new Date()): Promise<T> {
  const keys = { account: accountKey(who.email), address: addressKey(who.ip) };
  await charge(db, limits, keys, now);
  const result = await attempt();
  await refund(db, keys);
  // Housekeeping at login, so dead rows never pile up: expired sessions, forgotten counters.
  await purgeExpiredSessions(db, now);
  await purgeLoginThrottle(db, now);
  return result;
}

/** Counters nobody has touched for a day (run with the session purge). */
export async function purgeLoginThrottle(db: Db, now = new Date()): Promise<void> {
  await sql`delete from login_throttle where updated_at < ${new Date(now.getTime() - FORGET_AFTER_MS)} and (locked_until is null or locked_until < ${now})`.execute(db);
}

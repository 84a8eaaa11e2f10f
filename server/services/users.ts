// Users: login, passwords, administration. Throws AppError; the panel and the API share it.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import { ROLES, type Role } from '../../domain/types';
import { z } from 'zod';
import { assertCan } from '../../domain/permissions';
import type { Actor, ServiceActor } from '../actor';
import { audit } from '../audit';
import { hashPassword, verifyPassword } from '../passwords';
import { destroyUserSessions } from '../session-store';
import { revokeUserTokens } from './api-tokens';
import type { Locale } from '../../i18n';
import { inProjectsOf, type ScopeActor } from './scope';

export const MIN_PASSWORD_LENGTH = 10;

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  locale: Locale;
  mustChangePassword: boolean;
  createdAt: Date;
  /** No password login; API tokens minted by an admin (server/services/api-tokens.ts). */
  serviceAccount: boolean;
}

const summaryColumns = ['id', 'email', 'name', 'role', 'active', 'locale', 'must_change_password', 'created_at', 'service_account'] as const;
function toSummary(r: { id: string; email: string; name: string; role: Role; active: boolean; locale: Locale; must_change_password: boolean; created_at: Date; service_account: boolean }): UserSummary {
  return { id: r.id, email: r.email, name: r.name, role: r.role, active: r.active, locale: r.locale, mustChangePassword: r.must_change_password, createdAt: r.created_at, serviceAccount: r.service_account };
}

// A verify against this hash keeps a wrong e-mail as slow as a wrong password (no user enumeration by timing).
let dummyHash: Promise<string> | undefined;

/** The user for these credentials, or 'unauthenticated' (same answer for unknown e-mail and wrong password). */
export async function authenticate(db: Db, email: string, password: string, ip: string): Promise<UserSummary> {
  const row = await db
    .selectFrom('users')
    .select([...summaryColumns, 'password_hash'])
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  const ok = row ? await verifyPassword(row.password_hash, password) : await verifyPassword(await (dummyHash ??= hashPassword('x'.repeat(16))), password);
  if (!row || !ok || !row.active || row.service_account) {
    await audit(db, { id: row?.id ?? null, ip }, { action: 'login_failed', entity: 'user', entityId: row?.id ?? null }).catch(() => {});
    throw new AppError('unauthenticated', 'wrong e-mail or password');
  }
  await audit(db, { id: row.id, ip }, { action: 'login', entity: 'user', entityId: row.id });
  return toSummary(row);
}

export function checkNewPassword(password: string, repeat?: string, field = 'newPassword'): void {
  const fields = [];
  if (password.length < MIN_PASSWORD_LENGTH) fields.push({ field, message: 'too_short' });
  else if (repeat !== undefined && password !== repeat) fields.push({ field: 'repeatPassword', message: 'mismatch' });
  if (fields.length) throw new AppError('invalid_input', 'invalid new password', fields);
}

export async function changeOwnPassword(db: Db, actor: Actor, current: string, next: string, repeat: string, keepSessionId?: string): Promise<void> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', actor.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, current))) {
    throw new AppError('invalid_input', 'the current password is wrong', [{ field: 'currentPassword', message: 'wrong_current' }]);
  }
  checkNewPassword(next, repeat);
  if (next === current) throw new AppError('invalid_input', 'the new password equals the current one', [{ field: 'newPassword', message: 'same' }]);
  await db.updateTable('users').set({ password_hash: await hashPassword(next), must_change_password: false }).where('id', '=', actor.id).execute();
  // Other sessions and the API tokens of this user end: whoever knew the old password is out.
  await destroyUserSessions(db, actor.id, keepSessionId);
  await revokeUserTokens(db, actor.id);
  await audit(db, actor, { action: 'password_changed', entity: 'user', entityId: actor.id });
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  const rows = await db.selectFrom('users').select(summaryColumns).orderBy('active', 'desc').orderBy('name').execute();
  return rows.map(toSummary);
}

export async function getUser(db: Db, id: string): Promise<UserSummary | undefined> {
  const row = await db.selectFrom('users').select(summaryColumns).where('id', '=', id).executeTakeFirst();
  return row && toSummary(row);
}

export interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  /** Not for a service account (it never logs in with one). */
  password?: string | undefined;
  serviceAccount?: boolean | undefined;
}

const newUserFields = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(200),
  role: z.enum(ROLES),
  password: z.string().max(200).optional().describe('at least 10 characters; none for a service account'),
});

// A person needs a password; a service account gets none (the issue takes zod's localized message).
function passwordUnlessService(v: { serviceAccount: boolean; password?: string | undefined }, ctx: z.RefinementCtx): void {
  if (!v.serviceAccount && (v.password ?? '').length < MIN_PASSWORD_LENGTH) {
    ctx.addIssue({ code: 'too_small', origin: 'string', minimum: MIN_PASSWORD_LENGTH, inclusive: true, path: ['password'], input: v.password ?? '' });
  }
}

/** The administrator's new-user form (the panel parses it with this schema; createUser checks it again). */
export const newUserSchema = newUserFields
  .extend({ serviceAccount: z.literal('on').optional().transform((v) => v === 'on') })
  .superRefine(passwordUnlessService);

/**
 * The same new user as the API's JSON body: only what its document can state (a name of spaces, a short
 * password are createUser's refusals, 422).
 */
export const newUserBody = newUserFields.extend({ name: z.string().min(1).max(200), serviceAccount: z.boolean().default(false) });

/** A password an administrator sets for a user. */
export const resetPasswordSchema = z.object({ password: z.string().min(MIN_PASSWORD_LENGTH).max(200) });

/** `actor` with a null id: the system (the demo's staff accounts). */
export async function createUser(db: Db, actor: Pick<Actor, 'role'> & { id: string | null }, input: NewUserInput): Promise<{ id: string }> {
  assertCan(actor.role, 'manageUsers');
  if (!ROLES.includes(input.role)) throw new AppError('invalid_input', 'unknown role', [{ field: 'role', message: 'unknown role' }]);
  const service = input.serviceAccount === true;
  // A service account's password is random and never shown: nobody logs in as it (authenticate refuses it anyway).
  const password = service ? randomBytes(32).toString('base64url') : (input.password ?? '');
  if (!service) checkNewPassword(password, undefined, 'password');
  if (!input.name.trim()) throw new AppError('invalid_input', 'empty name', [{ field: 'name', message: 'required', text: { key: 'common.required' } }]);
  const email = input.email.trim().toLowerCase();
  const row = await db
    .insertInto('users')
    .values({ email, name: input.name.trim(), role: input.role, password_hash: await hashPassword(password), must_change_password: !service, service_account: service })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError('conflict', 'e-mail already in use', [{ field: 'email', message: 'taken' }]);
  await audit(db, actor, { action: 'user_created', entity: 'user', entityId: row.id, details: { role: input.role, ...(service ? { serviceAccount: true } : {}) } });
  return row;
}

export async function setUserActive(db: Db, actor: Actor, userId: string, active: boolean): Promise<void> {
  assertCan(actor.role, 'manageUsers');
  if (userId === actor.id && !active) throw new AppError('conflict', 'cannot deactivate yourself', [{ field: 'active', message: 'self' }]);
  const res = await db.updateTable('users').set({ active }).where('id', '=', userId).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('not_found', 'no such user');
  if (!active) await destroyUserSessions(db, userId);
  await audit(db, actor, { action: active ? 'user_activated' : 'user_deactivated', entity: 'user', entityId: userId });
}

export async function resetPassword(db: Db, actor: Actor, userId: string, password: string): Promise<void> {
  assertCan(actor.role, 'manageUsers');
  // One's own password is changed knowing the old one (the password page), not reset: a reset would also
  // lock one's own session and tokens until the change.
  if (userId === actor.id) throw new AppError('conflict', 'cannot reset your own password', [{ field: 'password', message: 'self' }]);
  checkNewPassword(password, undefined, 'password');
  const res = await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(password), must_change_password: true })
    .where('id', '=', userId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('not_found', 'no such user');
  await destroyUserSessions(db, userId);
  await revokeUserTokens(db, userId);
  await audit(db, actor, { action: 'password_reset', entity: 'user', entityId: userId });
}

export async function setLocale(db: Db, actor: Actor, locale: Locale): Promise<void> {
  await db.updateTable('users').set({ locale }).where('id', '=', actor.id).execute();
}

/** Display names of users (a participant's social worker, the actors on a timeline). */
export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((u) => [u.id, u.name]));
}

/** The active social workers who work in one of the actor's projects, as choices of a form (assigning a participant). */
export async function activeSocialWorkers(db: Db, actor: ScopeActor): Promise<Array<{ id: string; name: string }>> {
  return db
    .selectFrom('users as w')
    .select(['w.id', 'w.name'])
    .where('w.role', '=', 'social_worker')
    .where('w.active', '=', true)
    .where((eb) => eb.or([eb('w.all_projects', '=', true), eb.exists(eb.selectFrom('user_projects as up').select('up.project_id').whereRef('up.user_id', '=', 'w.id').where(inProjectsOf(actor, 'up.project_id')))]))
    .orderBy('w.name')
    .execute();
}

/** The end of a session, in the audit log. */
export async function recordLogout(db: Db, actor: Actor): Promise<void> {
  await audit(db, actor, { action: 'logout', entity: 'user', entityId: actor.id });
}

/** The administrator's Users page. */
export async function viewUsers(db: Db, actor: ServiceActor): Promise<{ users: UserSummary[] }> {
  assertCan(actor.role, 'manageUsers');
  return { users: await listUsers(db) };
}

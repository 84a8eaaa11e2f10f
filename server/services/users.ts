// Users: login, passwords, administration. Throws AppError; the panel and the API share it.
import { createHash, randomBytes } from 'node:crypto';
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
}

const summaryColumns = ['id', 'email', 'name', 'role', 'active', 'locale', 'must_change_password', 'created_at'] as const;
function toSummary(r: { id: string; email: string; name: string; role: Role; active: boolean; locale: Locale; must_change_password: boolean; created_at: Date }): UserSummary {
  return { id: r.id, email: r.email, name: r.name, role: r.role, active: r.active, locale: r.locale, mustChangePassword: r.must_change_password, createdAt: r.created_at };
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
  if (!row || !ok || !row.active) {
    await audit(db, { id: row?.id ?? null, ip }, { action: 'login_failed', entity: 'user', entityId: row?.id ?? null }).catch(() => {});
    throw new AppError('unauthenticated', 'wrong e-mail or password');
  }
  await audit(db, { id: row.id, ip }, { action: 'login', entity: 'user', entityId: row.id });
  return toSummary(row);
}

export function checkNewPassword(password: string, repeat?: string): void {
  const fields = [];
  if (password.length < MIN_PASSWORD_LENGTH) fields.push({ field: 'newPassword', message: 'too_short' });
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
  // Other sessions of this user end: whoever knew the old password is out.
  await destroyUserSessions(db, actor.id, keepSessionId);
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
  password: string;
}

/** The administrator's new-user form (the panel parses it with this schema; createUser checks it again). */
export const newUserSchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(200),
  role: z.enum(ROLES),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(200),
});

/** A password an administrator sets for a user. */
export const resetPasswordSchema = z.object({ password: z.string().min(MIN_PASSWORD_LENGTH).max(200) });

export async function createUser(db: Db, actor: Actor, input: NewUserInput): Promise<{ id: string }> {
  assertCan(actor.role, 'manageUsers');
  if (!ROLES.includes(input.role)) throw new AppError('invalid_input', 'unknown role', [{ field: 'role', message: 'unknown role' }]);
  checkNewPassword(input.password);
  const email = input.email.trim().toLowerCase();
  const row = await db
    .insertInto('users')
    .values({ email, name: input.name.trim(), role: input.role, password_hash: await hashPassword(input.password), must_change_password: true })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError('conflict', 'e-mail already in use', [{ field: 'email', message: 'taken' }]);
  await audit(db, actor, { action: 'user_created', entity: 'user', entityId: row.id, details: { role: input.role } });
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
  checkNewPassword(password);
  const res = await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(password), must_change_password: true })
    .where('id', '=', userId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('not_found', 'no such user');
  await destroyUserSessions(db, userId);
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

// API tokens: shown once, stored as sha256, sent as `Authorization: Bearer …`.

const PREFIX = 'szk_';
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface TokenSummary {
  id: string;
  name: string;
  userId: string;
  userEmail: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A token for a user; `actor` null is the operator's command line (npm run cli). */
export async function createApiToken(db: Db, actor: ServiceActor | null, userId: string, name: string): Promise<{ id: string; token: string }> {
  if (actor) assertCan(actor.role, 'manageApiTokens');
  const user = await db.selectFrom('users').select(['id', 'active']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AppError('not_found', 'no such user', [{ field: 'userId', message: 'unknown user' }]);
  if (!user.active) throw new AppError('conflict', 'the user is inactive', [{ field: 'userId', message: 'inactive' }]);
  const token = PREFIX + randomBytes(32).toString('base64url');
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name: name.trim() || 'token', token_hash: hashToken(token), created_by: actor?.id ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, actor, { action: 'api_token_created', entity: 'user', entityId: userId, details: { tokenId: row.id } });
  return { id: row.id, token };
}

/** The active user behind a token, or undefined. Marks the token used (at most once a minute). */
export async function userForToken(db: Db, token: string) {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as tokenId', 't.last_used_at', 'u.id', 'u.email', 'u.name', 'u.role', 'u.locale', 'u.must_change_password'])
    .where('t.token_hash', '=', hashToken(token))
    .where('t.revoked_at', 'is', null)
    .where('u.active', '=', true)
    .executeTakeFirst();
  if (row && (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000)) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.tokenId).execute();
  }
  return row;
}

export async function listApiTokens(db: Db): Promise<TokenSummary[]> {
  const rows = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.name', 't.user_id', 'u.email', 't.created_at', 't.last_used_at', 't.revoked_at'])
    .orderBy('t.created_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, userId: r.user_id, userEmail: r.email, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

export async function revokeApiToken(db: Db, actor: ServiceActor, tokenId: string): Promise<void> {
  assertCan(actor.role, 'manageApiTokens');
  const res = await db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', tokenId).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('not_found', 'no such active token');
  await audit(db, actor, { action: 'api_token_revoked', entity: 'api_token', entityId: tokenId });
}

/** The administrator's Users page: the users and the API tokens. */
export async function viewUsers(db: Db, actor: ServiceActor): Promise<{ users: UserSummary[]; tokens: TokenSummary[] }> {
  assertCan(actor.role, 'manageUsers');
  const [users, tokens] = await Promise.all([listUsers(db), listApiTokens(db)]);
  return { users, tokens };
}

// API tokens: shown once, stored as sha256, sent as `Authorization: Bearer …`. Each expires (at most a
// year ahead) and has a scope: 'read' may only read (any write answers 403, server/auth.ts), 'read-write'
// may do what the user may. A user mints tokens for themselves only, in a logged-in session (a token
// cannot mint its own successor); an administrator also for a service account, never as another
// person. A password change or reset revokes the user's tokens.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/connect';
import type { TokenScope } from '../../db/schema';
import { AppError } from '../../domain/errors';
import { assertCan, can } from '../../domain/permissions';
import type { Actor } from '../actor';
import { requiredText } from '../forms';
import { audit } from '../audit';

const PREFIX = 'szk_';
export const TOKEN_SCOPES = ['read', 'read-write'] as const satisfies readonly TokenScope[];
export const MAX_TOKEN_DAYS = 365;
/** The operator's command line (npm run cli) when it names no expiry. */
export const CLI_TOKEN_DAYS = 90;
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const newTokenSchema = z.object({
  name: requiredText(100),
  expiresInDays: z.coerce.number().int().min(1).max(MAX_TOKEN_DAYS),
  scope: z.enum(TOKEN_SCOPES),
  /** Whose token: unset, the caller's own; otherwise a service account (administrators only). */
  userId: z.uuid().optional().or(z.literal('').transform(() => undefined)),
});
export type NewTokenInput = z.infer<typeof newTokenSchema>;

export interface TokenSummary {
  id: string;
  name: string;
  userId: string;
  userEmail: string;
  scope: TokenScope;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A token; `actor` null is the operator's command line, which holds the database anyway. */
export async function createApiToken(
  db: Db,
  actor: Pick<Actor, 'id' | 'role' | 'via'> & { ip?: string } | null,
  userId: string,
  name: string,
  opts: { expiresInDays?: number; scope?: TokenScope } = {},
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const user = await db.selectFrom('users').select(['id', 'active', 'service_account']).where('id', '=', userId).executeTakeFirst();
  if (actor) {
    assertCan(actor.role, 'manageOwnApiTokens');
    if (actor.via === 'token') throw new AppError('forbidden', 'an API token cannot create tokens: log in to the panel');
    // For someone else only an administrator, and only for a service account: nobody can act as another person.
    if (userId !== actor.id && !(can(actor.role, 'manageApiTokens') && user?.service_account)) {
      throw new AppError('forbidden', 'a token for another user is only for a service account, by an administrator', [{ field: 'userId', message: 'not_service_account' }]);
    }
  }
  if (!user) throw new AppError('not_found', 'no such user', [{ field: 'userId', message: 'unknown user' }]);
  if (!user.active) throw new AppError('conflict', 'the user is inactive', [{ field: 'userId', message: 'inactive' }]);
  const days = opts.expiresInDays ?? CLI_TOKEN_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
    throw new AppError('invalid_input', `expiry 1-${MAX_TOKEN_DAYS} days`, [{ field: 'expiresInDays', message: `1-${MAX_TOKEN_DAYS}` }]);
  }
  const scope = opts.scope ?? 'read-write';
  const token = PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name: name.trim() || 'token', token_hash: hashToken(token), created_by: actor?.id ?? null, scope, expires_at: expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, actor, { action: 'api_token_created', entity: 'user', entityId: userId, details: { tokenId: row.id, scope, expiresAt: expiresAt.toISOString() } });
  return { id: row.id, token, expiresAt };
}

/** The active user behind a live token (not revoked, not expired), or undefined. Marks it used (at most once a minute). */
export async function userForToken(db: Db, token: string) {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as tokenId', 't.last_used_at', 't.scope', 'u.id', 'u.email', 'u.name', 'u.role', 'u.locale', 'u.must_change_password'])
    .where('t.token_hash', '=', hashToken(token))
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', new Date())
    .where('u.active', '=', true)
    .executeTakeFirst();
  if (row && (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000)) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.tokenId).execute();
  }
  return row;
}

/** The caller's own tokens; for an administrator also the service accounts'. */
export async function listApiTokens(db: Db, actor: Pick<Actor, 'id' | 'role'>): Promise<TokenSummary[]> {
  assertCan(actor.role, 'manageOwnApiTokens');
  const admin = can(actor.role, 'manageApiTokens');
  const rows = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.name', 't.user_id', 'u.email', 't.scope', 't.created_at', 't.expires_at', 't.last_used_at', 't.revoked_at'])
    .where((eb) => (admin ? eb.or([eb('t.user_id', '=', actor.id), eb('u.service_account', '=', true)]) : eb('t.user_id', '=', actor.id)))
    .orderBy('t.created_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, userId: r.user_id, userEmail: r.email, scope: r.scope, createdAt: r.created_at, expiresAt: r.expires_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

/** Service accounts an administrator may mint tokens for (empty for anyone else). */
export async function tokenHolders(db: Db, actor: Pick<Actor, 'id' | 'role'>): Promise<Array<{ id: string; name: string; email: string }>> {
  if (!can(actor.role, 'manageApiTokens')) return [];
  return db.selectFrom('users').select(['id', 'name', 'email']).where('service_account', '=', true).where('active', '=', true).orderBy('name').execute();
}

/** Revokes one token: the caller's own, or (an administrator) any. Someone else's token is "no such token". */
export async function revokeApiToken(db: Db, actor: Pick<Actor, 'id' | 'role'> & { ip?: string }, tokenId: string): Promise<void> {
  assertCan(actor.role, 'manageOwnApiTokens');
  const admin = can(actor.role, 'manageApiTokens');
  const res = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .$if(!admin, (q) => q.where('user_id', '=', actor.id))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('not_found', 'no such active token');
  await audit(db, actor, { action: 'api_token_revoked', entity: 'api_token', entityId: tokenId });
}

/** Every live token of a user ends (a password change or reset). */
export async function revokeUserTokens(db: Db, userId: string): Promise<number> {
  const res = await db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

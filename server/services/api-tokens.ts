// API tokens: shown once, stored as sha256, sent as `Authorization: Bearer …`.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import { audit } from '../audit';

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

export async function createApiToken(db: Db, actor: { id: string; ip?: string } | null, userId: string, name: string): Promise<{ id: string; token: string }> {
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

export async function revokeApiToken(db: Db, actor: { id: string; ip?: string }, tokenId: string): Promise<void> {
  const res = await db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', tokenId).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('not_found', 'no such active token');
  await audit(db, actor, { action: 'api_token_revoked', entity: 'api_token', entityId: tokenId });
}

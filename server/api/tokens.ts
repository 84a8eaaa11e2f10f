// API tokens in the JSON API: the caller's own (and an administrator's for service accounts). Creating
// one needs a logged-in session (the service refuses a token-authenticated call).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth';
import { createApiToken, listApiTokens, newTokenSchema, revokeApiToken, TOKEN_SCOPES } from '../services/api-tokens';
import { errorResponses, idParams, operation } from './common';

const tokenBody = z.object({
  id: z.uuid(),
  name: z.string(),
  userId: z.uuid(),
  userEmail: z.string(),
  scope: z.enum(TOKEN_SCOPES),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function apiTokenRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['tokens'];

  r.get(
    '/tokens',
    operation('manageOwnApiTokens', { tags, response: { 200: z.array(tokenBody), ...errorResponses } }, 'listApiTokens'),
    async (req) =>
    (await listApiTokens(db, actorOf(req))).map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), expiresAt: t.expiresAt.toISOString(), lastUsedAt: iso(t.lastUsedAt), revokedAt: iso(t.revokedAt) })),
  );

  r.post(
    '/tokens',
    operation('manageOwnApiTokens', { tags, body: newTokenSchema, response: { 201: z.object({ id: z.uuid(), token: z.string(), expiresAt: z.string() }), ...errorResponses } }, 'createApiToken'),
    async (req, reply) => {
      const actor = actorOf(req);
      const created = await createApiToken(db, actor, req.body.userId ?? actor.id, req.body.name, req.body);
      return reply.code(201).send({ ...created, expiresAt: created.expiresAt.toISOString() });
    },
  );

  r.post(
    '/tokens/:id/revoke',
    operation('manageOwnApiTokens', { tags, params: idParams, response: { 204: z.null(), ...errorResponses } }, 'revokeApiToken'),
    async (req, reply) => {
      await revokeApiToken(db, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}

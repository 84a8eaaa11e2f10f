// API tokens in the panel: everyone's own, and an administrator's for service accounts (services/api-tokens.ts decides).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors';
import { TokensPage, type TokensPageProps } from '../../views/pages/tokens';
import { actorOf } from '../auth';
import { parseForm } from '../forms';
import { redirect, sendPage, viewCtx } from '../render';
import { createApiToken, listApiTokens, newTokenSchema, revokeApiToken, tokenHolders } from '../services/api-tokens';

const idParam = z.object({ id: z.uuid() });
const guard = { config: { op: 'manageOwnApiTokens' as const } };

export async function tokenRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  async function render(req: FastifyRequest, reply: FastifyReply, extra: Partial<Pick<TokensPageProps, 'newToken' | 'errors' | 'errorMessage'>> = {}, status = 200) {
    const ctx = viewCtx(req, reply);
    const actor = actorOf(req);
    const [tokens, holders] = await Promise.all([listApiTokens(db, actor), tokenHolders(db, actor)]);
    return sendPage(reply, ctx, ctx.t('tokens.title'), TokensPage({ ctx, tokens, holders, now: new Date(), ...extra }), status);
  }

  app.get('/tokens', guard, (req, reply) => render(req, reply));

  app.post('/tokens', guard, async (req, reply) => {
    const t = viewCtx(req, reply, { csrf: false }).t;
    const actor = actorOf(req);
    try {
      const form = parseForm(newTokenSchema, req.body, req.locale);
      const { token } = await createApiToken(db, actor, form.userId ?? actor.id, form.name, form);
      return await render(req, reply, { newToken: token });
    } catch (err) {
      // A refusal (someone else's token) is the error page, audited; the form offers only whom one may choose.
      if (!(err instanceof AppError) || !['invalid_input', 'not_found', 'conflict'].includes(err.code)) throw err;
      return render(req, reply, { errors: err.fields, errorMessage: t('error.invalid_input') }, err.status);
    }
  });

  app.post('/tokens/:id/revoke', guard, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    await revokeApiToken(db, actorOf(req), id);
    return redirect(reply, '/tokens');
  });
}

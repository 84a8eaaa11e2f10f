// The outbox page: e-mails Sciezka sent or kept, and the decision on unconfirmed ones.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { can } from '../../domain/permissions';
import { OutboxMessagePage, OutboxPage } from '../../views/pages/outbox';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { parseForm } from '../forms';
import { sendPage, viewCtx } from '../render';
import { getOutboxMessage, listOutbox, outboxFilterSchema, resolveOutboxMessage, resolveOutboxSchema } from '../services/outbox';

export async function outboxRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  async function page(req: Parameters<typeof viewCtx>[0], reply: Parameters<typeof viewCtx>[1], message?: string) {
    const q = parseForm(outboxFilterSchema, req.query ?? {}, req.locale);
    const actor = actorOf(req);
    const status = q.status || null;
    const rows = await listOutbox(db, actor, status ? { status } : {});
    const ctx = viewCtx(req, reply);
    return sendPage(reply, ctx, ctx.t('outbox.title'), OutboxPage({ ctx, rows, status, canResolve: can(actor.role, 'resolveOutbox'), message }));
  }

  app.get('/outbox', { config: { op: 'viewOutbox' } }, (req, reply) => page(req, reply));

  app.get('/outbox/:id', { config: { op: 'viewOutbox' } }, async (req, reply) => {
    const { id } = parseForm(z.object({ id: z.uuid() }), req.params, req.locale);
    const message = await getOutboxMessage(db, actorOf(req), id);
    const ctx = viewCtx(req, reply);
    return sendPage(reply, ctx, message.subject, OutboxMessagePage({ ctx, message }));
  });

  app.post('/outbox/resolve', { config: { op: 'resolveOutbox' } }, async (req, reply) => {
    const form = parseForm(resolveOutboxSchema, req.body, req.locale);
    await resolveOutboxMessage(serviceDeps(app.deps), actorOf(req), form);
    const t = viewCtx(req, reply, { csrf: false }).t;
    return page(req, reply, t(form.outcome === 'sent' ? 'outbox.confirmed' : 'outbox.resent'));
  });
}

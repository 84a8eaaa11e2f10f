// The IŚR page: read, revise (the journey's reviseIsr Update through the IŚR service), print att. 8.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors';
import { say } from '../../i18n';
import { IsrForm, IsrPage } from '../../views/pages/isr';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { sendDownload } from '../downloads';
import { isHtmx, redirect, sendFragment, sendPage, viewCtx } from '../render';
import { isrFormToInput, isrPrintout, readIsr, reviseIsr } from '../services/isr';
import { NotAllowedNowError } from '../services/journeys';

const RID = /^[0-9a-f-]{36}$/;

export async function isrRoutes(app: FastifyInstance) {
  const { db } = app.deps;
  const deps = serviceDeps(app.deps);
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;

  app.get('/participants/:id/isr', { config: { op: 'getParticipant' } }, async (req, reply) => {
    const v = await readIsr(db, actorOf(req), idOf(req), 'panel');
    const saved = Number((req.query as { saved?: string }).saved);
    const ctx = viewCtx(req, reply);
    return sendPage(reply, ctx, ctx.t('isr.title'), IsrPage({ ctx, v, state: { formToken: randomUUID(), saved: Number.isInteger(saved) && saved > 0 ? saved : undefined } }));
  });

  app.post('/participants/:id/isr', { config: { op: 'planSupport' } }, async (req, reply) => {
    const actor = actorOf(req);
    const id = idOf(req);
    const form = (req.body ?? {}) as Record<string, string | string[] | undefined>;
    const rid = typeof form._rid === 'string' && RID.test(form._rid) ? form._rid : randomUUID();
    try {
      const { revision } = await reviseIsr(deps, actor, { applicationId: id, input: isrFormToInput(form), requestId: `panel:${actor.id}:${rid}:reviseIsr`, via: 'panel' });
      return redirect(reply, `/participants/${id}/isr?saved=${revision}`);
    } catch (err) {
      if (!(err instanceof AppError) || !['invalid_input', 'not_allowed_now'].includes(err.code)) throw err;
      const ctx = viewCtx(req, reply);
      const message = err instanceof NotAllowedNowError ? err.reason[req.locale] : ctx.t('error.invalid_input');
      const errors = err.fields.map((f) => ({ ...f, message: f.text ? say(req.locale, f.text) : f.message }));
      const v = await readIsr(db, actor, id, 'panel');
      const state = { errors, message, values: form, formToken: randomUUID() };
      if (isHtmx(req)) return sendFragment(reply, IsrForm({ ctx, v, state }), err.status);
      return sendPage(reply, ctx, ctx.t('isr.title'), IsrPage({ ctx, v, state }), err.status);
    }
  });

  app.get('/participants/:id/isr.pdf', { config: { op: 'getParticipant' } }, async (req, reply) => {
    const actor = actorOf(req);
    return sendDownload(db, actor, reply, await isrPrintout(db, actor, idOf(req), req.locale));
  });
}

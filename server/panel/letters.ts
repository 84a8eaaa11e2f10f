// The office's letters page: the letters to print and post, their PDFs, and "mark as sent".
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type FieldError } from '../../domain/errors';
import { can } from '../../domain/permissions';
import { formatDate, todayInWarsaw } from '../../i18n/format';
import { LettersPage, lettersQuery } from '../../views/pages/letters';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { sendDownload } from '../downloads';
import { blankToUndefined, parseForm } from '../forms';
import { redirect, sendPage, viewCtx } from '../render';
import { letterFilterSchema, letterPdf, listLetters, markLetterSent, markSentSchema } from '../services/letters';
import { projectOptions } from '../services/projects';

const idParam = z.object({ id: z.uuid() });

export async function letterRoutes(app: FastifyInstance) {
  const { db } = app.deps;
  const journeyDeps = serviceDeps(app.deps);

  async function page(req: FastifyRequest, reply: FastifyReply, filter: z.output<typeof letterFilterSchema>, extra: { message?: string; errors?: FieldError[] } = {}, status = 200) {
    const actor = actorOf(req);
    const [{ rows, total }, projects] = await Promise.all([
      listLetters(db, actor, filter),
      projectOptions(db, actor),
    ]);
    const ctx = viewCtx(req, reply);
    return sendPage(
      reply,
      ctx,
      ctx.t('letters.title'),
      LettersPage({
        ctx,
        rows,
        total,
        filter,
        projects,
        canDownload: can(actor.role, 'getLetterPdf'),
        canMark: can(actor.role, 'markLetterSent'),
        today: todayInWarsaw(),
        ...extra,
      }),
      status,
    );
  }

  app.get('/letters', { config: { op: 'listLetters' } }, async (req, reply) => {
    const q = parseForm(letterFilterSchema.extend({ marked: z.preprocess(blankToUndefined, z.iso.date().optional()), already: z.preprocess(blankToUndefined, z.literal('1').optional()) }), req.query, req.locale);
    const t = viewCtx(req, reply, { csrf: false }).t;
    const message = q.marked ? (q.already ? t('letters.alreadySent', { date: formatDate(q.marked) }) : t('letters.marked')) : undefined;
    return page(req, reply, { projectId: q.projectId, status: q.status }, { message });
  });

  app.get('/letters/:id/pdf', { config: { op: 'getLetterPdf' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const actor = actorOf(req);
    return sendDownload(db, actor, reply, await letterPdf(db, actor, id));
  });

  app.post('/letters/:id/sent', { config: { op: 'markLetterSent' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const form = parseForm(markSentSchema.extend({ back: z.string().max(500).default('') }), req.body, req.locale);
    const filter = parseForm(letterFilterSchema, Object.fromEntries(new URLSearchParams(form.back)), req.locale);
    try {
      const r = await markLetterSent(journeyDeps, actorOf(req), id, form.sentOn);
      // Post/redirect/get: a reload does not post again (and a repeated post would change nothing anyway).
      const done = new URLSearchParams(lettersQuery(filter));
      done.set('marked', r.sentOn);
      if (r.alreadySent) done.set('already', '1');
      return redirect(reply, `/letters?${done.toString()}#letter-${id}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'invalid_input') throw err;
      return page(req, reply, filter, { errors: err.fields.map((f) => ({ ...f, field: `sent-${id}` })) }, 400);
    }
  });
}

// The Participants list: search, filters, sorting, pagination, saved filters, bulk actions
// (a preview with the count they apply to, then a confirmation), on the participants service.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../../domain/permissions';
import type { MessageKey } from '../../i18n';
import { ParticipantsPage, type BulkPreview } from '../../views/pages/participants';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { parseForm } from '../forms';
import { redirect, sendPage, viewCtx } from '../render';
import {
  BULK_ACTIONS,
  bulkSchema,
  deleteSavedFilter,
  filterSchema,
  listParticipants,
  previewBulk,
  runBulk,
  savedFilters,
  saveFilter,
  type BulkActionName,
  type ParticipantFilter,
} from '../services/participants';
import { projectOptions } from '../services/projects';
import { activeSocialWorkers } from '../services/users';

const BULK_LABELS: Record<BulkActionName, MessageKey> = { assignSocialWorker: 'bulk.assignSocialWorker', lettersSent: 'bulk.lettersSent' };

/** The bulk form: the service's schema, and the list to return to. */
const bulkForm = bulkSchema.extend({ back: z.string().max(2000).default('') });

export async function participantListRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  async function render(req: FastifyRequest, reply: FastifyReply, f: ParticipantFilter, extra: { preview?: BulkPreview; message?: string } = {}) {
    const actor = actorOf(req);
    const [{ rows, total, pages }, projects, workers, saved] = await Promise.all([listParticipants(db, actor, f), projectOptions(db, actor), activeSocialWorkers(db), savedFilters(db, actor)]);
    const ctx = viewCtx(req, reply);
    const groups = new Map<string, string>();
    for (const p of projects) for (const g of p.targetGroups) groups.set(g.code, g.label);
    return sendPage(
      reply,
      ctx,
      ctx.t('nav.participants'),
      ParticipantsPage({
        ctx,
        filter: f,
        rows,
        total,
        pages,
        projects: projects.map((p) => ({ id: p.id, label: p.label })),
        targetGroups: [...groups].map(([code, label]) => ({ code, label })),
        socialWorkers: workers,
        savedFilters: saved,
        canApply: can(actor.role, 'submitApplication'),
        bulkActions: can(actor.role, 'bulkParticipants') ? BULK_ACTIONS.map((value) => ({ value, label: ctx.t(BULK_LABELS[value]) })) : [],
        ...extra,
      }),
    );
  }

  const backTo = (req: FastifyRequest, back: string) => parseForm(filterSchema, Object.fromEntries(new URLSearchParams(back)), req.locale);

  app.get('/participants', { config: { op: 'listParticipants' } }, async (req, reply) => render(req, reply, parseForm(filterSchema, req.query, req.locale)));

  app.post('/participants/filters', { config: { op: 'listParticipants' } }, async (req, reply) => {
    const form = parseForm(z.object({ name: z.string().trim().min(1).max(100), query: z.string().max(2000) }), req.body, req.locale);
    // Only a valid filter is kept, normalised.
    const query = await saveFilter(db, actorOf(req), form.name, backTo(req, form.query));
    return redirect(reply, `/participants?${query}`);
  });

  app.post('/participants/filters/:id/delete', { config: { op: 'listParticipants' } }, async (req, reply) => {
    const { id } = parseForm(z.object({ id: z.uuid() }), req.params, req.locale);
    await deleteSavedFilter(db, actorOf(req), id);
    return redirect(reply, '/participants');
  });

  app.post('/participants/bulk/preview', { config: { op: 'bulkParticipants' } }, async (req, reply) => {
    const { back, ...form } = parseForm(bulkForm, req.body, req.locale);
    const { ids, params } = await previewBulk(db, actorOf(req), form);
    const f = backTo(req, back);
    const ctx = viewCtx(req, reply, { csrf: false });
    return render(req, reply, f, {
      preview: { action: form.action, actionLabel: ctx.t(BULK_LABELS[form.action]), selected: form.ids.length, applicable: ids.length, ids, params: { ...params, batch: randomUUID() } },
    });
  });

  app.post('/participants/bulk/run', { config: { op: 'bulkParticipants' } }, async (req, reply) => {
    const { back, ...form } = parseForm(bulkForm, req.body, req.locale);
    const { done, selected } = await runBulk(serviceDeps(app.deps), actorOf(req), form);
    const f = backTo(req, back);
    const ctx = viewCtx(req, reply, { csrf: false });
    return render(req, reply, f, { message: ctx.t('list.bulkDone', { n: done, skipped: selected - done }) });
  });
}

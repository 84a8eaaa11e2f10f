// The Participants list: search, filters, sorting, pagination, saved filters, bulk actions
// (a preview with the count they apply to, then a confirmation).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors';
import { can } from '../../domain/permissions';
import { STAGES } from '../../domain/types';
import type { MessageKey } from '../../i18n';
import { DUE_FILTERS, MAX_FILTER_IDS, ParticipantsPage, SORTS, type BulkPreview, type ParticipantFilter } from '../../views/pages/participants';
import { actorOf } from '../auth';
import { audit } from '../audit';
import { blankToUndefined, parseForm } from '../forms';
import { redirect, sendPage, viewCtx } from '../render';
import { act } from '../services/journeys';
import { listParticipants } from '../services/participants';
import type { Actor } from '../actor';
import type { Db } from '../../db/connect';
import { todayInWarsaw } from '../../i18n/format';

export const filterSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
  // The participants behind one figure (comma-separated application ids), e.g. from the indicators page.
  ids: z.preprocess(
    (v) => (typeof v === 'string' && v !== '' ? v.split(',').map((x) => x.trim()) : blankToUndefined(v)),
    z.array(z.uuid()).min(1).max(MAX_FILTER_IDS).optional(),
  ).describe('comma-separated application ids'),
  stage: z.preprocess(blankToUndefined, z.enum(STAGES).optional()),
  projectId: z.preprocess(blankToUndefined, z.uuid().optional()),
  targetGroup: z.preprocess(blankToUndefined, z.string().max(50).optional()),
  socialWorkerId: z.preprocess(blankToUndefined, z.uuid().optional()),
  due: z.preprocess(blankToUndefined, z.enum(DUE_FILTERS).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(SORTS).default('name')),
  dir: z.preprocess(blankToUndefined, z.enum(['asc', 'desc']).default('asc')),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
});

/** Bulk actions: which participants each applies to, and what it does to one of them. */
interface BulkAction {
  label: MessageKey;
  applies(db: Db, ids: string[], params: Record<string, string>): Promise<string[]>;
  run(deps: { db: Db; temporal: FastifyInstance['deps']['temporal']; updateTimeoutMs: number }, actor: Actor, id: string, params: Record<string, string>, batch: string): Promise<void>;
}

const BULK: Record<string, BulkAction> = {
  assignSocialWorker: {
    label: 'bulk.assignSocialWorker',
    async applies(db, ids, params) {
      if (!params.socialWorkerId) return [];
      const rows = await db.selectFrom('applications').select('id').where('id', 'in', ids).where('stage', '!=', 'closed').execute();
      return rows.map((r) => r.id);
    },
    // Who looks after a participant is the office's assignment, not a step of the journey: a plain update, audited.
    async run({ db }, actor, id, params) {
      await db.updateTable('applications').set({ social_worker_id: params.socialWorkerId! }).where('id', '=', id).execute();
      await audit(db, actor, { action: 'social_worker_assigned', entity: 'application', entityId: id, details: { socialWorkerId: params.socialWorkerId } });
    },
  },
  lettersSent: {
    label: 'bulk.lettersSent',
    async applies(db, ids) {
      const rows = await db.selectFrom('letters').select('application_id').distinct().where('application_id', 'in', ids).where('sent_on', 'is', null).execute();
      return rows.map((r) => r.application_id);
    },
    async run({ db, temporal, updateTimeoutMs }, actor, id, _params, batch) {
      const letters = await db.selectFrom('letters').select('key').where('application_id', '=', id).where('sent_on', 'is', null).execute();
      for (const l of letters) {
        await act({ temporal, updateTimeoutMs }, actor, id, 'recordLetterSent', { letterKey: l.key, sentOn: todayInWarsaw() }, `bulk:${batch}:${l.key}`);
      }
    },
  },
};

const bulkForm = z.object({
  action: z.enum(Object.keys(BULK) as [string, ...string[]]),
  ids: z.preprocess((v) => [v ?? []].flat(), z.array(z.uuid()).min(1).max(500)),
  socialWorkerId: z.preprocess(blankToUndefined, z.uuid().optional()),
  back: z.string().max(2000).default(''),
  batch: z.preprocess(blankToUndefined, z.uuid().optional()),
});

export async function participantListRoutes(app: FastifyInstance) {
  const { db, temporal, config } = app.deps;

  async function render(req: FastifyRequest, reply: FastifyReply, f: ParticipantFilter, extra: { preview?: BulkPreview; message?: string } = {}) {
    const actor = actorOf(req);
    const [{ rows, total, pages }, projects, workers, saved] = await Promise.all([
      listParticipants(db, actor, f),
      db.selectFrom('projects').select(['id', 'code', 'name', 'config']).orderBy('code').execute(),
      db.selectFrom('users').select(['id', 'name']).where('role', '=', 'social_worker').where('active', '=', true).orderBy('name').execute(),
      db.selectFrom('saved_filters').select(['id', 'name', 'query']).where('user_id', '=', actor.id).orderBy('name').execute(),
    ]);
    const ctx = viewCtx(req, reply);
    const groups = new Map<string, string>();
    for (const p of projects) for (const g of p.config?.targetGroups ?? []) groups.set(g.code, g.label);
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
        projects: projects.map((p) => ({ id: p.id, label: `${p.code} – ${p.name}` })),
        targetGroups: [...groups].map(([code, label]) => ({ code, label })),
        socialWorkers: workers,
        savedFilters: saved,
        canApply: can(actor.role, 'submitApplication'),
        bulkActions: can(actor.role, 'bulkParticipants') ? Object.entries(BULK).map(([value, b]) => ({ value, label: ctx.t(b.label) })) : [],
        ...extra,
      }),
    );
  }

  app.get('/participants', { config: { op: 'listParticipants' } }, async (req, reply) => render(req, reply, parseForm(filterSchema, req.query, req.locale)));

  app.post('/participants/filters', { config: { op: 'listParticipants' } }, async (req, reply) => {
    const form = parseForm(z.object({ name: z.string().trim().min(1).max(100), query: z.string().max(2000) }), req.body, req.locale);
    // Only a valid filter is kept, normalised.
    const f = parseForm(filterSchema, Object.fromEntries(new URLSearchParams(form.query)), req.locale);
    const query = new URLSearchParams(Object.entries({ ...f, page: undefined }).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)])).toString();
    await db
      .insertInto('saved_filters')
      .values({ user_id: actorOf(req).id, name: form.name, query })
      .onConflict((oc) => oc.columns(['user_id', 'name']).doUpdateSet({ query }))
      .execute();
    return redirect(reply, `/participants?${query}`);
  });

  app.post('/participants/filters/:id/delete', { config: { op: 'listParticipants' } }, async (req, reply) => {
    const { id } = parseForm(z.object({ id: z.uuid() }), req.params, req.locale);
    await db.deleteFrom('saved_filters').where('id', '=', id).where('user_id', '=', actorOf(req).id).execute();
    return redirect(reply, '/participants');
  });

  app.post('/participants/bulk/preview', { config: { op: 'bulkParticipants' } }, async (req, reply) => {
    const form = parseForm(bulkForm, req.body, req.locale);
    const action = BULK[form.action]!;
    const params: Record<string, string> = form.socialWorkerId ? { socialWorkerId: form.socialWorkerId } : {};
    const ids = await action.applies(db, form.ids, params);
    const f = parseForm(filterSchema, Object.fromEntries(new URLSearchParams(form.back)), req.locale);
    const ctx = viewCtx(req, reply, { csrf: false });
    return render(req, reply, f, {
      preview: { action: form.action, actionLabel: ctx.t(action.label), selected: form.ids.length, applicable: ids.length, ids, params: { ...params, batch: randomUUID() } },
    });
  });

  app.post('/participants/bulk/run', { config: { op: 'bulkParticipants' } }, async (req, reply) => {
    const form = parseForm(bulkForm, req.body, req.locale);
    const actor = actorOf(req);
    const action = BULK[form.action]!;
    const params: Record<string, string> = form.socialWorkerId ? { socialWorkerId: form.socialWorkerId } : {};
    // Re-checked at confirmation: only what still applies is done (the list may have moved since the preview).
    const ids = await action.applies(db, form.ids, params);
    const batch = form.batch ?? randomUUID();
    let done = 0;
    for (const id of ids) {
      try {
        await action.run({ db, temporal, updateTimeoutMs: config.temporal.updateTimeoutMs }, actor, id, params, batch);
        done++;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
      }
    }
    await audit(db, actor, { action: 'bulk_action', entity: 'application', details: { bulk: form.action, selected: form.ids.length, done } });
    const f = parseForm(filterSchema, Object.fromEntries(new URLSearchParams(form.back)), req.locale);
    const ctx = viewCtx(req, reply, { csrf: false });
    return render(req, reply, f, { message: ctx.t('list.bulkDone', { n: done, skipped: form.ids.length - done }) });
  });
}

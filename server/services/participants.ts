// Participants: the list (filters, paging) and one participant, read from the database, scoped by role and
// audited (who may see whom: ./scope); saved filters; the bulk actions of the list.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import { DUE_FILTERS, MAX_FILTER_IDS, SORTS, type Sort } from '../../domain/lists';
import { assertCan } from '../../domain/permissions';
import { parseOrFail } from '../../domain/project';
import { STAGES, type Stage } from '../../domain/types';
import { todayInWarsaw } from '../../i18n/format';
import type { Actor, ServiceActor } from '../actor';
import { audit } from '../audit';
import { blankToUndefined } from '../forms';
import { listApprovedFor } from './letter-approval';
import { assertCanSee, visibleIds, visibleTo } from './scope';
import { act, assertActiveSocialWorker, getParticipant, reassignSocialWorker, type ParticipantView } from './journeys';

export const PAGE_SIZE = 25;

/** The participants list's filter: the panel's query string, the API's querystring, a saved filter. */
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

export interface ParticipantFilter {
  q?: string | undefined;
  /** Only these applications (the participants behind an indicator's figure). */
  ids?: string[] | undefined;
  stage?: Stage | undefined;
  projectId?: string | undefined;
  targetGroup?: string | undefined;
  socialWorkerId?: string | undefined;
  due?: (typeof DUE_FILTERS)[number] | undefined;
  sort: Sort;
  dir: 'asc' | 'desc';
  page: number;
}

export interface ParticipantRow {
  id: string;
  name: string;
  pesel: string;
  projectCode: string;
  stage: Stage;
  points: number | null;
  socialWorkerName: string | null;
  nextDueAt: Date | null;
  overdue: boolean;
}

export async function listParticipants(db: Db, actor: Actor, f: ParticipantFilter, pageSize = PAGE_SIZE): Promise<{ rows: ParticipantRow[]; total: number; pages: number }> {
  const now = new Date();
  // Every filter is on the application itself: the count reads applications alone, the page joins the rest.
  const conds = [visibleTo(actor)];
  if (f.q) {
    const term = f.q.trim();
    if (/^\d{1,11}$/.test(term)) conds.push(sql<boolean>`a.pesel like ${`${term}%`}`);
    else conds.push(sql<boolean>`(a.first_name || ' ' || a.last_name) ilike ${`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  }
  if (f.ids) conds.push(f.ids.length ? sql<boolean>`a.id in (${sql.join(f.ids)})` : sql<boolean>`false`);
  if (f.stage) conds.push(sql<boolean>`a.stage = ${f.stage}`);
  if (f.projectId) conds.push(sql<boolean>`a.project_id = ${f.projectId}`);
  if (f.targetGroup) conds.push(sql<boolean>`a.target_group = ${f.targetGroup}`);
  if (f.socialWorkerId) conds.push(sql<boolean>`a.social_worker_id = ${f.socialWorkerId}`);
  if (f.due) {
    const limit = f.due === 'overdue' ? now : new Date(now.getTime() + 7 * 86_400_000);
    conds.push(sql<boolean>`exists (select 1 from tasks t where t.application_id = a.id and t.state = 'open' and t.due_at < ${limit})`);
  }
  const where = sql<boolean>`${sql.join(conds, sql` and `)}`;
  const { total } = await db.selectFrom('applications as a').select((eb) => eb.fn.countAll<number>().as('total')).where(where).executeTakeFirstOrThrow();
  // Sorted by due date, every application's next due date is needed: one pass over the open tasks. Otherwise
  // it is looked up for the page's rows only.
  const byDue = f.sort === 'due';
  const openDue = db.selectFrom('tasks').select(['application_id', sql<Date>`min(due_at)`.as('next_due')]).where('state', '=', 'open').groupBy('application_id');
  const q = db
    .selectFrom('applications as a')
    .innerJoin('projects as p', 'p.id', 'a.project_id')
    .leftJoin('users as sw', 'sw.id', 'a.social_worker_id')
    .$if(byDue, (qb) => qb.leftJoin(openDue.as('nd'), 'nd.application_id', 'a.id'))
    .where(where);
  const nextDue = byDue ? sql<Date | null>`nd.next_due` : sql<Date | null>`(select min(t.due_at) from tasks t where t.application_id = a.id and t.state = 'open')`;
  const dir = f.dir === 'desc' ? sql`desc` : sql`asc`;
  const order = {
    name: sql`a.last_name ${dir}, a.first_name ${dir}`,
    received: sql`a.received_at ${dir}`,
    stage: sql`array_position(${sql.raw(`array[${STAGES.map((s) => `'${s}'`).join(',')}]`)}, a.stage) ${dir}`,
    points: sql`a.points ${dir} nulls last`,
    due: sql`${nextDue} ${dir} nulls last`,
  }[f.sort];
  const rows = await q
    .select(['a.id', 'a.first_name', 'a.last_name', 'a.pesel', 'a.stage', 'a.points', 'p.code as projectCode', 'sw.name as socialWorkerName'])
    .select(nextDue.as('nextDueAt'))
    .orderBy(order)
    .orderBy('a.id')
    .limit(pageSize)
    .offset((f.page - 1) * pageSize)
    .execute();
  await audit(db, actor, { action: 'participants_listed', entity: 'application', details: { count: rows.length, filtered: Boolean(f.q), ...(f.ids ? { ids: f.ids.length } : {}) } });
  return {
    total,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    rows: rows.map((r) => ({
      id: r.id,
      name: `${r.first_name} ${r.last_name}`,
      pesel: r.pesel,
      projectCode: r.projectCode,
      stage: r.stage,
      points: r.points,
      socialWorkerName: r.socialWorkerName,
      nextDueAt: r.nextDueAt ? new Date(r.nextDueAt) : null,
      overdue: r.nextDueAt ? new Date(r.nextDueAt) < now : false,
    })),
  };
}

/** One participant, read and audited (who looked, from where). */
export async function readParticipant(db: Db, actor: Actor, applicationId: string, via: 'panel' | 'api' | 'live'): Promise<ParticipantView> {
  await assertCanSee(db, actor, applicationId);
  const view = await getParticipant(db, actor, applicationId);
  await audit(db, actor, { action: 'participant_viewed', entity: 'application', entityId: applicationId, details: { via } });
  return view;
}

/** Display names of applications (the ranking and the timeline show names, not ids). */
export async function participantNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom('applications').select(['id', 'first_name', 'last_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((a) => [a.id, `${a.first_name} ${a.last_name}`]));
}

/** Why a place was freed, as the promoted candidate's timeline says it (the freer's own record tells). */
export type FreedCause = 'resigned' | 'ended' | 'withdrawn' | 'notSigned';

/** Who freed the places that promotions went to: their names and what freed the place. */
export async function placeFreers(db: Db, ids: string[]): Promise<Map<string, { name: string; cause: FreedCause }>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom('applications').select(['id', 'first_name', 'last_name', 'end_reason', 'withdrawal_reason']).where('id', 'in', unique).execute();
  const causeOf = (a: (typeof rows)[number]): FreedCause =>
    a.withdrawal_reason ? 'withdrawn' : a.end_reason === 'resigned' ? 'resigned' : a.end_reason ? 'ended' : 'notSigned';
  return new Map(rows.map((a) => [a.id, { name: `${a.first_name} ${a.last_name}`, cause: causeOf(a) }]));
}

// Saved filters: a user's own named queries of the participants list, kept normalised.

export async function savedFilters(db: Db, actor: ServiceActor): Promise<Array<{ id: string; name: string; query: string }>> {
  return db.selectFrom('saved_filters').select(['id', 'name', 'query']).where('user_id', '=', actor.id).orderBy('name').execute();
}

/** Keeps a filter (parsed with filterSchema) under a name; returns its query string. */
export async function saveFilter(db: Db, actor: ServiceActor, name: string, filter: ParticipantFilter): Promise<string> {
  const query = new URLSearchParams(Object.entries({ ...filter, page: undefined }).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)])).toString();
  await db
    .insertInto('saved_filters')
    .values({ user_id: actor.id, name, query })
    .onConflict((oc) => oc.columns(['user_id', 'name']).doUpdateSet({ query }))
    .execute();
  return query;
}

export async function deleteSavedFilter(db: Db, actor: ServiceActor, id: string): Promise<void> {
  await db.deleteFrom('saved_filters').where('id', '=', id).where('user_id', '=', actor.id).execute();
}

// Bulk actions on selected participants: a preview of how many each applies to, then the run (which
// re-checks: only what still applies is done, the list may have moved since the preview).

export const BULK_ACTIONS = ['assignSocialWorker', 'lettersSent'] as const;
export type BulkActionName = (typeof BULK_ACTIONS)[number];

/** A bulk action as the API's JSON body states it. */
export const bulkBody = z.object({
  action: z.enum(BULK_ACTIONS),
  ids: z.array(z.uuid()).min(1).max(500).describe('the selected participants (applications)'),
  socialWorkerId: z.uuid().optional().describe('assignSocialWorker: who takes them over'),
  batch: z.uuid().optional().describe('the same batch twice is one effect per participant (the run after a preview, a retry)'),
});

/** The same as the panel's form states it (one id is a string, an empty field is absent). */
export const bulkSchema = bulkBody.extend({
  ids: z.preprocess((v) => [v ?? []].flat(), bulkBody.shape.ids),
  socialWorkerId: z.preprocess(blankToUndefined, bulkBody.shape.socialWorkerId),
  batch: z.preprocess(blankToUndefined, bulkBody.shape.batch),
});
export type BulkInput = z.output<typeof bulkSchema>;

export interface BulkDeps {
  db: Db;
  temporal: Client;
  updateTimeoutMs: number;
}

interface BulkAction {
  applies(db: Db, ids: string[], params: Record<string, string>): Promise<string[]>;
  /** Does the action to the participants it applies to; returns how many were done. */
  run(deps: BulkDeps, actor: ServiceActor, ids: string[], params: Record<string, string>, batch: string): Promise<number>;
}

/** Each participant's failure (a refusal of the journey) skips that one, not the batch. */
async function eachParticipant(ids: string[], one: (id: string) => Promise<void>): Promise<number> {
  let done = 0;
  for (const id of ids) {
    try {
      await one(id);
      done++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }
  return done;
}

/**
 * Who looks after these participants: through each journey (its reassignSocialWorker Update moves the
 * open tasks and addresses later reminders to the new worker), audited there. Returns how many moved.
 */
export async function bulkReassign(deps: BulkDeps, actor: ServiceActor, ids: string[], socialWorkerId: string, requestId: string): Promise<number> {
  await assertActiveSocialWorker(deps.db, socialWorkerId);
  return eachParticipant(ids, (id) => reassignSocialWorker(deps, actor, id, socialWorkerId, `${requestId}:${id}`, { workerChecked: true }).then(() => undefined));
}

const BULK: Record<BulkActionName, BulkAction> = {
  assignSocialWorker: {
    async applies(db, ids, params) {
      if (!params.socialWorkerId) return [];
      const rows = await db
        .selectFrom('applications')
        .select('id')
        .where('id', 'in', ids)
        .where('stage', '!=', 'closed')
        .where((eb) => eb.or([eb('social_worker_id', 'is', null), eb('social_worker_id', '!=', params.socialWorkerId!)]))
        .execute();
      return rows.map((r) => r.id);
    },
    run: (deps, actor, ids, params, batch) => bulkReassign(deps, actor, ids, params.socialWorkerId!, `bulk:${batch}`),
  },
  lettersSent: {
    async applies(db, ids) {
      const rows = await db
        .selectFrom('letters')
        .innerJoin('applications as a', 'a.id', 'letters.application_id')
        .select('letters.application_id')
        .distinct()
        .where('letters.application_id', 'in', ids)
        .where('letters.sent_on', 'is', null)
        .where(listApprovedFor('a'))
        .execute();
      return rows.map((r) => r.application_id);
    },
    run: ({ db, temporal, updateTimeoutMs }, actor, ids, _params, batch) =>
      eachParticipant(ids, async (id) => {
        const letters = await db.selectFrom('letters').select('key').where('application_id', '=', id).where('sent_on', 'is', null).execute();
        for (const l of letters) {
          await act({ temporal, updateTimeoutMs }, actor, id, 'recordLetterSent', { letterKey: l.key, sentOn: todayInWarsaw() }, `bulk:${batch}:${l.key}`);
        }
      }),
  },
};

const bulkParams = (input: BulkInput): Record<string, string> => (input.socialWorkerId ? { socialWorkerId: input.socialWorkerId } : {});

/** The selected participants the actor sees and the action applies to (none seen: none, no query). */
async function applicable(db: Db, actor: ServiceActor, a: BulkInput, params: Record<string, string>): Promise<string[]> {
  const visible = await visibleIds(db, actor, a.ids);
  return visible.length ? BULK[a.action].applies(db, visible, params) : [];
}

/** Which of the selected participants the action applies to (nothing is changed). */
export async function previewBulk(db: Db, actor: ServiceActor, input: BulkInput): Promise<{ ids: string[]; params: Record<string, string> }> {
  assertCan(actor.role, 'bulkParticipants');
  const a = parseOrFail(bulkSchema, input, 'Nieprawidłowa akcja zbiorcza');
  const params = bulkParams(a);
  return { ids: await applicable(db, actor, a, params), params };
}

/** Runs the action on the selected participants it still applies to; one audit row for the batch. */
export async function runBulk(deps: BulkDeps, actor: ServiceActor, input: BulkInput): Promise<{ done: number; selected: number }> {
  assertCan(actor.role, 'bulkParticipants');
  const a = parseOrFail(bulkSchema, input, 'Nieprawidłowa akcja zbiorcza');
  const params = bulkParams(a);
  const action = BULK[a.action];
  const ids = await applicable(deps.db, actor, a, params);
  const done = await action.run(deps, actor, ids, params, a.batch ?? randomUUID());
  await audit(deps.db, actor, { action: 'bulk_action', entity: 'application', details: { bulk: a.action, selected: a.ids.length, done } });
  return { done, selected: a.ids.length };
}

// Participants as the panel and the API list and read them (database only), scoped by role, every read audited.
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import { STAGES } from '../../domain/types';
import type { ParticipantFilter, ParticipantRow } from '../../views/pages/participants';
import type { Actor } from '../actor';
import { audit } from '../audit';
import { getParticipant, type ParticipantView } from './journeys';

export const PAGE_SIZE = 25;

/** Applications (aliased `a`) this actor may see: a social worker sees their own and the unassigned ones. */
export const visibleTo = (actor: Pick<Actor, 'id' | 'role'>) =>
  actor.role === 'social_worker' ? sql<boolean>`(a.social_worker_id = ${actor.id} or a.social_worker_id is null)` : sql<boolean>`true`;


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

/** Whether the actor may see this participant at all (the social worker: own or unassigned). */
export async function assertCanSee(db: Db, actor: Pick<Actor, 'id' | 'role'>, applicationId: string): Promise<{ socialWorkerId: string | null }> {
  const row = /^[0-9a-f-]{36}$/i.test(applicationId)
    ? await db.selectFrom('applications').select('social_worker_id').where('id', '=', applicationId).executeTakeFirst()
    : undefined;
  if (!row) throw new AppError('not_found', 'no such participant');
  if (actor.role === 'social_worker' && row.social_worker_id !== null && row.social_worker_id !== actor.id) {
    throw new AppError('not_found', 'no such participant');
  }
  return { socialWorkerId: row.social_worker_id };
}

/** One participant, read and audited (who looked, from where). */
export async function readParticipant(db: Db, actor: Actor, applicationId: string, via: 'panel' | 'api' | 'live'): Promise<ParticipantView> {
  await assertCanSee(db, actor, applicationId);
  const view = await getParticipant(db, actor, applicationId);
  await audit(db, actor, { action: 'participant_viewed', entity: 'application', entityId: applicationId, details: { via } });
  return view;
}

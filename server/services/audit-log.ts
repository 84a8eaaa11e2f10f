// Reading the audit log (auditor, administrator): filter by who, what, which entity, when.
import { z } from 'zod';
import type { Db } from '../../db/connect';
import { assertCan } from '../../domain/permissions';
import { startOfWarsawDay } from '../../i18n/format';
import type { ServiceActor } from '../actor';

/** What a person reads for an entity the log names by id: a participant's or user's name, a project's code. */
export type EntityRef = { entity: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The names of the entities behind ids (`entity:id` -> name), in one query per kind; ids of other kinds, and
 * the ids of things gone, stay unnamed (the page then says what kind of thing it was).
 */
export async function entityNames(db: Db, refs: EntityRef[]): Promise<Map<string, string>> {
  const ids = (entity: string) => [...new Set(refs.filter((r) => r.entity === entity && UUID.test(r.id)).map((r) => r.id))];
  const [applications, users, projects] = [ids('application'), ids('user'), ids('project')];
  const names = new Map<string, string>();
  const [a, u, p] = await Promise.all([
    applications.length ? db.selectFrom('applications').select(['id', 'first_name', 'last_name']).where('id', 'in', applications).execute() : [],
    users.length ? db.selectFrom('users').select(['id', 'name']).where('id', 'in', users).execute() : [],
    projects.length ? db.selectFrom('projects').select(['id', 'code']).where('id', 'in', projects).execute() : [],
  ]);
  for (const r of a) names.set(`application:${r.id}`, `${r.first_name} ${r.last_name}`.trim());
  for (const r of u) names.set(`user:${r.id}`, r.name);
  for (const r of p) names.set(`project:${r.id}`, r.code);
  return names;
}

/** Rows with the name of what each is about (`entityName`, undefined when it has none). */
export async function withEntityNames<R extends { entity: string; entity_id: string | null }>(db: Db, rows: R[]): Promise<Array<R & { entityName: string | undefined }>> {
  const names = await entityNames(db, rows.flatMap((r) => (r.entity_id ? [{ entity: r.entity, id: r.entity_id }] : [])));
  return rows.map((r) => ({ ...r, entityName: r.entity_id ? names.get(`${r.entity}:${r.entity_id}`) : undefined }));
}

export interface AuditFilter {
  userId?: string | undefined;
  action?: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The audit page's query string. */
export const auditQuerySchema = z.object({
  action: z.string().max(100).optional(),
  entity: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  userId: z.uuid().optional().or(z.literal('')),
  from: z.iso.date().optional().or(z.literal('')),
  to: z.iso.date().optional().or(z.literal('')),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export const AUDIT_PAGE_SIZE = 50;

export async function searchAuditLog(db: Db, f: AuditFilter, page = 1) {
  let q = db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.user_id');
  if (f.userId) q = q.where('a.user_id', '=', f.userId);
  if (f.action) q = q.where('a.action', '=', f.action);
  if (f.entity) q = q.where('a.entity', '=', f.entity);
  if (f.entityId) q = q.where('a.entity_id', '=', f.entityId);
  // Calendar days in Warsaw: from 00:00 of `from` to the end of `to`.
  if (f.from) q = q.where('a.at', '>=', startOfWarsawDay(f.from));
  if (f.to) q = q.where('a.at', '<', startOfWarsawDay(nextDay(f.to)));
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .select(['a.id', 'a.at', 'a.action', 'a.entity', 'a.entity_id', 'a.ip', 'a.details', 'u.name as userName', 'u.email as userEmail'])
    .orderBy('a.id', 'desc')
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .execute();
  return { total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), rows: await withEntityNames(db, rows) };
}

export async function auditActions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}

function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The audit page of an auditor or administrator: one page of entries and the actions to filter by. */
export async function viewAuditLog(db: Db, actor: ServiceActor, f: AuditFilter, page = 1) {
  assertCan(actor.role, 'viewAudit');
  const [result, actions] = await Promise.all([searchAuditLog(db, f, page), auditActions(db)]);
  return { ...result, actions };
}

// Reading the audit log (auditor, administrator): filter by who, what, which entity, when.
import { z } from 'zod';
import type { Db } from '../../db/connect';
import { assertCan } from '../../domain/permissions';
import { startOfWarsawDay } from '../../i18n/format';
import type { ServiceActor } from '../actor';

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
  return { total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), rows };
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

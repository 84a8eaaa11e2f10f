// The one way to write the audit log (append-only table): who, when, what, from where.
// Details name fields and ids, never personal values.
import type { Db } from '../db/connect';
import type { AuditAction } from '../i18n';

export interface AuditEntry {
  action: AuditAction;
  entity: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

export async function audit(db: Db, actor: { id: string | null; ip?: string } | null, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: actor?.id ?? null,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      ip: actor?.ip ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

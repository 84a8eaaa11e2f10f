// The outbox page's operations: what was sent, kept (no SMTP configured) or needs a person; and the
// decision on a message whose delivery could not be confirmed: it did arrive (mark sent) or send again.
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/connect';
import { z } from 'zod';
import { OUTBOX_STATUSES, type OutboxStatus } from '../../domain/lists';
import { AppError } from '../../domain/errors';
import { assertCan } from '../../domain/permissions';
import type { Actor } from '../actor';
import { audit } from '../audit';

export interface OutboxEntry {
  id: string;
  kind: string;
  toAddress: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  messageId: string;
  smtpResponse: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** The outbox list's filter (the panel's query string; empty is all). */
export const outboxFilterSchema = z.object({ status: z.enum(OUTBOX_STATUSES).optional().or(z.literal('')) });

/** An operator's decision on an unconfirmed message. */
export const resolveOutboxSchema = z.object({ id: z.uuid(), outcome: z.enum(['sent', 'resend']) });

/** Newest first; `status` narrows to e.g. the unconfirmed ones that need a decision. */
export async function listOutbox(db: Db, actor: Actor, opts: { status?: OutboxStatus; limit?: number } = {}): Promise<OutboxEntry[]> {
  assertCan(actor.role, 'viewOutbox');
  let q = db
    .selectFrom('outbox')
    .select(['id', 'kind', 'to_address', 'subject', 'status', 'attempts', 'smtp_message_id', 'smtp_response', 'created_at', 'sent_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(Math.min(opts.limit ?? 200, 1000));
  if (opts.status) q = q.where('status', '=', opts.status);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    toAddress: r.to_address,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    messageId: r.smtp_message_id,
    smtpResponse: r.smtp_response,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}

/** One message with its body (it names a participant: the read is audited). */
export async function getOutboxMessage(db: Db, actor: Actor, id: string) {
  assertCan(actor.role, 'viewOutbox');
  const row = await db.selectFrom('outbox').select(['id', 'to_address', 'subject', 'body_text', 'link', 'status', 'smtp_message_id']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'no such message');
  await audit(db, actor, { action: 'outbox_read', entity: 'outbox', entityId: id });
  return row;
}

/**
 * An unconfirmed (or failed) message: the operator checked the mail server's log. 'sent' records that
 * it did arrive; 'resend' puts it back to pending and delivers it again (same Message-ID) through a
 * workflow on the worker, so the usual exactly-once delivery applies to the new attempt.
 */
export async function resolveOutboxMessage(
  deps: { db: Db; temporal: Client; taskQueue: string },
  actor: Actor,
  input: z.output<typeof resolveOutboxSchema>,
): Promise<void> {
  assertCan(actor.role, 'resolveOutbox');
  const from: OutboxStatus[] = input.outcome === 'sent' ? ['unconfirmed'] : ['unconfirmed', 'failed'];
  const res = await deps.db
    .updateTable('outbox')
    .set(
      input.outcome === 'sent'
        ? { status: 'sent', smtp_response: `confirmed by an operator (${actor.id})` }
        : { status: 'pending', claim_token: null, claimed_by: null, lease_until: null, handed_over_at: null },
    )
    .where('id', '=', input.id)
    .where('status', 'in', from)
    .returning('attempts')
    .executeTakeFirst();
  if (!res) throw new AppError('not_allowed_now', `only a message that is ${from.join(' or ')} can be resolved this way`);
  await audit(deps.db, actor, { action: input.outcome === 'sent' ? 'outbox_confirmed' : 'outbox_resent', entity: 'outbox', entityId: input.id });
  if (input.outcome === 'resend') {
    // One workflow per decision (attempts tells decisions apart); a second click is refused above.
    await deps.temporal.workflow
      .start('resendMail', { workflowId: `resend-${input.id}-${res.attempts}`, taskQueue: deps.taskQueue, args: [{ outboxId: input.id }] })
      .catch((err: Error) => {
        if (err.name !== 'WorkflowExecutionAlreadyStartedError') throw err;
      });
  }
}

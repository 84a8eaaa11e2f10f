// The mail outbox: one row per reminder and recipient, keyed so that enqueueing twice is a no-op.
// Enqueue runs inside the caller's transaction (a task and its e-mails exist together or not at all).
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';
import type { ComposedMail, MailLocale } from '../documents/mail';

export interface Recipient {
  id: string;
  email: string;
  locale: MailLocale;
}

export interface NewMail {
  key: string;
  kind: string;
  taskId: string | null;
  to: Recipient;
  mail: ComposedMail;
  link: string;
}

/** Enqueues once per key; returns the row's id either way. `host` names the Message-ID's domain. */
export async function enqueueMail(db: Db | Transaction<Database>, m: NewMail, host: string): Promise<string> {
  const id = randomUUID();
  const inserted = await db
    .insertInto('outbox')
    .values({
      id,
      idempotency_key: m.key,
      kind: m.kind,
      task_id: m.taskId,
      to_user_id: m.to.id,
      to_address: m.to.email,
      locale: m.to.locale,
      subject: m.mail.subject,
      body_text: m.mail.text,
      body_html: m.mail.html,
      link: m.link,
      // Fixed at enqueue: every attempt sends the same identity, so a receiver can tell a copy.
      smtp_message_id: `<${id}@${host}>`,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const existing = await db.selectFrom('outbox').select('id').where('idempotency_key', '=', m.key).executeTakeFirstOrThrow();
  return existing.id;
}

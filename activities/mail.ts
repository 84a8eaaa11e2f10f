// Delivery of one outbox row, exactly once as far as SMTP allows:
//
//   pending --claim--> sending (token, lease) --hand-over mark--> [SMTP transfer] --record--> sent
//
// - Claim: a row lock (FOR UPDATE SKIP LOCKED) and a status change in one transaction. A second
//   deliverer (another workflow, another worker) finds the row 'sending' under a live lease and backs
//   off with a retryable error; later it finds it 'sent' and returns without sending.
// - Hand-over mark: `handed_over_at` is set just before the message is written to the SMTP server, and
//   only while this holder's lease is unexpired (database clock). Connecting and authenticating happen
//   before the mark: failures there release the row for a clean retry.
// - After the mark the row is never sent again automatically. A holder that vanishes after it (a crash,
//   a timeout, a failed write of the result) leaves the row 'unconfirmed' for a person to check: the
//   outbox shows its Message-ID, the mail server's log has the answer. We never send a message twice.
// - What remains: a crash inside the window from the mark to the recorded 250 answer (the message
//   transfer, typically milliseconds) leaves one message 'unconfirmed' instead of 'sent' or resent:
//   at-most-once there, by choice (a duplicate reminder is worse than a visible unconfirmed one). A
//   person who resends it (a later outbox action) makes it at-least-once, with the same Message-ID so
//   receiving servers and mail clients can recognise the copy. SMTP relaying beyond our server is
//   itself at-least-once (RFC 5321, 6.1); that is outside our reach.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { OutboxStatus } from '../db/schema';
import { DEV_MAIL, type ActivityDeps } from './deps';
import { SmtpFailure } from './mailer';

/** Longer than any live SMTP attempt can take (the mailer's timeouts), shorter than the activity timeout. */
export const OUTBOX_LEASE_MS = 80_000;

export interface Delivery {
  outboxId: string;
  status: OutboxStatus;
}

/** Who is delivering: an activity's identity survives its retries, a random token marks one attempt. */
function holder(): { token: string; activity: string | null } {
  let activity: string | null = null;
  try {
    const info = Context.current().info;
    const run = info.workflowExecution;
    if (run) activity = `${run.workflowId}/${run.runId}/${info.activityId}`;
  } catch {
    // Called outside an activity (a script, a test): every call is its own holder.
  }
  return { token: randomUUID(), activity };
}

const busy = (id: string) => ApplicationFailure.retryable(`outbox ${id} is being delivered by another holder`, 'OutboxBusy');

export function createMailActivities({ db, mail = DEV_MAIL }: ActivityDeps) {
  const leaseMs = mail.leaseMs ?? OUTBOX_LEASE_MS;

  async function finish(id: string, token: string, status: OutboxStatus, response: string | null) {
    await db
      .updateTable('outbox')
      .set({
        status,
        smtp_response: response,
        lease_until: null,
        ...(status === 'sent' ? { sent_at: sql<Date>`now()` } : {}),
      })
      .where('id', '=', id)
      .where('claim_token', '=', token)
      // 'unconfirmed' too: a slow holder that did finish may still correct a row a successor gave up on.
      .where('status', 'in', ['sending', 'unconfirmed'])
      .execute();
  }

  async function release(id: string, token: string) {
    await db
      .updateTable('outbox')
      .set({ status: 'pending', claim_token: null, lease_until: null, handed_over_at: null })
      .where('id', '=', id)
      .where('claim_token', '=', token)
      .where('status', '=', 'sending')
      .execute();
  }

  type Claim = { claimed: true; row: { to_address: string; subject: string; body_text: string; body_html: string | null; smtp_message_id: string } } | { claimed: false; status: OutboxStatus };

  async function claim(id: string, me: { token: string; activity: string | null }): Promise<Claim> {
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('outbox')
        .select(['status', 'claimed_by', 'handed_over_at', 'to_address', 'subject', 'body_text', 'body_html', 'smtp_message_id'])
        .select(sql<boolean>`coalesce(lease_until < now(), true)`.as('lease_expired'))
        .where('id', '=', id)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) {
        const exists = await trx.selectFrom('outbox').select('id').where('id', '=', id).executeTakeFirst();
        if (exists) throw busy(id);
        throw ApplicationFailure.nonRetryable(`outbox ${id} does not exist`, 'OutboxMissing');
      }
      if (row.status !== 'pending' && row.status !== 'sending') return { claimed: false, status: row.status };
      if (row.status === 'sending') {
        // The holder is gone when its lease lapsed, or when it was an earlier attempt of this very
        // activity (Temporal starts a new attempt only after the previous one failed or timed out).
        const holderGone = row.lease_expired || (me.activity !== null && row.claimed_by === me.activity);
        if (!holderGone) throw busy(id);
        if (row.handed_over_at) {
          await trx
            .updateTable('outbox')
            .set({
              status: 'unconfirmed',
              lease_until: null,
              smtp_response: 'delivery interrupted after the message was handed to the SMTP server; not resent (check the mail server log for the Message-ID)',
            })
            .where('id', '=', id)
            .execute();
          return { claimed: false, status: 'unconfirmed' };
        }
      }
      await trx
        .updateTable('outbox')
        .set({
          status: 'sending',
          claim_token: me.token,
          claimed_by: me.activity ?? me.token,
          lease_until: sql<Date>`now() + ${`${leaseMs} milliseconds`}::interval`,
          handed_over_at: null,
          attempts: sql<number>`attempts + 1`,
        })
        .where('id', '=', id)
        .execute();
      return { claimed: true, row };
    });
  }

  return {
    /** Delivers one outbox row; safe to call any number of times, from any number of workers. */
    async deliverMail({ outboxId }: { outboxId: string }): Promise<Delivery> {
      if (mail.mailer.mode === 'keep') {
        await db.updateTable('outbox').set({ status: 'kept' }).where('id', '=', outboxId).where('status', '=', 'pending').execute();
        const row = await db.selectFrom('outbox').select('status').where('id', '=', outboxId).executeTakeFirstOrThrow();
        return { outboxId, status: row.status };
      }
      const me = holder();
      const c = await claim(outboxId, me);
      if (!c.claimed) return { outboxId, status: c.status };

      let session;
      try {
        session = await mail.mailer.open();
      } catch (err) {
        await release(outboxId, me.token);
        throw ApplicationFailure.retryable(`SMTP unavailable: ${(err as Error).message}`, 'SmtpUnavailable');
      }
      try {
        const marked = await db
          .updateTable('outbox')
          .set({ handed_over_at: sql<Date>`now()` })
          .where('id', '=', outboxId)
          .where('claim_token', '=', me.token)
          .where('status', '=', 'sending')
          .where(sql<boolean>`lease_until > now()`)
          .executeTakeFirst();
        if (Number(marked.numUpdatedRows) !== 1) throw busy(outboxId);

        let accepted;
        try {
          accepted = await session.send({
            messageId: c.row.smtp_message_id,
            to: c.row.to_address,
            subject: c.row.subject,
            text: c.row.body_text,
            html: c.row.body_html,
          });
        } catch (err) {
          if (!(err instanceof SmtpFailure)) throw err;
          if (err.kind === 'rejected') {
            await finish(outboxId, me.token, 'failed', err.response ?? err.message);
            return { outboxId, status: 'failed' };
          }
          if (err.kind === 'unknown') {
            await finish(outboxId, me.token, 'unconfirmed', `connection lost during the transfer: ${err.message}`);
            return { outboxId, status: 'unconfirmed' };
          }
          await release(outboxId, me.token);
          throw ApplicationFailure.retryable(`SMTP deferred: ${err.message}`, 'SmtpDeferred');
        }
        await mail.afterHandOver?.(outboxId);
        await finish(outboxId, me.token, 'sent', accepted.response);
        return { outboxId, status: 'sent' };
      } finally {
        session.close();
      }
    },
  };
}

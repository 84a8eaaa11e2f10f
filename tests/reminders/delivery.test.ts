// Outbox delivery against a real SMTP server and the real PostgreSQL: once, even when called again,
// concurrently, after a rejection, or with the mail server down.
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { createMailer, keepMailer } from '../../activities/mailer';
import { testDb } from '../helpers/db';
import { makeOutbox, makeUser } from './fixtures';
import { testSmtp } from './smtp';

const db = await testDb();
const smtp = await testSmtp();
const acts = createActivities({ db, now: () => new Date(), mail: { mailer: createMailer({ smtpUrl: smtp.url, mailFrom: 'Sciezka <sciezka@test.local>' }), publicUrl: 'http://sciezka.test' } });
const row = (id: string) => db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('deliverMail', () => {
  it('sends once, records the SMTP answer, and a second call sends nothing', async () => {
    const user = await makeUser(db, 'social_worker');
    const id = await makeOutbox(db, user);
    expect(await acts.deliverMail({ outboxId: id })).toEqual({ outboxId: id, status: 'sent' });
    expect(await acts.deliverMail({ outboxId: id })).toEqual({ outboxId: id, status: 'sent' });
    const got = smtp.to(user.email);
    expect(got).toHaveLength(1);
    const r = await row(id);
    expect(got[0]!.messageId).toBe(r.smtp_message_id);
    expect(r).toMatchObject({ status: 'sent', attempts: 1 });
    expect(r.smtp_response).toMatch(/^250/);
    expect(r.sent_at).not.toBeNull();
  });

  it('two deliverers at once: one message; the loser backs off and later finds it sent', async () => {
    const user = await makeUser(db, 'social_worker');
    const id = await makeOutbox(db, user);
    const results = await Promise.allSettled([acts.deliverMail({ outboxId: id }), acts.deliverMail({ outboxId: id }), acts.deliverMail({ outboxId: id })]);
    const sent = results.filter((r) => r.status === 'fulfilled' && r.value.status === 'sent');
    const busy = results.filter((r) => r.status === 'rejected');
    expect(sent.length).toBeGreaterThanOrEqual(1);
    for (const b of busy) expect(((b as PromiseRejectedResult).reason as ApplicationFailure).type).toBe('OutboxBusy');
    expect(await acts.deliverMail({ outboxId: id })).toMatchObject({ status: 'sent' });
    expect(smtp.to(user.email)).toHaveLength(1);
  });

  it('a 5xx answer fails the row for good; a 4xx one puts it back for a retry', async () => {
    const user = await makeUser(db, 'coordinator');
    const permanent = await makeOutbox(db, user);
    const temporary = await makeOutbox(db, user);
    smtp.rejectWith = 550;
    try {
      expect(await acts.deliverMail({ outboxId: permanent })).toMatchObject({ status: 'failed' });
      smtp.rejectWith = 451;
      await expect(acts.deliverMail({ outboxId: temporary })).rejects.toMatchObject({ type: 'SmtpDeferred', nonRetryable: false });
    } finally {
      smtp.rejectWith = null;
    }
    expect((await row(permanent)).smtp_response).toMatch(/550/);
    expect(await row(temporary)).toMatchObject({ status: 'pending', handed_over_at: null, claim_token: null });
    expect(await acts.deliverMail({ outboxId: temporary })).toMatchObject({ status: 'sent' });
    expect(smtp.to(user.email)).toHaveLength(1);
  });

  it('with the mail server down the row stays pending and the activity asks to be retried', async () => {
    const user = await makeUser(db, 'director');
    const id = await makeOutbox(db, user);
    const down = createActivities({ db, now: () => new Date(), mail: { mailer: createMailer({ smtpUrl: 'smtp://127.0.0.1:1', mailFrom: 'x@test.local' }), publicUrl: 'http://sciezka.test' } });
    await expect(down.deliverMail({ outboxId: id })).rejects.toMatchObject({ type: 'SmtpUnavailable' });
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('a holder whose lease lapsed before the hand-over does not send; the next deliverer does, once', async () => {
    const user = await makeUser(db, 'social_worker');
    const id = await makeOutbox(db, user);
    const stale = createActivities({ db, now: () => new Date(), mail: { mailer: createMailer({ smtpUrl: smtp.url, mailFrom: 'x@test.local' }), publicUrl: 'http://sciezka.test', leaseMs: 1 } });
    await expect(stale.deliverMail({ outboxId: id })).rejects.toMatchObject({ type: 'OutboxBusy' });
    expect(smtp.to(user.email)).toHaveLength(0);
    expect(await row(id)).toMatchObject({ status: 'sending', handed_over_at: null });
    expect(await acts.deliverMail({ outboxId: id })).toMatchObject({ status: 'sent' });
    expect(smtp.to(user.email)).toHaveLength(1);
    expect((await row(id)).attempts).toBe(2);
  });

  it('without SMTP_URL the message is kept in the outbox, not sent', async () => {
    const user = await makeUser(db, 'social_worker');
    const id = await makeOutbox(db, user);
    const dev = createActivities({ db, now: () => new Date(), mail: { mailer: keepMailer, publicUrl: 'http://sciezka.test' } });
    expect(await dev.deliverMail({ outboxId: id })).toEqual({ outboxId: id, status: 'kept' });
    expect(smtp.to(user.email)).toHaveLength(0);
  });
});

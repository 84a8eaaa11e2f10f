// The outbox page's operations on real parts: a message left unconfirmed by a lost holder is listed,
// and an operator either confirms it or has it sent again (the same Message-ID, once more).
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { createMailer } from '../../activities/mailer';
import type { Role } from '../../domain/types';
import type { Actor } from '../../server/actor';
import { listOutbox, resolveOutboxMessage } from '../../server/services/outbox';
import { testDb } from '../helpers/db';
import { timeSkippingEnv } from '../helpers/temporal';
import { makeOutbox, makeUser } from './fixtures';
import { testSmtp } from './smtp';
import { reminderWorker } from './worker';

const db = await testDb();
const env = await timeSkippingEnv();
const smtp = await testSmtp();
const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: 'Sciezka <sciezka@test.local>' });
const deps = { db, now: () => new Date(), mail: { mailer, publicUrl: 'http://sciezka.test' } };
const { worker, taskQueue } = await reminderWorker(env, deps);
const running = worker.run();
afterAll(async () => {
  worker.shutdown();
  await running;
});

const actor = (role: Role): Actor => ({ id: randomUUID(), email: 'x@test.local', name: 'x', role, locale: 'pl', mustChangePassword: false, via: 'session', ip: '127.0.0.1' });
const row = (id: string) => db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** A message handed to SMTP by a holder that then vanished; a later deliverer finds its lease lapsed. */
async function unconfirmed(email: { id: string; email: string; locale: 'pl' | 'en' }) {
  const id = await makeOutbox(db, email);
  const crashing = createActivities({ db, now: () => new Date(), mail: { ...deps.mail, leaseMs: 300, afterHandOver: () => Promise.reject(new Error('crash')) } });
  await expect(crashing.deliverMail({ outboxId: id })).rejects.toThrow('crash');
  await new Promise((r) => setTimeout(r, 400));
  expect(await createActivities(deps).deliverMail({ outboxId: id })).toMatchObject({ status: 'unconfirmed' });
  return id;
}

describe('outbox operations', () => {
  it('an unconfirmed message is listed for a coordinator, not for a social worker', async () => {
    const user = await makeUser(db, 'social_worker');
    const id = await unconfirmed(user);
    expect(smtp.to(user.email)).toHaveLength(1);
    const listed = await listOutbox(db, actor('coordinator'), { status: 'unconfirmed' });
    expect(listed.find((e) => e.id === id)).toMatchObject({ toAddress: user.email, status: 'unconfirmed', attempts: 1 });
    await expect(listOutbox(db, actor('social_worker'))).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('resend delivers it once more with the same Message-ID; confirm marks it sent without sending', async () => {
    const user = await makeUser(db, 'social_worker');
    const again = await unconfirmed(user);
    const confirm = await unconfirmed(user);
    expect(smtp.to(user.email)).toHaveLength(2);

    const coordinator = actor('coordinator');
    await resolveOutboxMessage({ db, temporal: env.client, taskQueue }, coordinator, { id: again, outcome: 'resend' });
    const { attempts } = await row(again);
    expect(await env.client.workflow.getHandle(`resend-${again}-${attempts}`).result()).toBe('sent');
    await resolveOutboxMessage({ db, temporal: env.client, taskQueue }, coordinator, { id: confirm, outcome: 'sent' });

    const got = smtp.to(user.email);
    expect(got).toHaveLength(3);
    const resent = await row(again);
    expect(resent).toMatchObject({ status: 'sent', attempts: 2 });
    expect(got.filter((m) => m.messageId === resent.smtp_message_id)).toHaveLength(2);
    expect(await row(confirm)).toMatchObject({ status: 'sent', attempts: 1 });
    // A sent message is not resolved again.
    await expect(resolveOutboxMessage({ db, temporal: env.client, taskQueue }, coordinator, { id: again, outcome: 'resend' })).rejects.toMatchObject({ code: 'not_allowed_now' });
    const audited = await db.selectFrom('audit_log').select('action').where('entity_id', 'in', [again, confirm]).orderBy('id').execute();
    expect(audited.map((a) => a.action)).toEqual(['outbox_resent', 'outbox_confirmed']);
  });
});

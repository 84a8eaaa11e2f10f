// The outbox page in the real panel (dev server, real worker without SMTP_URL: messages are kept):
// coordinators see what was sent or kept and decide on unconfirmed messages; social workers cannot.
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { createMailer } from '../../activities/mailer';
import { createTestUser, loggedIn, testApp } from '../helpers/app';
import { lapseLease, makeOutbox, makeUser } from './fixtures';
import { testSmtp } from './smtp';
import { until } from '../helpers/wait';

const { app, db } = await testApp();
const smtp = await testSmtp();
const row = (id: string) => db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();


describe('outbox page', () => {
  it('lists kept and unconfirmed messages, shows one, and resends an unconfirmed one', async () => {
    const recipient = await makeUser(db, 'social_worker');
    const kept = await makeOutbox(db, recipient);
    await createActivities({ db, now: () => new Date() }).deliverMail({ outboxId: kept });
    // Unconfirmed: handed to SMTP, then the holder vanished and its lease lapsed.
    const lost = await makeOutbox(db, recipient);
    const mail = { mailer: createMailer({ smtpUrl: smtp.url, mailFrom: 'x@test.local' }), publicUrl: 'http://sciezka.test' };
    await expect(createActivities({ db, now: () => new Date(), mail: { ...mail, afterHandOver: () => Promise.reject(new Error('crash')) } }).deliverMail({ outboxId: lost })).rejects.toThrow('crash');
    await lapseLease(db, lost);
    await createActivities({ db, now: () => new Date(), mail }).deliverMail({ outboxId: lost });
    expect((await row(lost)).status).toBe('unconfirmed');

    const coordinator = await loggedIn(app, await createTestUser(db, 'coordinator'));
    const all = await coordinator.get('/outbox');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('Poczta wychodząca');
    expect(all.body).toMatch(new RegExp(`<tr data-status="kept">(?:(?!</tr>).)*${kept}`, 's'));
    const unconfirmed = await coordinator.get('/outbox?status=unconfirmed');
    expect(unconfirmed.body).toContain('Sprawdź w dzienniku serwera poczty');
    expect(unconfirmed.body).toContain((await row(lost)).smtp_message_id.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(unconfirmed.body).not.toContain(`href="/outbox/${kept}"`);

    const one = await coordinator.get(`/outbox/${kept}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('Uczestnik/czka: Anna Nowak');
    expect(await db.selectFrom('audit_log').select('action').where('entity_id', '=', kept).execute()).toEqual([{ action: 'outbox_read' }]);

    const resent = await coordinator.post('/outbox/resolve', { id: lost, outcome: 'resend' });
    expect(resent.statusCode).toBe(200);
    expect(resent.body).toContain('Wiadomość zostanie wysłana ponownie.');
    // The panel's worker has no SMTP_URL: the resent message is kept in the outbox.
    await until(async () => ((await row(lost)).status === 'kept' ? true : undefined), 'the resent message kept');
    expect((await row(lost)).status).toBe('kept');
    const again = await coordinator.post('/outbox/resolve', { id: lost, outcome: 'resend' });
    expect(again.statusCode).toBe(409);
  });

  it('is closed to a social worker', async () => {
    const worker = await loggedIn(app, await createTestUser(db, 'social_worker'));
    expect((await worker.get('/outbox')).statusCode).toBe(403);
    expect((await worker.get('/')).body).not.toContain('href="/outbox"');
  });
});

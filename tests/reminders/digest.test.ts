// The daily digest workflow on the time-skipping server with real PostgreSQL and SMTP: one e-mail per
// user with something due, none on 11 November (a public holiday), none for a user with nothing due,
// once per day however often it runs.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../activities/mailer';
import type { Role } from '../../domain/types';
import { warsawInstant } from '../../domain/warsaw-time';
import { isolatedDb } from '../helpers/db';
import { timeSkippingEnv } from '../helpers/temporal';
import { makeUser } from './fixtures';
import { testSmtp } from './smtp';
import { reminderWorker } from './worker';

// Its own database: the digest reads every open task, and other suites open tasks for the same roles.
const db = await isolatedDb();
const env = await timeSkippingEnv();
const smtp = await testSmtp();
const deps = { db, now: () => new Date(), mail: { mailer: createMailer({ smtpUrl: smtp.url, mailFrom: 'Sciezka <sciezka@test.local>' }), publicUrl: 'http://sciezka.test' } };
const { worker, taskQueue } = await reminderWorker(env, deps);
const running = worker.run();
afterAll(async () => {
  worker.shutdown();
  await running;
});

/** A task written straight to the table (the digest reads tasks; no reminder workflow needed here). */
async function task(kind: string, due: string, to: { role: Role; userId?: string }) {
  const applicationId = randomUUID();
  await db
    .insertInto('tasks')
    .values({ key: `digest-test:${randomUUID()}`, kind, application_id: applicationId, assignee_role: to.role, assignee_user_id: to.userId ?? null, due_at: due, payload: JSON.stringify({ pesel: '85010112345' }) })
    .execute();
  return applicationId;
}

const digest = (day: string) => env.client.workflow.execute('dailyDigest', { taskQueue, workflowId: `digest-${randomUUID()}`, args: [{ day }] });

describe('dailyDigest', () => {
  it('says nothing on 11 November, then on the 12th one message per user with what is due, once', async () => {
    const pl = await makeUser(db, 'social_worker');
    const en = await makeUser(db, 'social_worker', 'en');
    const idle = await makeUser(db, 'social_worker');
    const overdue = await task('follow_up_1_reminder', '2031-11-10T10:00:00Z', { role: 'social_worker', userId: pl.id });
    const today = await task('sign_reminder', '2031-11-12T12:00:00Z', { role: 'social_worker', userId: pl.id });
    await task('attendance_low', '2031-11-12T08:00:00Z', { role: 'social_worker', userId: en.id });
    // Due after the day: not in the digest, and the only task of `idle`.
    await task('follow_up_2_due', '2031-11-20T10:00:00Z', { role: 'social_worker', userId: idle.id });

    expect(await digest('2031-11-11')).toEqual({ day: '2031-11-11', skipped: 'holiday', messages: 0 });
    expect(smtp.to(pl.email)).toHaveLength(0);

    const first = await digest('2031-11-12');
    expect(first.skipped).toBeNull();
    expect(first.messages).toBeGreaterThanOrEqual(2);
    await digest('2031-11-12');

    const [mine] = smtp.to(pl.email);
    expect(smtp.to(pl.email)).toHaveLength(1);
    expect(mine!.subject).toBe('[Ścieżka] Zadania na 12.11.2031: 2');
    expect(mine!.text).toContain('Dzień dobry, oto zadania na 12.11.2031');
    expect(mine!.text).toContain(`Należy wpisać monitoring po 4 tygodniach od zakończenia udziału (termin: 10.11.2031 11:00, po terminie)\n  http://sciezka.test/participants/${overdue}`);
    expect(mine!.text).toContain(`Dokumenty przystąpienia do projektu nie zostały podpisane (termin: 12.11.2031 13:00)\n  http://sciezka.test/participants/${today}`);
    expect(mine!.raw).not.toContain('85010112345');

    const [theirs] = smtp.to(en.email);
    expect(smtp.to(en.email)).toHaveLength(1);
    expect(theirs!.subject).toBe('[Sciezka] Tasks for 12.11.2031: 1');
    expect(theirs!.text).toContain("Attendance fell below the project's threshold (due: 12.11.2031 09:00)");

    expect(smtp.to(idle.email)).toHaveLength(0);
  });

  it('a role task reaches every active user of the role; an inactive one hears nothing', async () => {
    const a = await makeUser(db, 'director');
    const b = await makeUser(db, 'director', 'en');
    const gone = await makeUser(db, 'director');
    await db.updateTable('users').set({ active: false }).where('id', '=', gone.id).execute();
    await task('approval_pending', '2031-12-01T09:00:00Z', { role: 'director' });
    await digest('2031-12-01');
    expect(smtp.to(a.email)).toHaveLength(1);
    expect(smtp.to(b.email)).toHaveLength(1);
    expect(smtp.to(gone.email)).toHaveLength(0);
  });

  it('a snoozed task stays out of the digest until the day it was snoozed to', async () => {
    const u = await makeUser(db, 'coordinator');
    const applicationId = await task('attendance_low', '2032-01-05T09:00:00Z', { role: 'coordinator', userId: u.id });
    await db.updateTable('tasks').set({ snoozed_until: warsawInstant('2032-01-08', '00:00') }).where('application_id', '=', applicationId).execute();
    await digest('2032-01-05');
    await digest('2032-01-07');
    expect(smtp.to(u.email)).toHaveLength(0);
    await digest('2032-01-08');
    const [mail] = smtp.to(u.email);
    expect(smtp.to(u.email)).toHaveLength(1);
    expect(mail!.text).toContain(`http://sciezka.test/participants/${applicationId}`);
  });
});

// Users, projects and outbox rows for the reminder tests, unique per call (the run shares one database).
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect';
import type { Role } from '../../domain/types';
import { enqueueMail } from '../../activities/outbox';
import { taskMail } from '../../documents/mail';

export async function makeUser(db: Db, role: Role, locale: 'pl' | 'en' = 'pl') {
  const tag = randomUUID().slice(0, 8);
  return db
    .insertInto('users')
    .values({ email: `${role}-${tag}@test.local`, name: `${role} ${tag}`, role, password_hash: 'x', locale, all_projects: true })
    .returning(['id', 'email', 'locale'])
    .executeTakeFirstOrThrow();
}

export async function makeProject(db: Db) {
  const tag = randomUUID().slice(0, 8);
  return db
    .insertInto('projects')
    .values({ code: `P-${tag}`, name: `Projekt ${tag}`, starts_on: '2026-01-05', ends_on: '2028-06-30', places: 10, config: JSON.stringify({}) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** One outbox row addressed to `user`, as a task would enqueue it. */
export async function makeOutbox(db: Db, user: { id: string; email: string; locale: 'pl' | 'en' }) {
  const link = `http://sciezka.test/participants/${randomUUID()}`;
  const mail = taskMail({ locale: user.locale, kind: 'sign_reminder', participantName: 'Anna Nowak', link, dueAt: new Date('2026-11-24T10:00:00Z'), escalatedFrom: null });
  return enqueueMail(db, { key: `test:${randomUUID()}`, kind: 'task', taskId: null, to: user, mail, link }, 'sciezka.test');
}

/** Time passes for a vanished holder: its lease on the row lapses (database clock). */
export async function lapseLease(db: Db, outboxId: string) {
  await db.updateTable('outbox').set({ lease_until: new Date(Date.now() - 60_000) }).where('id', '=', outboxId).execute();
}

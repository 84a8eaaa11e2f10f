// Today: my open tasks and my role's unassigned ones, grouped by kind, overdue marked; nobody else's.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../domain/types';
import { createTestUser, loggedIn, testApp } from '../helpers/app';

const { app, db } = await testApp({ worker: false });

async function task(kind: string, role: Role, dueInDays: number, userId: string | null = null, state: 'open' | 'done' = 'open') {
  await db
    .insertInto('tasks')
    .values({ key: `test:${randomUUID()}`, kind, assignee_role: role, assignee_user_id: userId, due_at: new Date(Date.now() + dueInDays * 86_400_000), state, payload: '{}' })
    .execute();
}

describe('Today page', () => {
  it('shows my tasks and my role’s unassigned ones, overdue marked, and nothing else', async () => {
    const me = await createTestUser(db, 'social_worker');
    const colleague = await createTestUser(db, 'social_worker');
    await task('follow_up_1', 'social_worker', -2, me.id);
    await task('unjustified_absence', 'social_worker', 3, null);
    await task('sign_reminder', 'social_worker', 1, colleague.id);
    await task('approval_pending', 'director', 1, null);
    await task('low_attendance', 'social_worker', 1, me.id, 'done');

    const client = await loggedIn(app, me);
    const res = await client.get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Należy wpisać monitoring po 4 tygodniach od zakończenia udziału');
    expect(res.body).toContain('Nieobecność pozostaje nieusprawiedliwiona');
    expect(res.body).not.toContain('Dokumenty przystąpienia do projektu nie zostały podpisane');
    expect(res.body).not.toContain('Lista uczestników czeka na zatwierdzenie');
    expect(res.body).not.toContain('Frekwencja spadła');
    expect(res.body).toMatch(/class="badge overdue">po terminie \d{2}\.\d{2}\.\d{4}/);

    const director = await loggedIn(app, await createTestUser(db, 'director'));
    const theirs = await director.get('/');
    expect(theirs.body).toContain('Lista uczestników czeka na zatwierdzenie');
    expect(theirs.body).not.toContain('Nieobecność pozostaje nieusprawiedliwiona');
  });

  it('says so when nothing waits', async () => {
    const client = await loggedIn(app, await createTestUser(db, 'auditor'));
    expect((await client.get('/')).body).toContain('Nic nie czeka.');
  });
});

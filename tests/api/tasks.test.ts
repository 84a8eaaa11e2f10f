// Tasks in the JSON API: the list (mine; a coordinator's scope=all), done / snoozed / dismissed through
// the same services as the panel, and the refusals (not the owner, a day in the past, no reason).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../domain/types';
import { addCalendarDays } from '../../domain/working-days';
import { todayInWarsaw } from '../../i18n/format';
import { apiCaller, createTestUser, testApp, tokenFor } from '../helpers/app';

const { app, db } = await testApp({ worker: false });
const owner = await createTestUser(db, 'social_worker');
const other = await createTestUser(db, 'social_worker');
const coordinator = await createTestUser(db, 'coordinator');
const call = apiCaller(app, { owner: await tokenFor(db, owner), other: await tokenFor(db, other), coordinator: await tokenFor(db, coordinator) });

/** A task as a journey opens it (written directly: these tests are about working it). */
async function task(kind: string, role: Role, userId: string | null): Promise<string> {
  const row = await db
    .insertInto('tasks')
    .values({ key: `test:${randomUUID()}`, kind, assignee_role: role, assignee_user_id: userId, due_at: new Date(Date.now() + 86_400_000), payload: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
const ids = (list: Array<{ id: string }>) => list.map((t) => t.id);

describe('tasks in the API', () => {
  it('lists what waits on me, and works it: done, snoozed, dismissed; refuses others and bad input', async () => {
    const [a, b, c] = [await task('original_pending', 'social_worker', owner.id), await task('attendance_low', 'social_worker', owner.id), await task('follow_up_1_due', 'social_worker', owner.id)];
    const mine = (await call('owner', 'GET', '/api/tasks')).json();
    expect(mine.scope).toBe('mine');
    expect(ids(mine.open)).toEqual(expect.arrayContaining([a, b, c]));
    expect(ids((await call('other', 'GET', '/api/tasks')).json().open)).not.toContain(a);
    // Not hers: refused, and the task stays open.
    const refused = await call('other', 'POST', `/api/tasks/${a}/done`);
    expect(refused.statusCode).toBe(403);

    expect((await call('owner', 'POST', `/api/tasks/${a}/done`)).json()).toMatchObject({ taskId: a, state: 'done', closed: 1 });
    expect((await call('owner', 'POST', `/api/tasks/${a}/done`)).statusCode).toBe(409);

    const past = await call('owner', 'POST', `/api/tasks/${b}/snooze`, { until: todayInWarsaw() });
    expect(past.statusCode).toBe(422);
    expect(past.json().fields).toMatchObject([{ field: 'until', message: 'Odłożyć można na dzień po dzisiejszym' }]);
    const until = addCalendarDays(todayInWarsaw(), 5);
    expect((await call('owner', 'POST', `/api/tasks/${b}/snooze`, { until })).json()).toMatchObject({ taskId: b, state: 'open' });

    const noReason = await call('owner', 'POST', `/api/tasks/${c}/dismiss`, { reason: '' }, { 'accept-language': 'en' });
    expect([noReason.statusCode, noReason.json().fields]).toMatchObject([422, [{ field: 'reason', message: 'Give a reason (3 to 500 characters)' }]]);
    expect((await call('owner', 'POST', `/api/tasks/${c}/dismiss`, { reason: 'Zdublowane' })).json()).toMatchObject({ taskId: c, state: 'dismissed' });

    const after = (await call('owner', 'GET', '/api/tasks')).json();
    const snoozed = after.open.find((t: { id: string }) => t.id === b);
    expect(snoozed.snoozedUntil).not.toBeNull();
    const closed = Object.fromEntries(after.closed.map((t: { id: string; state: string; closeReason: string | null }) => [t.id, [t.state, t.closeReason]]));
    expect([closed[a], closed[c]]).toEqual([['done', null], ['dismissed', 'Zdublowane']]);

    // A coordinator sees everyone's open tasks and may work them.
    expect(ids((await call('coordinator', 'GET', '/api/tasks?scope=all')).json().open)).toContain(b);
    expect(ids((await call('coordinator', 'GET', '/api/tasks')).json().open)).not.toContain(b);
    expect((await call('coordinator', 'POST', `/api/tasks/${b}/done`)).json()).toMatchObject({ state: 'done' });
  });
});

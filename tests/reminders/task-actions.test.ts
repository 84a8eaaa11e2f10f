// Working a task by hand (server/services/task-actions.ts) on the real PostgreSQL: done, snoozed,
// dismissed, by the owner or a coordinator only, never twice, each audited; a snoozed task leaves Today
// until its date, and on the time-skipping server its reminder workflow does not escalate it meanwhile.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { taskReminderWorkflowId } from '../../contracts/reminders';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import { DEFAULT_OFFICE_HOURS, type Role } from '../../domain/types';
import { warsawDay, warsawInstant } from '../../domain/warsaw-time';
import { addCalendarDays, workingDaysLater } from '../../domain/working-days';
import type { Actor } from '../../server/actor';
import { completeTask, dismissTask, snoozeTask } from '../../server/services/task-actions';
import { openTasksFor } from '../../server/services/tasks';
import { testDb } from '../helpers/db';
import { timeSkippingEnv } from '../helpers/temporal';
import { until } from '../helpers/wait';
import { makeProject, makeUser } from './fixtures';
import { reminderWorker } from './worker';

const db = await testDb();

const asActor = (u: { id: string }, role: Role) => ({ id: u.id, role, ip: '127.0.0.1' });
const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('not refused'); }, (e: unknown) => e as AppError);
const taskRow = (id: string) => db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditOf = (id: string) => db.selectFrom('audit_log').select(['user_id', 'action', 'details']).where('entity', '=', 'task').where('entity_id', '=', id).orderBy('id').execute();

/** A task row as openTask writes it (no reminder workflow: these tests need none). */
async function insertTask(d: Db, over: { assigneeRole: Role; assigneeUserId?: string | null; key?: string; kind?: string; dueAt?: Date; payload?: object }) {
  return d
    .insertInto('tasks')
    .values({
      key: over.key ?? `${randomUUID()}:attendance_low:1`,
      kind: over.kind ?? 'attendance_low',
      application_id: randomUUID(),
      assignee_role: over.assigneeRole,
      assignee_user_id: over.assigneeUserId ?? null,
      due_at: over.dueAt ?? new Date(),
      payload: JSON.stringify(over.payload ?? {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

describe('working a task', async () => {
  const worker = await makeUser(db, 'social_worker');
  const otherWorker = await makeUser(db, 'social_worker');
  const coordinator = await makeUser(db, 'coordinator');
  const director = await makeUser(db, 'director');
  const sw = asActor(worker, 'social_worker');
  const deps = { db };

  it('the owner marks it done: closed by them (not automatically), audited; a closed task is refused', async () => {
    const task = await insertTask(db, { assigneeRole: 'social_worker', assigneeUserId: worker.id });
    expect(await completeTask(deps, sw, { taskId: task.id })).toMatchObject({ taskId: task.id, state: 'done', closed: 1 });
    expect(await taskRow(task.id)).toMatchObject({ state: 'done', closed_by: worker.id, closed_automatically: false, close_reason: null });
    expect(await auditOf(task.id)).toEqual([{ user_id: worker.id, action: 'task_completed', details: { closed: 1 } }]);
    // Thunks, so that each refusal is awaited as it is made (an eager array leaves the later ones unhandled).
    for (const again of [() => completeTask(deps, sw, { taskId: task.id }), () => dismissTask(deps, sw, { taskId: task.id, reason: 'duplikat' }), () => snoozeTask(deps, sw, { taskId: task.id, until: addCalendarDays(warsawDay(new Date()), 3) })]) {
      expect((await refusal(again())).code).toBe('not_allowed_now');
    }
    expect(await auditOf(task.id)).toHaveLength(1);
  });

  it('only the owner or a coordinator: another social worker and a director are forbidden; a role task belongs to the role', async () => {
    const mine = await insertTask(db, { assigneeRole: 'social_worker', assigneeUserId: worker.id });
    for (const who of [asActor(otherWorker, 'social_worker'), asActor(director, 'director')]) {
      expect((await refusal(completeTask(deps, who, { taskId: mine.id }))).code).toBe('forbidden');
      expect((await refusal(dismissTask(deps, who, { taskId: mine.id, reason: 'nie moje' }))).code).toBe('forbidden');
      expect((await refusal(snoozeTask(deps, who, { taskId: mine.id, until: addCalendarDays(warsawDay(new Date()), 3) }))).code).toBe('forbidden');
    }
    expect(await taskRow(mine.id)).toMatchObject({ state: 'open', snoozed_until: null });
    expect(await auditOf(mine.id)).toEqual([]);
    // A coordinator's task addressed to the role: any coordinator; a social worker is not of the role.
    const roleTask = await insertTask(db, { assigneeRole: 'coordinator', kind: 'promoted_from_reserve' });
    expect((await refusal(completeTask(deps, sw, { taskId: roleTask.id }))).code).toBe('forbidden');
    const byCoordinator = await dismissTask(deps, asActor(coordinator, 'coordinator'), { taskId: roleTask.id, reason: '  Uczestniczka zgłosiła się sama  ' });
    expect(byCoordinator).toMatchObject({ state: 'dismissed', closed: 1 });
    expect(await taskRow(roleTask.id)).toMatchObject({ state: 'dismissed', closed_by: coordinator.id, close_reason: 'Uczestniczka zgłosiła się sama', closed_automatically: false });
    expect(await auditOf(roleTask.id)).toEqual([{ user_id: coordinator.id, action: 'task_dismissed', details: { closed: 1 } }]);
  });

  it('closing a task closes the open steps its escalation opened (one piece of work), and no other task', async () => {
    const root = await insertTask(db, { assigneeRole: 'social_worker', assigneeUserId: worker.id });
    const up1 = await insertTask(db, { key: `${root.key}>coordinator`, assigneeRole: 'coordinator', payload: { escalatedFrom: root.id } });
    const up2 = await insertTask(db, { key: `${root.key}>coordinator>director`, assigneeRole: 'director', payload: { escalatedFrom: up1.id } });
    // A key that only starts alike (LIKE would read `_` as a wildcard) is another task.
    const other = await insertTask(db, { key: `${root.key}0`, assigneeRole: 'social_worker', assigneeUserId: worker.id });
    // The coordinator closes the step that reached them: the whole chain closes, as done by them.
    expect(await completeTask(deps, asActor(coordinator, 'coordinator'), { taskId: up1.id })).toMatchObject({ closed: 3 });
    for (const t of [root, up1, up2]) expect(await taskRow(t.id)).toMatchObject({ state: 'done', closed_by: coordinator.id });
    expect((await taskRow(other.id)).state).toBe('open');
  });

  it('refuses bad input with field errors, an unknown or malformed id as not found, and writes nothing', async () => {
    const task = await insertTask(db, { assigneeRole: 'social_worker', assigneeUserId: worker.id });
    const today = warsawDay(new Date());
    const bad = [
      [() => dismissTask(deps, sw, { taskId: task.id, reason: '  ' }), 'reason'],
      [() => dismissTask(deps, sw, { taskId: task.id, reason: 'x'.repeat(501) }), 'reason'],
      [() => dismissTask(deps, sw, { taskId: task.id } as never), 'reason'],
      [() => snoozeTask(deps, sw, { taskId: task.id, until: today }), 'until'],
      [() => snoozeTask(deps, sw, { taskId: task.id, until: addCalendarDays(today, -1) }), 'until'],
      [() => snoozeTask(deps, sw, { taskId: task.id, until: addCalendarDays(today, 400) }), 'until'],
      [() => snoozeTask(deps, sw, { taskId: task.id, until: '31.12.2099' }), 'until'],
      [() => snoozeTask(deps, sw, { taskId: task.id, until: 20991231 } as never), 'until'],
    ] as const;
    for (const [p, field] of bad) {
      const e = await refusal(p());
      expect(e.code, field).toBe('invalid_input');
      expect(e.fields.map((f) => f.field)).toEqual([field]);
      expect(e.fields[0]!.message).toMatch(/[a-ząćęłńóśźż]/);
    }
    for (const taskId of [randomUUID(), 'not-a-uuid', '', "'; drop table tasks; --"]) {
      expect((await refusal(completeTask(deps, sw, { taskId }))).code).toBe('not_found');
    }
    expect((await refusal(completeTask(deps, sw, null as never))).code).toBe('not_found');
    expect(await taskRow(task.id)).toMatchObject({ state: 'open', snoozed_until: null, closed_by: null });
    expect(await auditOf(task.id)).toEqual([]);
  });

  it('snoozed: off Today until the start of its day in Warsaw, still open (its cause still closes it), audited', async () => {
    const now = new Date();
    const task = await insertTask(db, { assigneeRole: 'social_worker', assigneeUserId: worker.id, dueAt: now });
    const me = { ...sw, email: 'x', name: 'x', locale: 'pl', mustChangePassword: false, via: 'session' } satisfies Actor;
    const onToday = async (at: Date) => (await openTasksFor(db, me, at)).some((t) => t.id === task.id);
    expect(await onToday(now)).toBe(true);
    const day = addCalendarDays(warsawDay(now), 5);
    const res = await snoozeTask(deps, sw, { taskId: task.id, until: day });
    expect(res).toEqual({ taskId: task.id, state: 'open', snoozedUntil: warsawInstant(day, '00:00'), closed: 0 });
    expect(await onToday(now)).toBe(false);
    expect(await onToday(new Date(warsawInstant(day, '00:00').getTime() - 1))).toBe(false);
    expect(await onToday(warsawInstant(day, '00:00'))).toBe(true);
    expect(await auditOf(task.id)).toEqual([{ user_id: worker.id, action: 'task_snoozed', details: { until: day } }]);
    // Snoozed again, to another day; then its cause resolves: closed automatically, with the cause.
    await snoozeTask(deps, asActor(coordinator, 'coordinator'), { taskId: task.id, until: addCalendarDays(day, 2) });
    const acts = createActivities({ db, now: () => new Date() });
    expect(await acts.resolveTasks({ applicationId: task.application_id!, kinds: ['attendance_low'], reason: 'attendance back above the threshold' })).toBe(1);
    expect(await taskRow(task.id)).toMatchObject({ state: 'done', closed_automatically: true, close_reason: 'attendance back above the threshold', closed_by: null });
  });
});

describe('a snoozed task on the time-skipping server', async () => {
  const env = await timeSkippingEnv();

  it('is not escalated while snoozed; escalates the chain’s working days after its date if still open', async () => {
    const project = await makeProject(db);
    await db.insertInto('escalation_chains').values({ project_id: project.id, chain: JSON.stringify(['social_worker', 'coordinator']), after_working_days: 1 }).execute();
    const worker = await makeUser(db, 'social_worker');
    await makeUser(db, 'coordinator');
    const clock = async () => new Date(await env.currentTimeMs());
    const deps = { db, now: () => new Date() };
    const { worker: w, taskQueue } = await reminderWorker(env, deps);
    const key = `${randomUUID()}:attendance_low:1`;
    const dueAt = new Date((await env.currentTimeMs()) + 2 * 86_400_000);
    const task = { key, kind: 'attendance_low', applicationId: randomUUID(), projectId: project.id, assigneeRole: 'social_worker' as const, assigneeUserId: worker.id, dueAt: dueAt.toISOString() };
    const plannedAt = workingDaysLater(dueAt, 1, DEFAULT_OFFICE_HOURS);
    await w.runUntil(async () => {
      await env.client.workflow.start('timerThenTask', { taskQueue, workflowId: randomUUID(), args: [{ waitMs: 0, task }] });
      const row = await until(() => db.selectFrom('tasks').selectAll().where('key', '=', key).executeTakeFirst(), 'the task');
      const reminder = env.client.workflow.getHandle(taskReminderWorkflowId(row.id));
      // Snoozed once the escalation is planned and its timer runs (the server's clock, not the machine's).
      await until(async () => ((await reminder.fetchHistory()).events!.some((e) => e.timerStartedEventAttributes) ? true : undefined), 'the escalation timer');
      const now = await clock();
      const day = addCalendarDays(warsawDay(now), 20);
      await snoozeTask({ db, now: () => now }, asActor(worker, 'social_worker'), { taskId: row.id, until: day });
      // Past the step planned before the snooze: asked, the task is snoozed, nothing escalates.
      await env.sleep(plannedAt.getTime() - (await env.currentTimeMs()) + 3 * 86_400_000);
      await until(async () => {
        const h = await reminder.fetchHistory();
        return h.events!.some((e) => e.markerRecordedEventAttributes) ? true : undefined;
      }, 'the deferral');
      expect(await db.selectFrom('tasks').select('id').where('key', '=', `${key}>coordinator`).execute()).toEqual([]);
      // After its date, still open: one working day later it reaches the coordinator.
      expect(await reminder.result()).toEqual({ escalated: true });
      const escalated = await db.selectFrom('tasks').selectAll().where('key', '=', `${key}>coordinator`).executeTakeFirstOrThrow();
      expect(escalated.due_at.toISOString()).toBe(workingDaysLater(warsawInstant(day, '00:00'), 1, DEFAULT_OFFICE_HOURS).toISOString());
      expect(escalated.assignee_role).toBe('coordinator');
    });
  });
});

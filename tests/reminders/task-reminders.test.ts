// From a journey's timer to the task and the e-mail, on the time-skipping server with the real
// PostgreSQL and a real SMTP server: exactly once under retries and a crash, and the escalation chain
// across 11 November (a Polish public holiday).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createActivities, type Activities } from '../../activities';
import type { MailDeps } from '../../activities/deps';
import { createMailer } from '../../activities/mailer';
import type { OpenTaskInput } from '../../activities/tasks';
import { taskReminderWorkflowId } from '../../contracts/reminders';
import { testDb } from '../helpers/db';
import { until } from '../helpers/wait';
import { timeSkippingEnv } from '../helpers/temporal';
import { makeProject, makeUser } from './fixtures';
import { testSmtp } from './smtp';
import { reminderWorker } from './worker';

const db = await testDb();
const env = await timeSkippingEnv();
const smtp = await testSmtp();
const PUBLIC_URL = 'http://sciezka.test';
const mailDeps = (extra: Partial<MailDeps> = {}): MailDeps => ({
  mailer: createMailer({ smtpUrl: smtp.url, mailFrom: 'Sciezka <sciezka@test.local>' }),
  publicUrl: PUBLIC_URL,
  ...extra,
});

const taskByKey = (key: string) => db.selectFrom('tasks').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
const mailsOf = (taskId: string) => db.selectFrom('outbox').selectAll().where('task_id', '=', taskId).execute();

async function chainOf(projectId: string, chain: string[], afterWorkingDays: number) {
  await db.insertInto('escalation_chains').values({ project_id: projectId, chain: JSON.stringify(chain), after_working_days: afterWorkingDays }).execute();
}

function reminderTask(over: Partial<OpenTaskInput> & Pick<OpenTaskInput, 'projectId' | 'assigneeRole' | 'dueAt'>): OpenTaskInput {
  return { key: `${randomUUID()}:sign-reminder:1`, kind: 'sign_reminder', applicationId: randomUUID(), ...over };
}

describe('a task reaches its assignee by e-mail', () => {
  it('once, although the openTask activity is retried after it committed (lost completion)', async () => {
    const project = await makeProject(db);
    await chainOf(project.id, ['social_worker'], 2);
    const worker = await makeUser(db, 'social_worker');
    const deps = { db, now: () => new Date(), mail: mailDeps() };
    const real = createActivities(deps);
    let calls = 0;
    const openTask: Activities['openTask'] = async (input) => {
      const created = await real.openTask(input);
      if (++calls === 1) throw new Error('worker lost before reporting the result');
      return created;
    };
    const { worker: w, taskQueue } = await reminderWorker(env, deps, { openTask });
    const task = reminderTask({
      projectId: project.id,
      assigneeRole: 'social_worker',
      assigneeUserId: worker.id,
      dueAt: '2027-03-10T09:00:00.000Z',
      // Whatever a journey might put in the payload never reaches the e-mail.
      payload: { pesel: '85010112345', disability: true, note: 'uzależnienie, bezdomność' },
    });
    await w.runUntil(async () => {
      await env.client.workflow.execute('timerThenTask', { taskQueue, workflowId: randomUUID(), args: [{ waitMs: 3 * 86_400_000, task }] });
      const row = await taskByKey(task.key);
      await env.client.workflow.getHandle(taskReminderWorkflowId(row.id)).result();
    });
    expect(calls).toBe(2);
    const row = await taskByKey(task.key);
    const outbox = await mailsOf(row.id);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ status: 'sent', to_address: worker.email, attempts: 1 });
    const got = smtp.to(worker.email);
    expect(got).toHaveLength(1);
    const mail = got[0]!;
    expect(mail.messageId).toBe(outbox[0]!.smtp_message_id);
    expect(mail.subject).toBe('[Ścieżka] Dokumenty przystąpienia do projektu nie zostały podpisane');
    expect(mail.text).toContain(`${PUBLIC_URL}/participants/${task.applicationId}`);
    expect(mail.text).toContain('Termin: 10.03.2027 10:00');
    expect(mail.html).toContain(`href="${PUBLIC_URL}/participants/${task.applicationId}"`);
    for (const secret of ['85010112345', 'uzależn', 'bezdomn', 'disab', 'niepełnospr']) {
      expect(mail.raw).not.toContain(secret);
      expect(mail.text + mail.html).not.toContain(secret);
    }
  });

  it('a crash between the SMTP hand-over and the recording sends one e-mail, never a second', async () => {
    const project = await makeProject(db);
    await chainOf(project.id, ['social_worker'], 2);
    const worker = await makeUser(db, 'social_worker', 'en');
    let crashes = 0;
    const deps = {
      db,
      now: () => new Date(),
      mail: mailDeps({
        afterHandOver: () => {
          if (crashes++ === 0) throw new Error('worker died after the SMTP server accepted the message');
        },
      }),
    };
    const { worker: w, taskQueue } = await reminderWorker(env, deps);
    const task = reminderTask({ projectId: project.id, assigneeRole: 'social_worker', assigneeUserId: worker.id, dueAt: '2027-03-10T09:00:00.000Z' });
    await w.runUntil(async () => {
      await env.client.workflow.execute('timerThenTask', { taskQueue, workflowId: randomUUID(), args: [{ waitMs: 0, task }] });
      const row = await taskByKey(task.key);
      await env.client.workflow.getHandle(taskReminderWorkflowId(row.id)).result();
    });
    expect(crashes).toBe(1);
    const row = await taskByKey(task.key);
    const [outbox] = await mailsOf(row.id);
    // The retried activity saw the hand-over mark of its own earlier attempt and did not send again.
    expect(outbox).toMatchObject({ status: 'unconfirmed', attempts: 1 });
    expect(outbox!.handed_over_at).not.toBeNull();
    const got = smtp.to(worker.email);
    expect(got).toHaveLength(1);
    expect(got[0]!.messageId).toBe(outbox!.smtp_message_id);
    expect(got[0]!.subject).toBe('[Sciezka] The joining documents have not been signed');
  });
});

describe('escalation', () => {
  it('climbs the chain one step at a time, in office hours, skipping 11 November, each step once', async () => {
    const project = await makeProject(db);
    await chainOf(project.id, ['social_worker', 'coordinator', 'director'], 1);
    const worker = await makeUser(db, 'social_worker');
    const coordinator = await makeUser(db, 'coordinator', 'en');
    const director = await makeUser(db, 'director');
    const deps = { db, now: () => new Date(), mail: mailDeps() };
    // Every escalation step is retried once after it committed: still one task and one e-mail per step.
    const real = createActivities(deps);
    const retried = new Set<string>();
    const escalateTask: Activities['escalateTask'] = async (input) => {
      const result = await real.escalateTask(input);
      if (!retried.has(input.taskId)) {
        retried.add(input.taskId);
        throw new Error('lost completion');
      }
      return result;
    };
    const { worker: w, taskQueue } = await reminderWorker(env, deps, { escalateTask });
    // Due Wednesday 10 Nov 2027, 15:00 in Warsaw.
    const task = reminderTask({ projectId: project.id, assigneeRole: 'social_worker', assigneeUserId: worker.id, dueAt: '2027-11-10T14:00:00.000Z', escalate: true });
    await w.runUntil(async () => {
      await env.client.workflow.execute('timerThenTask', { taskQueue, workflowId: randomUUID(), args: [{ waitMs: 0, task }] });
      for (const key of [task.key, `${task.key}>coordinator`, `${task.key}>coordinator>director`]) {
        const row = await taskByKey(key);
        await env.client.workflow.getHandle(taskReminderWorkflowId(row.id)).result();
      }
    });
    const tasks = await db.selectFrom('tasks').selectAll().where('key', 'like', `${task.key}%`).orderBy('escalation_level').execute();
    expect(tasks.map((t) => [t.assignee_role, t.escalation_level])).toEqual([
      ['social_worker', 0],
      ['coordinator', 1],
      ['director', 2],
    ]);
    // One working day after Wed 15:00 is Fri 12 Nov (Thu 11 Nov is a holiday) 15:00, after Friday's
    // closing (14:00): Monday 15 Nov at opening, 7:30 CET. Then one working day more: Tue 16 Nov 7:30.
    expect(new Date(tasks[1]!.due_at).toISOString()).toBe('2027-11-15T06:30:00.000Z');
    expect(new Date(tasks[2]!.due_at).toISOString()).toBe('2027-11-16T06:30:00.000Z');
    expect(retried.size).toBe(2);
    expect(tasks[1]!.payload).toMatchObject({ escalatedFrom: tasks[0]!.id, escalatedFromRole: 'social_worker' });

    expect(smtp.to(worker.email)).toHaveLength(1);
    const [toCoordinator] = smtp.to(coordinator.email);
    expect(smtp.to(coordinator.email)).toHaveLength(1);
    expect(toCoordinator!.subject).toBe('[Sciezka] Escalation: The joining documents have not been signed');
    expect(toCoordinator!.text).toContain('Escalation: the task was not done in time (social worker).');
    expect(toCoordinator!.text).toContain('Due: 15.11.2027 07:30');
    const [toDirector] = smtp.to(director.email);
    expect(smtp.to(director.email)).toHaveLength(1);
    expect(toDirector!.text).toContain('Eskalacja: zadanie nie zostało wykonane w terminie (koordynator projektu).');
  });

  it('does not escalate a task whose condition cleared before the deadline', async () => {
    const project = await makeProject(db);
    await chainOf(project.id, ['social_worker', 'coordinator'], 2);
    const worker = await makeUser(db, 'social_worker');
    const deps = { db, now: () => new Date(), mail: mailDeps() };
    const acts = createActivities(deps);
    const { worker: w, taskQueue } = await reminderWorker(env, deps);
    // Due a month after the test server's present, wherever earlier tests left its clock.
    const dueAt = new Date((await env.currentTimeMs()) + 30 * 86_400_000).toISOString();
    const task = reminderTask({ projectId: project.id, assigneeRole: 'social_worker', assigneeUserId: worker.id, dueAt, escalate: true });
    await w.runUntil(async () => {
      // Started, not executed: waiting on a result lets the test server skip time, and a slow worker
      // could then see the deadline pass before the condition clears. Nothing waits until it has.
      await env.client.workflow.start('timerThenTask', { taskQueue, workflowId: randomUUID(), args: [{ waitMs: 0, task }] });
      const row = await until(() => db.selectFrom('tasks').selectAll().where('key', '=', task.key).executeTakeFirst(), 'the task');
      expect(await acts.resolveTasks({ applicationId: task.applicationId!, kinds: ['sign_reminder'], reason: 'signed' })).toBe(1);
      expect(await env.client.workflow.getHandle(taskReminderWorkflowId(row.id)).result()).toEqual({ escalated: false });
    });
    expect(await db.selectFrom('tasks').select('id').where('key', 'like', `${task.key}>%`).execute()).toHaveLength(0);
    expect(smtp.to(worker.email)).toHaveLength(1);
  });

  it('escalates the kinds nobody else escalates (attendance_low, an unjustified absence) without being asked', async () => {
    const project = await makeProject(db);
    await chainOf(project.id, ['social_worker', 'coordinator'], 1);
    const worker = await makeUser(db, 'social_worker');
    const coordinator = await makeUser(db, 'coordinator');
    const deps = { db, now: () => new Date(), mail: mailDeps() };
    const { worker: w, taskQueue } = await reminderWorker(env, deps);
    // Opened as the journey opens them: no escalate flag.
    const applicationId = randomUUID();
    const tasks = [
      reminderTask({ key: `${applicationId}:attendance_low:1`, kind: 'attendance_low', applicationId, projectId: project.id, assigneeRole: 'social_worker', assigneeUserId: worker.id, dueAt: '2028-03-01T09:00:00.000Z' }),
      reminderTask({ key: `${applicationId}:absence_unjustified:2028-02-28|support_group:1`, kind: 'absence_unjustified:2028-02-28|support_group', applicationId, projectId: project.id, assigneeRole: 'social_worker', assigneeUserId: worker.id, dueAt: '2028-03-01T09:00:00.000Z' }),
    ];
    await w.runUntil(async () => {
      for (const task of tasks) {
        await env.client.workflow.execute('timerThenTask', { taskQueue, workflowId: randomUUID(), args: [{ waitMs: 0, task }] });
        const row = await taskByKey(task.key);
        expect(row.escalates).toBe(true);
        expect(await env.client.workflow.getHandle(taskReminderWorkflowId(row.id)).result()).toEqual({ escalated: true });
        // The escalated task's own reminder e-mails the coordinator (the chain ends there).
        const escalated = await taskByKey(`${task.key}>coordinator`);
        expect(await env.client.workflow.getHandle(taskReminderWorkflowId(escalated.id)).result()).toEqual({ escalated: false });
      }
    });
    for (const task of tasks) expect((await taskByKey(`${task.key}>coordinator`)).assignee_role).toBe('coordinator');
    expect(smtp.to(coordinator.email)).toHaveLength(2);
  });

  it('leaves alone a task whose opener escalates it itself (no escalate flag), however overdue', async () => {
    const project = await makeProject(db);
    const worker = await makeUser(db, 'social_worker');
    const deps = { db, now: () => new Date(), mail: mailDeps() };
    const { worker: w, taskQueue } = await reminderWorker(env, deps);
    // The default chain (social worker -> coordinator -> director), due long ago.
    const task = reminderTask({ projectId: project.id, assigneeRole: 'social_worker', assigneeUserId: worker.id, dueAt: '2026-01-05T09:00:00.000Z' });
    await w.runUntil(async () => {
      await env.client.workflow.execute('timerThenTask', { taskQueue, workflowId: randomUUID(), args: [{ waitMs: 0, task }] });
      const row = await taskByKey(task.key);
      expect(await env.client.workflow.getHandle(taskReminderWorkflowId(row.id)).result()).toEqual({ escalated: false });
    });
    expect(await db.selectFrom('tasks').select('id').where('key', 'like', `${task.key}>%`).execute()).toHaveLength(0);
    expect(smtp.to(worker.email)).toHaveLength(1);
  });
});

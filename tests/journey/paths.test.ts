// Every recorded path of the participant journey, end to end on the time-skipping server, with the
// database, the event log and the tasks checked between steps.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { taskReminderWorkflowId } from '../../contracts/reminders';
import { AppError } from '../../domain/errors';
import { NotAllowedNowError, reassignSocialWorker } from '../../server/services/journeys';
import { testDb } from '../helpers/db';
import { testWorker, timeSkippingEnv } from '../helpers/temporal';
import { FOLLOW_UP_GRACE_DAYS } from '../../workflows/journey';
import { createWorld, Journey, PATHS, type World } from './driver';

let w: World;
let stop: () => Promise<void>;

beforeAll(async () => {
  const db = await testDb();
  const env = await timeSkippingEnv();
  const { worker, taskQueue } = await testWorker(env, { db, now: () => new Date() });
  const running = worker.run();
  stop = async () => { worker.shutdown(); await running; };
  w = await createWorld(db, env, taskQueue);
  return () => stop();
});

const types = async (j: Journey) => (await j.events()).map((e) => e.type);

describe('participant journey paths', () => {
  it('completed: application to follow-up 2, every step in the database', async () => {
    await PATHS.completed!(w, async (step, j) => {
      const app = await w.db.selectFrom('applications').selectAll().where('id', '=', j.applicationId).executeTakeFirstOrThrow();
      if (step === 'support') {
        expect(app.stage).toBe('support');
        expect(app.points).toBe(22);
        expect(app.decision).toBe('qualified');
        expect(app.participation_started_on).toBe(await j.today());
        const docs = await w.db.selectFrom('documents').select('kind').where('application_id', '=', j.applicationId).execute();
        expect(docs.map((d) => d.kind).sort()).toEqual(['contract', 'data_statement', 'declaration']);
        const letters = await w.db.selectFrom('letters').select(['kind', 'pdf']).where('application_id', '=', j.applicationId).execute();
        expect(letters.map((l) => l.kind)).toEqual(['result_qualified']);
        expect(letters[0]!.pdf.subarray(0, 5).toString()).toBe('%PDF-');
        expect(await types(j)).toEqual(['applied', 'screened', 'round_notified', 'decided', 'list_approved', 'participation_started']);
        const ev = await j.events();
        expect(ev.find((e) => e.type === 'round_notified')!.payload).toMatchObject({ kind: 'candidateScored', points: 22 });
        expect(ev.find((e) => e.type === 'screened')!.actor_id).toBe(w.worker.id);
        expect(ev.map((e) => [e.stage_before, e.stage_after])).toEqual([
          [null, 'applied'], ['applied', 'screened'], [null, null], ['screened', 'decided'], ['decided', 'joining'], ['joining', 'support'],
        ]);
        expect(await j.openTaskKinds()).toEqual([]);
      }
      if (step === 'path') {
        expect(app.job_found_on).toBe(await j.today());
        expect(app.stage).toBe('support');
        const att = await w.db.selectFrom('attendance').selectAll().where('application_id', '=', j.applicationId).execute();
        expect(att).toHaveLength(2);
        const plan = await w.db.selectFrom('support_plan').selectAll().where('application_id', '=', j.applicationId).execute();
        expect(plan.map((p) => [p.form_code, p.hours]).sort()).toEqual([['job_coach', 10], ['support_group', 40]]);
      }
      if (step === 'ended') {
        expect(app.end_reason).toBe('completed');
        expect(app.ended_on).toBe(await j.today());
        // completed: no place is freed
        expect((await j.events()).filter((e) => e.type === 'round_notified')).toHaveLength(1);
        // Due when the office next opens (a path's end may fall on a weekend, depending on the day it runs).
        expect(await j.sleepUntilTasks((k) => k.includes('follow_up_1_due'), 'follow-up 1 due', 4)).toEqual(['follow_up_1_due']);
      }
      if (step === 'follow_up_1') {
        expect(await j.waitForDb(() => j.openTaskKinds(), (k) => k.length === 0, 'follow-up 1 task resolved')).toEqual([]);
        const fu = await w.db.selectFrom('follow_ups').selectAll().where('application_id', '=', j.applicationId).execute();
        expect(fu).toMatchObject([{ number: 1, on_time: true, data: { working: true } }]);
      }
      if (step === 'closed') {
        expect(app.stage).toBe('closed');
        const t = await types(j);
        expect(t.slice(-3)).toEqual(['follow_up_1_recorded', 'follow_up_2_recorded', 'closed']);
        const tasks = await j.tasks();
        expect(tasks.map((x) => [x.kind, x.state, x.closed_automatically, x.close_reason])).toEqual([
          ['follow_up_1_due', 'done', true, 'follow-up 1 recorded'], ['follow_up_2_due', 'done', true, 'follow-up 2 recorded'],
        ]);
      }
    });
  });

  it('resigned: an early end frees the place at once', async () => {
    await PATHS.resigned!(w, async (step, j) => {
      if (step === 'ended') {
        const ev = await j.events();
        const freed = ev.filter((e) => e.type === 'round_notified').map((e) => e.payload);
        expect(freed).toEqual([
          expect.objectContaining({ kind: 'candidateScored' }),
          expect.objectContaining({ kind: 'placeFreed', reason: 'ended_early', delivered: false }),
        ]);
        const app = await w.db.selectFrom('applications').select(['end_reason', 'end_note']).where('id', '=', j.applicationId).executeTakeFirstOrThrow();
        expect(app).toEqual({ end_reason: 'resigned', end_note: 'Nowa praca poza miastem (zaświadczenie pracodawcy)' });
      }
      if (step === 'closed') expect(await j.stage()).toBe('closed');
    });
  });

  it('promoted from the reserve list: reserve letter, position moves, promotion letter, joining', async () => {
    await PATHS.promoted!(w, async (step, j) => {
      const app = await w.db.selectFrom('applications').selectAll().where('id', '=', j.applicationId).executeTakeFirstOrThrow();
      if (step === 'reserve') {
        expect(app).toMatchObject({ stage: 'decided', decision: 'reserve', reserve_position: 1 });
        expect(await types(j)).toContain('reserve_position_changed');
      }
      if (step === 'joining') {
        expect(app).toMatchObject({ stage: 'joining', decision: 'qualified', reserve_position: null });
        const letters = await w.db.selectFrom('letters').select('kind').where('application_id', '=', j.applicationId).orderBy('created_at').execute();
        expect(letters.map((l) => l.kind)).toEqual(['result_reserve', 'promoted']);
        // The promotion is the system's step, not the reserve's decider's; the reserve letter, unsent, is superseded.
        const decided = (await j.events()).filter((e) => e.type === 'decided' || e.type === 'list_approved');
        expect(decided.map((e) => [e.type, e.actor_id])).toEqual([['decided', w.coordinator.id], ['decided', null], ['list_approved', null]]);
        expect(decided[1]!.payload).toMatchObject({ fromReserve: true, automatic: true, cause: 'promotion' });
        const queue = await w.db.selectFrom('letters').select(['kind', 'superseded_reason']).where('application_id', '=', j.applicationId).orderBy('created_at').execute();
        expect(queue).toEqual([{ kind: 'result_reserve', superseded_reason: 'promoted' }, { kind: 'promoted', superseded_reason: null }]);
        const s = await j.state();
        await expect(j.act('recordLetterSent', { letterKey: s.letters[0]!.key, sentOn: await j.today() }, w.coordinator)).rejects.toBeInstanceOf(NotAllowedNowError);
        // The round's promotion task for the coordinator, as the round's activity opens it.
        const acts = createActivities({ db: w.db, now: () => new Date() });
        const at = new Date(await w.env.currentTimeMs()).toISOString();
        await new MockActivityEnvironment({ taskQueue: w.taskQueue }, { client: w.env.client }).run(acts.recordPromotions, { projectId: w.projectId, promotions: [{ applicationId: j.applicationId, freedBy: randomUUID(), at }] });
        expect(await j.openTaskKinds()).toEqual(['promoted_from_reserve']);
      }
      if (step === 'support') {
        // Signing is what the promotion waited for: closed with the signature, automatically, never escalated.
        const [promotion] = (await j.tasks()).filter((t) => t.kind === 'promoted_from_reserve');
        expect(promotion).toMatchObject({ state: 'done', closed_automatically: true, close_reason: 'documents signed', closed_by: null });
        // Past the moment it would have climbed to the director (due + 2 working days): its reminder ends, alone.
        await j.sleepDays(10);
        const reminder = w.env.client.workflow.getHandle(taskReminderWorkflowId(promotion!.id));
        await j.waitForDb(async () => (await reminder.describe()).status.name, (s) => s === 'COMPLETED', 'the promotion reminder ended');
        expect((await j.tasks()).filter((t) => t.kind === 'promoted_from_reserve')).toHaveLength(1);
      }
    });
  });

  it('withdrawn: closed through the journey with its reason, the round told, the unsent letter and the reminder resolved', async () => {
    await PATHS.withdrawn!(w, async (step, j) => {
      if (step === 'reserve') {
        // Not allowed without a reason, nor without a note: refused, nothing written.
        await expect(j.act('withdrawApplication', { reason: 'applicant_request', note: ' ' })).rejects.toBeInstanceOf(NotAllowedNowError);
        await expect(j.act('withdrawApplication', { reason: 'changed_mind' as never, note: 'x' })).rejects.toBeInstanceOf(NotAllowedNowError);
        expect(await types(j)).not.toContain('application_withdrawn');
      }
      if (step === 'closed') {
        const app = await w.db.selectFrom('applications').selectAll().where('id', '=', j.applicationId).executeTakeFirstOrThrow();
        expect(app).toMatchObject({ stage: 'closed', decision: 'reserve', withdrawal_reason: 'applicant_request', withdrawal_note: 'Kandydatka podjęła pracę (pismo z 3.02)' });
        const events = await j.events();
        const withdrawn = events.find((e) => e.type === 'application_withdrawn')!;
        expect(withdrawn).toMatchObject({ actor_id: w.worker.id, stage_before: 'decided', stage_after: 'closed' });
        expect(events.filter((e) => e.type === 'round_notified').map((e) => (e.payload as { kind: string }).kind)).toEqual(['candidateScored', 'withdrawn']);
        const letters = await w.db.selectFrom('letters').select(['kind', 'superseded_reason', 'sent_on']).where('application_id', '=', j.applicationId).execute();
        expect(letters).toEqual([{ kind: 'result_reserve', superseded_reason: 'withdrawn', sent_on: null }]);
        expect(await j.openTaskKinds()).toEqual([]);
        // Closed: a second withdrawal is too late.
        await expect(j.act('withdrawApplication', { reason: 'entered_by_mistake', note: 'x' })).rejects.toBeInstanceOf(NotAllowedNowError);
      }
    });
  });

  it('withdrawal is refused once participation started (it ends instead)', async () => {
    await PATHS.completed!(w, async (step, j) => {
      if (step === 'support') {
        const err = await j.act('withdrawApplication', { reason: 'entered_by_mistake', note: 'Pomyłka' }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(NotAllowedNowError);
        expect((err as NotAllowedNowError).reason.pl).toContain('przed rozpoczęciem udziału');
      }
    });
  });

  it('struck off: unjustified absences open tasks, attendance below 80% opens one, the end resolves them', async () => {
    await PATHS.struck_off!(w, async (step, j) => {
      if (step === 'absent') {
        expect(await j.openTaskKinds()).toEqual(['attendance_low']);
        const [t] = (await j.tasks()).filter((x) => x.kind === 'attendance_low');
        expect(t!.payload).toMatchObject({ share: 0, threshold: 0.8 });
      }
      if (step === 'absences_unjustified') {
        const kinds = await j.waitForDb(() => j.openTaskKinds(), (k) => k.filter((x) => x.startsWith('absence_unjustified:')).length === 2, 'absence tasks');
        // The attendance task, open for 7 working days by now, has climbed to the coordinator (2 working days a step).
        expect(kinds).toContain('attendance_low');
        const roles = (await j.tasks()).filter((t) => t.kind === 'attendance_low' && t.state === 'open').map((t) => t.assignee_role);
        expect(roles).toEqual(expect.arrayContaining(['social_worker', 'coordinator']));
      }
      if (step === 'ended') {
        const kinds = await j.waitForDb(() => j.openTaskKinds(), (k) => !k.some((x) => x.startsWith('absence') || x === 'attendance_low'), 'tasks resolved');
        expect(kinds).toEqual(['follow_up_1_due']);
        expect((await j.events()).at(-1)!.payload).toMatchObject({ kind: 'placeFreed', reason: 'ended_early' });
      }
    });
  });

  it('re-assigned: the journey moves the open task and addresses the next reminder and its e-mail to the new social worker', async () => {
    const application = (j: Journey) => w.db.selectFrom('applications').select(['social_worker_id']).where('id', '=', j.applicationId).executeTakeFirstOrThrow();
    const swTasks = async (j: Journey) => (await j.tasks()).filter((t) => t.assignee_role === 'social_worker' && t.state === 'open');
    const refusedWith = async (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
    await PATHS.reassigned!(w, async (step, j) => {
      if (step === 'before') {
        expect(await application(j)).toEqual({ social_worker_id: w.worker.id });
        expect((await swTasks(j)).map((t) => [t.kind, t.assignee_user_id])).toEqual([['attendance_low', w.worker.id]]);
        // Coordinators only, an active social worker only: refused before the journey is asked.
        const forbidden = await refusedWith(reassignSocialWorker(w, w.worker, j.applicationId, w.otherWorker.id, randomUUID()));
        expect((forbidden as AppError).code).toBe('forbidden');
        const notWorker = await refusedWith(reassignSocialWorker(w, w.coordinator, j.applicationId, w.coordinator.id, randomUUID()));
        expect((notWorker as AppError).code).toBe('invalid_input');
        // The journey's validator: the same worker again changes nothing.
        const same = await refusedWith(reassignSocialWorker(w, w.coordinator, j.applicationId, w.worker.id, randomUUID()));
        expect(same).toBeInstanceOf(NotAllowedNowError);
        expect((same as NotAllowedNowError).reason.en).toMatch(/already assigned/);
      }
      if (step === 'reassigned') {
        expect((await j.state()).socialWorkerId).toBe(w.otherWorker.id);
        expect(await application(j)).toEqual({ social_worker_id: w.otherWorker.id });
        expect((await swTasks(j)).map((t) => [t.kind, t.assignee_user_id])).toEqual([['attendance_low', w.otherWorker.id]]);
        const event = (await j.events()).find((e) => e.type === 'social_worker_reassigned')!;
        expect(event.actor_id).toBe(w.coordinator.id);
        expect(event.payload).toEqual({ from: w.worker.id, to: w.otherWorker.id });
        const audited = await w.db.selectFrom('audit_log').select(['user_id', 'details']).where('entity_id', '=', j.applicationId).where('action', '=', 'social_worker_assigned').execute();
        expect(audited).toEqual([{ user_id: w.coordinator.id, details: { socialWorkerId: w.otherWorker.id, previous: w.worker.id } }]);
      }
      if (step === 'reminded') {
        const absence = (await swTasks(j)).find((t) => t.kind.startsWith('absence_unjustified'))!;
        expect(absence.assignee_user_id).toBe(w.otherWorker.id);
        const mails = await j.waitForDb(
          () => w.db.selectFrom('outbox').select('to_user_id').where('task_id', '=', absence.id).execute(),
          (m) => m.length > 0,
          'the absence reminder e-mail',
        );
        expect(mails).toEqual([{ to_user_id: w.otherWorker.id }]);
      }
    });
  });

  it('isr revised: every revision kept with who and why, the plan follows the current one, nothing replaced silently', async () => {
    const refusedWith = async (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
    const revisions = (j: Journey) => w.db.selectFrom('isr_revisions').select(['revision', 'reason', 'revised_by', 'items']).where('application_id', '=', j.applicationId).orderBy('revision').execute();
    const plan = (j: Journey) => w.db.selectFrom('support_plan').select(['form_code', 'hours', 'provider']).where('application_id', '=', j.applicationId).orderBy('form_code').execute();
    await PATHS.isr_revised!(w, async (step, j) => {
      if (step === 'established') {
        expect((await j.state()).isrRevision).toBe(1);
        expect(await plan(j)).toEqual([{ form_code: 'support_group', hours: 40, provider: 'Stowarzyszenie PERSONA' }]);
        // Once there is an IŚR: no silent replacement by the plain plan, no revision without a reason.
        const plain = await refusedWith(j.act('planSupport', { items: [{ formCode: 'legal', hours: 5 }] }));
        expect((plain as NotAllowedNowError).reason.pl).toMatch(/aktualizację IŚR/);
        const today = await j.today();
        const noReason = await refusedWith(j.act('reviseIsr', { diagnosis: 'd', goals: 'g', items: [{ formCode: 'legal', hours: 5, from: today, to: today, provider: 'Prawnik' }] }));
        expect((noReason as NotAllowedNowError).reason.pl).toBe('Podaj powód zmiany IŚR');
      }
      if (step === 'revised') {
        const rows = await revisions(j);
        expect(rows.map((r) => [r.revision, r.reason, r.revised_by, r.items.map((i) => `${i.formCode}:${i.hours}`)])).toEqual([
          [1, null, w.worker.id, ['support_group:40']],
          [2, 'Dodano trenera pracy po rozmowie', w.worker.id, ['support_group:40', 'job_coach:10']],
          [3, 'Rezygnacja z trenera pracy, mniej godzin grupy', w.worker.id, ['support_group:30']],
        ]);
        expect(await plan(j)).toEqual([{ form_code: 'support_group', hours: 30, provider: 'Stowarzyszenie PERSONA' }]);
        const s = await j.state();
        expect([s.isrRevision, s.plan]).toEqual([3, [{ formCode: 'support_group', hours: 30 }]]);
        expect((await j.events()).filter((e) => e.type === 'isr_revised').map((e) => e.payload.revision)).toEqual([1, 2, 3]);
      }
    });
  });

  it('died: every open task closes with the cause; no follow-up, reminder, e-mail or escalation follows, months later either', async () => {
    const mailsAbout = (j: Journey) =>
      w.db.selectFrom('outbox').innerJoin('tasks', 'tasks.id', 'outbox.task_id').select('outbox.id').where('tasks.application_id', '=', j.applicationId).execute();
    await PATHS.died!(w, async (step, j) => {
      if (step === 'before') {
        const open = (await j.tasks()).filter((t) => t.state === 'open');
        // The attendance task has climbed to the coordinator; the absence task waits on the social worker.
        expect(open.map((t) => t.assignee_role)).toEqual(expect.arrayContaining(['social_worker', 'coordinator']));
        expect(open.some((t) => t.kind.startsWith('absence_unjustified:'))).toBe(true);
      }
      if (step === 'closed') {
        const ev = await j.events();
        expect(ev.slice(-3).map((e) => [e.type, e.stage_after])).toEqual([['participation_ended', 'ended'], ['round_notified', null], ['closed', 'closed']]);
        expect(ev.at(-1)!.payload).toEqual({ reason: 'died' });
        expect(await j.stage()).toBe('closed');
        const tasks = await j.tasks();
        expect(tasks.map((t) => [t.state, t.closed_automatically, t.close_reason, t.closed_by])).toEqual(tasks.map(() => ['done', true, 'participant died', null]));
        const mails = (await mailsAbout(j)).length;
        // A journey that recorded a death before the patch still runs its follow-up timers
        // (journey-died-before-death-patch.json): the tasks they would open are refused.
        const acts = createActivities({ db: w.db, now: () => new Date() });
        const followUp = { key: `${j.applicationId}:follow_up_1_due:1`, kind: 'follow_up_1_due', applicationId: j.applicationId, projectId: w.projectId, assigneeRole: 'social_worker' as const, dueAt: new Date().toISOString() };
        expect(await new MockActivityEnvironment({ taskQueue: w.taskQueue }, { client: w.env.client }).run(acts.openTask, followUp)).toBe(false);
        // Past both follow-up windows and the grace period: nothing new about them, to anyone.
        await j.sleepDays(130);
        for (const t of tasks) {
          const reminder = w.env.client.workflow.getHandle(taskReminderWorkflowId(t.id));
          await j.waitForDb(async () => (await reminder.describe()).status.name, (s) => s === 'COMPLETED', `the reminder of ${t.kind}`);
        }
        expect((await j.tasks()).map((t) => [t.id, t.state])).toEqual(tasks.map((t) => [t.id, 'done']));
        expect(await mailsAbout(j)).toHaveLength(mails);
        expect(await j.events()).toHaveLength(ev.length);
      }
    });
  });

  it('follow-ups recorded late: escalation when the window closes, resolved by the late record', async () => {
    await PATHS.follow_ups_late!(w, async (step, j) => {
      if (step === 'follow_up_1_missed') {
        const open = await j.waitForDb(() => j.tasks(), (t) => t.some((x) => x.kind === 'follow_up_1_escalation'), 'escalation');
        expect(open.filter((t) => t.state === 'open').map((t) => [t.kind, t.assignee_role]).sort()).toEqual([
          ['follow_up_1_due', 'social_worker'], ['follow_up_1_escalation', 'coordinator'], ['follow_up_1_reminder', 'social_worker'],
          ['follow_up_2_due', 'social_worker'],
        ]);
        expect(await types(j)).toContain('follow_up_1_missed');
      }
      if (step === 'follow_up_2_missed') {
        const fu = await w.db.selectFrom('follow_ups').selectAll().where('application_id', '=', j.applicationId).execute();
        expect(fu).toMatchObject([{ number: 1, on_time: false }]);
        expect(await j.waitForDb(() => j.openTaskKinds(), (k) => k.includes('follow_up_2_escalation'), 'fu2 escalation')).toEqual([
          'follow_up_2_due', 'follow_up_2_escalation', 'follow_up_2_reminder',
        ]);
      }
      if (step === 'closed') {
        expect(await j.stage()).toBe('closed');
        expect(await j.openTaskKinds()).toEqual([]);
        const fu = await w.db.selectFrom('follow_ups').select(['number', 'on_time']).where('application_id', '=', j.applicationId).orderBy('number').execute();
        expect(fu).toEqual([{ number: 1, on_time: false }, { number: 2, on_time: false }]);
      }
    });
  });

  it('ending entered late (from paper records): the follow-ups done back then can still be recorded, on time', async () => {
    await PATHS.ended_late!(w, async (step, j) => {
      if (step === 'ended') {
        // Both windows closed long ago: the tasks say so at once, and the journey waits instead of closing.
        expect(await j.openTaskKinds()).toEqual(expect.arrayContaining(['follow_up_1_escalation', 'follow_up_2_escalation']));
        expect(await j.stage()).toBe('ended');
        expect((await j.state()).stage).toBe('ended');
      }
      if (step === 'closed') {
        const fu = await w.db.selectFrom('follow_ups').select(['number', 'on_time']).where('application_id', '=', j.applicationId).orderBy('number').execute();
        expect(fu).toEqual([{ number: 1, on_time: true }, { number: 2, on_time: true }]);
        expect(await j.openTaskKinds()).toEqual([]);
        expect((await j.events()).at(-1)).toMatchObject({ type: 'closed', payload: { missingFollowUps: [] } });
      }
    });
  });

  it('ending entered late with nothing more: the journey closes the grace period after the entry, follow-ups missing', async () => {
    const j = new Journey(w);
    await j.toJoining();
    await j.act('signDocuments', { signedOn: await j.daysFromToday(-200), kinds: ['declaration', 'contract', 'data_statement'] });
    await j.waitStage('support');
    await j.act('endParticipation', { reason: 'completed', endedOn: await j.daysFromToday(-150) });
    await j.waitStage('ended');
    await j.sleepDays(FOLLOW_UP_GRACE_DAYS - 2);
    expect((await j.state()).stage).toBe('ended');
    await j.sleepDays(3);
    await j.waitStage('closed');
    expect((await j.events()).at(-1)).toMatchObject({ type: 'closed', payload: { missingFollowUps: [1, 2] } });
  });

  it('follow-ups never recorded: both escalate, the journey closes after the grace period', async () => {
    await PATHS.follow_ups_never!(w, async (step, j) => {
      if (step === 'closed') {
        const ev = await j.events();
        expect(ev.map((e) => e.type)).toEqual(expect.arrayContaining(['follow_up_1_missed', 'follow_up_2_missed']));
        expect(ev.at(-1)).toMatchObject({ type: 'closed', stage_after: 'closed', payload: { missingFollowUps: [1, 2] } });
        const tasks = await j.waitForDb(() => j.tasks(), (t) => t.every((x) => x.state === 'done'), 'all resolved');
        expect(tasks.filter((t) => t.kind.endsWith('escalation')).map((t) => t.close_reason)).toEqual(['journey closed', 'journey closed']);
      }
    });
  });

  it('original never arrived: reminders every N working days, one open at a time, rejected closes', async () => {
    await PATHS.original_never_arrived!(w, async (step, j) => {
      if (step === 'applied') {
        const app = await w.db.selectFrom('applications').select(['original_pending', 'channel']).where('id', '=', j.applicationId).executeTakeFirstOrThrow();
        expect(app).toEqual({ original_pending: true, channel: 'email_scan' });
        expect(await j.tasks()).toEqual([]);
      }
      if (step === 'reminded') {
        const tasks = await j.waitForDb(() => j.tasks(), (t) => t.length >= 2, 'original reminders');
        expect(tasks.filter((t) => t.state === 'open').map((t) => t.kind)).toEqual(['original_pending']);
        for (const t of tasks) {
          // never due outside office hours (Mon-Fri, 7:30 to 14:00-17:00 Warsaw)
          const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Warsaw', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(t.due_at);
          expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) (0[7-9]|1[0-6]):\d\d$/);
        }
      }
      if (step === 'closed') {
        expect(await j.stage()).toBe('closed');
        expect(await j.openTaskKinds()).toEqual([]);
        const letters = await w.db.selectFrom('letters').select('kind').where('application_id', '=', j.applicationId).execute();
        expect(letters).toEqual([{ kind: 'result_rejected' }]);
        const app = await w.db.selectFrom('applications').select(['decision', 'rejection_reason']).where('id', '=', j.applicationId).executeTakeFirstOrThrow();
        expect(app).toEqual({ decision: 'rejected', rejection_reason: 'Brak oryginału formularza zgłoszeniowego' });
      }
    });
  });
});

// A bulk re-assignment on the time-skipping server: the coordinator moves two participants to another
// social worker at once; each journey's Update moves its open tasks, and the reminders their timers open
// weeks later (and those reminders' e-mails) go to the new worker, never to the old one.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bulkReassign } from '../../server/services/participants';
import { Journey } from './driver';
import { timeSkippingWorld } from './world';

const w = await timeSkippingWorld();

describe('bulk re-assignment through the journeys', () => {
  it('moves open tasks, the journeys’ own record and later tasks and e-mails to the new social worker', async () => {
    const people = [new Journey(w), new Journey(w)];
    for (const j of people) {
      await j.toSupport();
      await j.attend(await j.today(), 0);
      await j.waitForDb(() => j.openTaskKinds(), (k) => k.includes('attendance_low'), 'attendance_low task');
    }
    const owners = async (j: Journey) => (await j.tasks()).filter((t) => t.state === 'open' && t.assignee_role === 'social_worker').map((t) => [t.kind.split(':')[0], t.assignee_user_id]);
    for (const j of people) expect(await owners(j)).toEqual([['attendance_low', w.worker.id]]);

    expect(await bulkReassign({ ...w, updateTimeoutMs: 30_000 }, w.coordinator, people.map((j) => j.applicationId), w.otherWorker.id, randomUUID())).toBe(2);
    for (const j of people) {
      expect((await j.state()).socialWorkerId).toBe(w.otherWorker.id);
      const row = await w.db.selectFrom('applications').select('social_worker_id').where('id', '=', j.applicationId).executeTakeFirstOrThrow();
      expect(row.social_worker_id).toBe(w.otherWorker.id);
      expect(await owners(j)).toEqual([['attendance_low', w.otherWorker.id]]);
      expect((await j.events()).filter((e) => e.type === 'social_worker_reassigned').map((e) => e.payload)).toEqual([{ from: w.worker.id, to: w.otherWorker.id }]);
    }

    // Days later the absence timers fire: the new tasks and their e-mails are the new worker's.
    const [first, second] = people as [Journey, Journey];
    await first.sleepUntilTasks((k) => k.some((x) => x.startsWith('absence_unjustified')), 'absence task of the first');
    await second.waitForDb(() => second.openTaskKinds(), (k) => k.some((x) => x.startsWith('absence_unjustified')), 'absence task of the second');
    for (const j of people) {
      expect(await owners(j)).toEqual(expect.arrayContaining([['absence_unjustified', w.otherWorker.id]]));
      const ids = (await j.tasks()).map((t) => t.id);
      const mails = await j.waitForDb(
        () => w.db.selectFrom('outbox').innerJoin('tasks', 'tasks.id', 'outbox.task_id').select(['outbox.to_user_id', 'tasks.kind']).where('outbox.task_id', 'in', ids).execute(),
        (m) => m.some((x) => x.kind.startsWith('absence_unjustified')),
        'the absence reminder e-mail',
      );
      const absenceMails = mails.filter((m) => m.kind.startsWith('absence_unjustified')).map((m) => m.to_user_id);
      expect(absenceMails.length).toBeGreaterThan(0);
      expect(absenceMails.every((to) => to === w.otherWorker.id)).toBe(true);
    }
  });
});

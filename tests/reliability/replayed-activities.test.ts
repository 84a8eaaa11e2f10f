// A replayed activity has one effect. Every activity of the worker commits its first attempt and then
// "loses" the completion (as when the worker dies right after the commit), so Temporal runs it again.
// Whole journey paths run on such a worker must leave exactly what they leave on a worker without
// faults: the same events, letters, tasks, e-mails, documents, attendance and follow-ups, and the
// recruitment round (signalled twice each time) one candidate per application.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import type { Db } from '../../db/connect';
import { testDb } from '../helpers/db';
import { testWorker, timeSkippingEnv } from '../helpers/temporal';
import { createWorld, PATHS, type Journey, type World } from '../journey/driver';
import { drive, expected, PLANS, settle, type Plan } from './journeys';

let clean: World;
let faulty: World;
let replays = 0;

beforeAll(async () => {
  const db = await testDb();
  const env = await timeSkippingEnv();
  const deps = { db, now: () => new Date(), temporal: env.client };
  const real = createActivities(deps) as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const lossy = Object.fromEntries(
    Object.entries(real).map(([name, fn]) => [
      name,
      async (...args: unknown[]) => {
        const result = await fn(...args);
        if (Context.current().info.attempt === 1) {
          replays++;
          throw ApplicationFailure.retryable(`${name}: completion lost after the commit (test fault)`, 'CompletionLost');
        }
        return result;
      },
    ]),
  );
  const a = await testWorker(env, deps);
  const b = await testWorker(env, deps, lossy);
  const runs = [a.worker.run(), b.worker.run()];
  clean = await createWorld(db, env, a.taskQueue);
  faulty = await createWorld(db, env, b.taskQueue);
  return async () => {
    a.worker.shutdown();
    b.worker.shutdown();
    await Promise.all(runs);
  };
}, 120_000);

/** Everything a journey left in the database, without ids and moments (the two runs differ there). */
async function record(db: Db, j: Journey) {
  const id = j.applicationId;
  const tasks = await db.selectFrom('tasks').select(['id', 'kind', 'state', 'close_reason']).where('application_id', '=', id).orderBy('kind').orderBy('close_reason').orderBy('state').execute();
  return {
    stage: await j.stage(),
    events: (await j.events()).map((e) => [e.type, e.stage_before, e.stage_after, e.actor_id === null]),
    letters: (await db.selectFrom('letters').select('kind').where('application_id', '=', id).orderBy('kind').execute()).map((l) => l.kind),
    tasks: tasks.map((t) => [t.kind, t.state, t.close_reason]),
    mails: (await db.selectFrom('outbox').select(['task_id']).where('task_id', 'in', ['00000000-0000-0000-0000-000000000000', ...tasks.map((t) => t.id)]).execute()).length,
    documents: (await db.selectFrom('documents').select('kind').where('application_id', '=', id).orderBy('kind').execute()).map((d) => d.kind),
    attendance: (await db.selectFrom('attendance').select(['form_code', 'attended_hours']).where('application_id', '=', id).execute()).length,
    followUps: (await db.selectFrom('follow_ups').select(['number', 'on_time']).where('application_id', '=', id).orderBy('number').execute()),
    plan: (await db.selectFrom('support_plan').select(['form_code', 'hours']).where('application_id', '=', id).orderBy('form_code').execute()),
    roundCandidates: (await db.selectFrom('round_candidates').select('application_id').where('application_id', '=', id).execute()).length,
  };
}

describe('a replayed activity has one effect', () => {
  it('rejected, reserve, support with an absence: each effect once although every activity ran twice', async () => {
    const before = replays;
    const deadline = Date.now() + 150_000;
    const journeys = [];
    for (const plan of PLANS) journeys.push({ plan, j: await drive(faulty, plan, 700 + PLANS.indexOf(plan), deadline) });
    // No SMTP here: the development mailer keeps each message in the outbox, once.
    const kept = (plan: Plan) => ({ ...expected(plan), mails: expected(plan).mails.map(() => ({ status: 'kept', received: 0 })) });
    for (const r of await settle(faulty, journeys, () => [], deadline, kept)) expect(r.found, r.plan).toEqual(kept(r.plan));
    for (const { j } of journeys) expect((await record(faulty.db, j)).roundCandidates).toBe(1);
    expect(replays - before).toBeGreaterThan(15);
  }, 180_000);

  // A path with timers and reminder tasks, against the same path on a worker without faults (the
  // paths whose effects depend on the hour the test runs at are left out: the two runs start at
  // different moments of the test server's clock).
  it('original never arrived: reminders, letter and closing as on a worker without faults', async () => {
    const before = replays;
    const want = await record(clean.db, await PATHS.original_never_arrived!(clean));
    const got = await record(faulty.db, await PATHS.original_never_arrived!(faulty));
    expect(replays - before).toBeGreaterThan(5);
    expect(got).toEqual(want);
    expect(got.tasks.length).toBeGreaterThan(1);
  }, 180_000);
});

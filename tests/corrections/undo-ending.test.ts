// An end of participation recorded by mistake, undone by a coordinator through the journey (undoEnding)
// on the time-skipping server with the real recruitment round: the participant is back in support, the
// round gives back the place their end had freed; the reserve promoted into it meanwhile keeps theirs
// (the project is one place over its limit, and the next freed place is not refilled while it is). After
// 14 days, and by a social worker, it is refused; the indicators no longer count the undone end.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { approveListUpdate, closeSittingUpdate, decideUpdate, roundWorkflowId } from '../../contracts/round';
import { AppError } from '../../domain/errors';
import { performAction } from '../../server/services/journeys';
import { testDb } from '../helpers/db';
import { onTeardown } from '../helpers/teardown';
import { testWorker, timeSkippingEnv } from '../helpers/temporal';
import { waitForRound } from '../recruitment/round-helpers';
import { createWorld, Journey } from '../journey/driver';

const db = await testDb();
const env = await timeSkippingEnv();
const { worker, taskQueue } = await testWorker(env, { db, now: () => new Date(), temporal: env.client });
const running = worker.run();
onTeardown(async () => {
  worker.shutdown();
  await running;
});
const w = await createWorld(db, env, taskQueue);
// One place: the first end frees it, the reserve takes it.
await db.updateTable('projects').set({ places: 1 }).where('id', '=', w.projectId).execute();
const round = env.client.workflow.getHandle(roundWorkflowId(w.projectId));
const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('not refused'); }, (e: unknown) => e as AppError);
const undo = (j: Journey, actor = w.coordinator, reason = 'Zakończenie wpisane omyłkowo (rezygnację złożyła inna osoba)') =>
  performAction(w, actor, { applicationId: j.applicationId, action: 'undoEnding', input: { reason }, requestId: randomUUID(), via: 'api', locale: 'pl' });

describe('undoing an end recorded by mistake', () => {
  const a = new Journey(w);
  const b = new Journey(w);

  it('the participant is back in support; the promoted reserve keeps the place; the project is one over', async () => {
    for (const j of [a, b]) {
      await j.submit();
      await j.screen();
      await waitForRound(env, w.projectId, (s) => s.ranking.some((c) => c.applicationId === j.applicationId));
    }
    const decide = (j: Journey, decision: 'qualified' | 'reserve') =>
      round.executeUpdate(decideUpdate, { args: [{ requestId: randomUUID(), applicationId: j.applicationId, decision, decidedBy: w.coordinator.id }] });
    await decide(a, 'qualified');
    await decide(b, 'reserve');
    await round.executeUpdate(closeSittingUpdate, { args: [{ requestId: randomUUID(), members: ['Anna Komisja'], date: await a.today(), closedBy: w.coordinator.id }] });
    await round.executeUpdate(approveListUpdate, { args: [{ requestId: randomUUID(), approvedBy: w.coordinator.id }] });
    await a.waitStage('joining');
    await a.sign();
    await a.waitStage('support');
    await a.end('resigned', 'Rezygnacja');
    // The freed place went to the reserve.
    await b.waitStage('joining');

    const r = await undo(a);
    expect(r).toEqual({ stage: 'support', placeReturned: true });
    await a.waitStage('support');
    const row = await db.selectFrom('applications').select(['ended_on', 'end_reason', 'end_note']).where('id', '=', a.applicationId).executeTakeFirstOrThrow();
    expect(row).toEqual({ ended_on: null, end_reason: null, end_note: null });
    const s = await waitForRound(env, w.projectId, (x) => x.ranking.find((c) => c.applicationId === a.applicationId)?.status === 'qualified');
    expect(s).toMatchObject({ places: 1, taken: 2, free: 0 });
    expect(s.ranking.find((c) => c.applicationId === b.applicationId)?.status).toBe('qualified');
    // The timeline's event: who, why, what the end was, that the place came back.
    const ev = (await a.events()).find((e) => e.type === 'ending_undone')!;
    expect(ev).toMatchObject({ actor_id: w.coordinator.id, stage_before: 'ended', stage_after: 'support' });
    expect(ev.payload).toMatchObject({ endReason: 'resigned', reason: 'Zakończenie wpisane omyłkowo (rezygnację złożyła inna osoba)', placeReturned: true });
    const audit = await db.selectFrom('audit_log').select('user_id').where('action', '=', 'participant_undoEnding').where('entity_id', '=', a.applicationId).execute();
    expect(audit).toEqual([{ user_id: w.coordinator.id }]);
    // Undone once: the journey's state says support, a second undo is refused.
    expect((await refusal(undo(a))).code).toBe('not_allowed_now');
  });

  it('while over the limit, a real end frees no place for the reserve; after 14 days an undo is refused', async () => {
    const c = new Journey(w);
    await c.submit();
    await c.screen();
    await waitForRound(env, w.projectId, (s) => s.ranking.some((x) => x.applicationId === c.applicationId));
    await round.executeUpdate(decideUpdate, { args: [{ requestId: randomUUID(), applicationId: c.applicationId, decision: 'reserve', decidedBy: w.coordinator.id }] });
    // A ends for real: back at the limit (1 of 1), nothing to give the reserve.
    await a.sleepDays(2);
    await a.end('resigned', 'Rezygnacja złożona osobiście');
    const s = await waitForRound(env, w.projectId, (x) => x.ranking.find((r) => r.applicationId === a.applicationId)?.status === 'left');
    expect(s).toMatchObject({ taken: 1, free: 0 });
    expect(s.ranking.find((r) => r.applicationId === c.applicationId)?.status).toBe('reserve');

    // A social worker may not undo; 15 days later nobody may.
    expect((await refusal(undo(a, w.worker))).code).toBe('forbidden');
    await a.sleepDays(15);
    const late = await refusal(undo(a));
    expect(late.code).toBe('not_allowed_now');
    expect((late as unknown as { reason: { pl: string } }).reason.pl).toMatch(/^Zakończenie można cofnąć tylko w ciągu 14 dni od daty zakończenia \(do \d{2}\.\d{2}\.\d{4}\)$/);
    expect((await a.stage())).toBe('ended');
  });
});

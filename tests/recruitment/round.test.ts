// The recruitment round on the time-skipping server with the real database: ranking, decisions, sittings,
// promotions from the reserve list, the last place under concurrent decisions, quotas, continue-as-new.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import { inBothLanguages } from '../../i18n';
import { decryptHistory } from '../../runtime/payload-codec';
import { approveList, closeSitting, decide, getProtocol, getRanking } from '../../server/services/recruitment';
import { candidateWithdrawnSignal, confirmPlaceSignal, placeFreedSignal, type CandidateScored } from '../../contracts/signals';
import { journeyWorkflowId } from '../../contracts/journey';
import { roundStateQuery } from '../../contracts/round';
import { FREED_BY_CONFIG } from '../../domain/round';
import type { Quota } from '../../domain/types';
import { updateConfig } from '../../server/services/projects';
import { AKTYWNY_SPOLECZNIE } from '../../scripts/example-projects';
import { testDb } from '../helpers/db';
import { testDataConverter, timeSkippingEnv } from '../helpers/temporal';
import { candidate, commission, director, eventually, feed, makeProject, registerActors, req, roundHandle, waitForRound } from './round-helpers';

let env: TestWorkflowEnvironment;
let db: Db;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  [env, db, bundle] = await Promise.all([
    timeSkippingEnv(),
    testDb(),
    bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./journey-stub.ts', import.meta.url)),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
    }),
  ]);
  await registerActors(db);
});

async function withWorker<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: createActivities({ db, now: () => new Date() }),
    dataConverter: testDataConverter,
  });
  return worker.runUntil(fn(taskQueue));
}

const deps = () => ({ db, temporal: env.client });
/** Edits the project's configuration, as the coordinator's form does (the system's actor: no user row needed). */
const coordinator = { id: null, role: 'coordinator' as const };

/** RECORD_HISTORIES=1 keeps this run's round history for the replay test (round-replay.test.ts). */
async function recordHistory(name: string, projectId: string) {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await decryptHistory(await roundHandle(env, projectId).fetchHistory(), testDataConverter);
  await writeFile(new URL(`./histories/${name}.json`, import.meta.url), historyToJSON(history));
}
const at = (hms: string, ms = 0) => `2022-02-01T${hms}.${String(ms).padStart(3, '0')}Z`;

async function startJourneys(taskQueue: string, cs: CandidateScored[]) {
  for (const c of cs) {
    await env.client.workflow.start('journeyStub', { taskQueue, workflowId: journeyWorkflowId(c.applicationId) });
  }
}
async function received(applicationId: string) {
  return env.client.workflow.getHandle(journeyWorkflowId(applicationId)).query<{ kind: string; payload: Record<string, unknown> }[]>('received');
}

describe('recruitment round', () => {
  it('ranks by points, then by the received-at second, then by id; the database shows the same list', async () => {
    const projectId = await makeProject(db, 10);
    const late = candidate(30, at('10:00:01'));
    const sameSecondA = candidate(30, at('10:00:00', 900), { applicationId: '00000000-0000-4000-8000-00000000000b' });
    const sameSecondB = candidate(30, at('10:00:00', 100), { applicationId: '00000000-0000-4000-8000-00000000000a' });
    const earliest = candidate(30, at('09:59:59', 999));
    const top = candidate(40, at('11:00:00'));
    await withWorker(async (tq) => {
      await feed(env, tq, projectId, [late, sameSecondA, sameSecondB, earliest, top]);
      const s = await waitForRound(env, projectId, (x) => x.ranking.length === 5);
      // Milliseconds do not count: within the same second the id decides, not the 100 ms vs 900 ms.
      const expected = [top, earliest, sameSecondB, sameSecondA, late].map((c) => c.applicationId);
      expect(s.ranking.map((r) => r.applicationId)).toEqual(expected);
      expect(s.ranking.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
      const decided = await decide(deps(), commission, projectId, { requestId: req(), applicationId: top.applicationId, decision: 'qualified' });
      // The decision answers from the round's state; its ranking row follows (decide-answers-first).
      expect(decided).toMatchObject({ decision: 'qualified', sitting: 1, placesFree: 9 });
      await eventually(async () => {
        const page = await getRanking(db, projectId);
        expect(page.rows.map((r) => r.applicationId)).toEqual(expected);
        expect(page.rows[0]).toMatchObject({ status: 'qualified', sitting: 1 });
        expect(page).toMatchObject({ places: 10, taken: 1, free: 9 });
      });
    });
  });

  it('closes a sitting with a stored protocol, the director approves, and three resignations promote three reserves in order', async () => {
    const projectId = await makeProject(db, 3);
    const q = [candidate(50, at('08:00:00')), candidate(45, at('08:00:00')), candidate(40, at('08:00:00'))];
    const r = [candidate(30, at('08:00:00')), candidate(30, at('08:00:01')), candidate(20, at('07:00:00'))];
    const rejected = candidate(10, at('08:00:00'));
    await withWorker(async (tq) => {
      await startJourneys(tq, [...q, ...r, rejected]);
      await feed(env, tq, projectId, [...q, ...r, rejected]);
      await waitForRound(env, projectId, (x) => x.ranking.length === 7 && x.places === 3);
      for (const c of q) await decide(deps(), commission, projectId, { requestId: req(), applicationId: c.applicationId, decision: 'qualified' });
      // Decided out of ranking order: positions still follow the ranking.
      for (const c of [r[2]!, r[1]!, r[0]!]) {
        await decide(deps(), commission, projectId, { requestId: req(), applicationId: c.applicationId, decision: 'reserve' });
      }
      await expect(
        decide(deps(), commission, projectId, { requestId: req(), applicationId: rejected.applicationId, decision: 'rejected' }),
      ).rejects.toMatchObject({ code: 'invalid_input' });
      await decide(deps(), commission, projectId, { requestId: req(), applicationId: rejected.applicationId, decision: 'rejected', reason: 'Nie spełnia kryteriów' });

      const closed = await closeSitting(deps(), commission, projectId, { requestId: req(), members: ['Anna K.', 'Jan N.'], date: '2022-02-03' });
      expect(closed.participants).toEqual(q.map((c) => c.applicationId));
      expect(closed.reserve).toEqual(r.map((c) => c.applicationId));
      const pdf = await getProtocol(db, projectId, closed.sittingId);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

      const approved = await approveList(deps(), director, projectId, { requestId: req() });
      expect(approved.approved).toEqual(q.map((c) => c.applicationId));
      expect((await received(q[0]!.applicationId)).map((m) => m.kind)).toEqual(['decided', 'listApproved']);
      expect((await received(r[0]!.applicationId))[0]!.payload).toMatchObject({ decision: 'reserve', reservePosition: 1 });

      const h = roundHandle(env, projectId);
      // Three resignations, the last of a participant who was promoted himself.
      await h.signal(placeFreedSignal, { applicationId: q[0]!.applicationId, reason: 'ended_early' });
      await waitForRound(env, projectId, (x) => x.promotions.length === 1);
      await h.signal(placeFreedSignal, { applicationId: q[1]!.applicationId, reason: 'ended_early' });
      await waitForRound(env, projectId, (x) => x.promotions.length === 2);
      await h.signal(placeFreedSignal, { applicationId: r[0]!.applicationId, reason: 'ended_early' });
      const s = await waitForRound(env, projectId, (x) => x.promotions.length === 3);
      expect(s.promotions.map((p) => p.applicationId)).toEqual(r.map((c) => c.applicationId));
      expect(s.promotions.map((p) => p.freedBy)).toEqual([q[0]!.applicationId, q[1]!.applicationId, r[0]!.applicationId]);
      expect(s).toMatchObject({ taken: 3, free: 0 });

      // The promoted were told, with the approval their list already had; the others moved up the list.
      const first = await received(r[0]!.applicationId);
      expect(first.map((m) => m.kind)).toEqual(['decided', 'decided', 'listApproved']);
      expect(first[1]!.payload).toMatchObject({ decision: 'qualified', fromReserve: true });
      // The last reserve was decided first (position 1), pushed down by two better ones, then moved up twice.
      const third = await received(r[2]!.applicationId);
      expect(third.filter((m) => m.kind === 'reservePosition').map((m) => m.payload)).toEqual([2, 3, 2, 1].map((position) => ({ position })));

      // The dashboard sees the promotions (tasks for the coordinator) and the decisions say from_reserve.
      await eventually(async () => {
        const page = await getRanking(db, projectId);
        expect(page.promotions.map((p) => p.applicationId).sort()).toEqual(r.map((c) => c.applicationId).sort());
      });
      await eventually(async () => {
        const rows = await db.selectFrom('decisions').select(['application_id', 'from_reserve']).where('project_id', '=', projectId).execute();
        expect(rows.filter((d) => d.from_reserve).map((d) => d.application_id).sort()).toEqual(r.map((c) => c.applicationId).sort());
      });
      await recordHistory('round-promotions', projectId);
    });
  });

  it('a withdrawal frees only what the application held; a promotion is the system\'s, with whose place it took', async () => {
    const projectId = await makeProject(db, 2);
    const [q1, q2] = [candidate(50, at('08:00:00')), candidate(45, at('08:00:00'))];
    const [r1, r2, r3] = [candidate(30, at('08:00:00')), candidate(25, at('08:00:00')), candidate(20, at('08:00:00'))];
    const waiting = candidate(10, at('09:00:00'));
    await withWorker(async (tq) => {
      await startJourneys(tq, [q1, q2, r1, r2, r3, waiting]);
      await feed(env, tq, projectId, [q1, q2, r1, r2, r3, waiting]);
      await waitForRound(env, projectId, (x) => x.ranking.length === 6 && x.places === 2);
      for (const c of [q1, q2]) await decide(deps(), commission, projectId, { requestId: req(), applicationId: c.applicationId, decision: 'qualified' });
      for (const c of [r1, r2, r3]) await decide(deps(), commission, projectId, { requestId: req(), applicationId: c.applicationId, decision: 'reserve' });
      await closeSitting(deps(), commission, projectId, { requestId: req(), members: ['Anna K.'], date: '2022-02-03' });
      await approveList(deps(), director, projectId, { requestId: req() });
      const h = roundHandle(env, projectId);

      // A waiting candidate withdrawn: out of the ranking, nothing freed, nobody told.
      await h.signal(candidateWithdrawnSignal, { applicationId: waiting.applicationId });
      let s = await waitForRound(env, projectId, (x) => x.ranking.find((r) => r.applicationId === waiting.applicationId)?.status === 'left');
      expect(s).toMatchObject({ taken: 2, free: 0, promotions: [] });
      // A reserve withdrawn: the list closes up behind it (r3 from 3 to 2), no place changes hands.
      await h.signal(candidateWithdrawnSignal, { applicationId: r2.applicationId });
      s = await waitForRound(env, projectId, (x) => x.ranking.find((r) => r.applicationId === r3.applicationId)?.reservePosition === 2);
      expect(s).toMatchObject({ taken: 2, free: 0, promotions: [] });
      // A qualified candidate withdrawn: as after a resignation, the first reserve gets the place.
      await h.signal(candidateWithdrawnSignal, { applicationId: q1.applicationId });
      s = await waitForRound(env, projectId, (x) => x.promotions.length === 1);
      expect(s.promotions[0]).toMatchObject({ applicationId: r1.applicationId, freedBy: q1.applicationId });
      // Withdrawn twice, or after it left: nothing more.
      await h.signal(candidateWithdrawnSignal, { applicationId: q1.applicationId });
      await h.signal(placeFreedSignal, { applicationId: q2.applicationId, reason: 'ended_early' });
      s = await waitForRound(env, projectId, (x) => x.promotions.length === 2);
      expect(s.promotions.map((p) => [p.applicationId, p.freedBy])).toEqual([[r1.applicationId, q1.applicationId], [r3.applicationId, q2.applicationId]]);
      expect(s).toMatchObject({ taken: 2, free: 0 });

      // The promoted journey is told it was the system's step and whose freed place it took (patch record-promotion-cause).
      const promoted = (await received(r1.applicationId)).find((m) => m.kind === 'decided' && (m.payload as { fromReserve?: boolean }).fromReserve);
      expect(promoted?.payload).toMatchObject({ decision: 'qualified', fromReserve: true, decidedBy: 'system', freedBy: q1.applicationId });
      expect((await received(r3.applicationId)).filter((m) => m.kind === 'reservePosition').map((m) => m.payload)).toEqual([{ position: 2 }, { position: 1 }]);
      expect(await received(waiting.applicationId)).toEqual([]);

      // The database: the withdrawn left the ranking page; a withdrawn reserve keeps its reserve decision.
      const page = await eventually(async () => {
        const p = await getRanking(db, projectId);
        expect(p.rows.map((r) => r.applicationId)).not.toContain(waiting.applicationId);
        return p;
      });
      expect(page.rows.map((r) => r.applicationId)).not.toContain(r2.applicationId);
      expect(page.rows.map((r) => r.applicationId)).not.toContain(q1.applicationId);
      const d = await db.selectFrom('decisions').select('decision').where('application_id', '=', r2.applicationId).executeTakeFirstOrThrow();
      expect(d.decision).toBe('reserve');
      await recordHistory('round-withdrawals', projectId);
    });
  });

  it('with an empty reserve list the place stays open, and a later candidate joins the next sitting', async () => {
    const projectId = await makeProject(db, 2);
    const [a, b] = [candidate(20, at('08:00:00')), candidate(10, at('08:00:00'))];
    await withWorker(async (tq) => {
      await feed(env, tq, projectId, [a, b]);
      await waitForRound(env, projectId, (x) => x.ranking.length === 2 && x.places === 2);
      for (const c of [a, b]) await decide(deps(), commission, projectId, { requestId: req(), applicationId: c.applicationId, decision: 'qualified' });
      await closeSitting(deps(), commission, projectId, { requestId: req(), members: ['Anna K.'], date: '2022-02-03' });
      await roundHandle(env, projectId).signal(placeFreedSignal, { applicationId: a.applicationId, reason: 'ended_early' });
      const s = await waitForRound(env, projectId, (x) => x.free === 1);
      expect(s.promotions).toEqual([]);
      expect(s.ranking.find((x) => x.applicationId === a.applicationId)?.status).toBe('left');

      const late = candidate(5, at('12:00:00'));
      await feed(env, tq, projectId, [late]);
      await waitForRound(env, projectId, (x) => x.ranking.length === 3);
      const res = await decide(deps(), commission, projectId, { requestId: req(), applicationId: late.applicationId, decision: 'qualified' });
      expect(res).toMatchObject({ sitting: 2, placesFree: 0 });
    });
  });

  it('two decisions at the same moment for the last place: exactly one wins, and a retried request has one effect', async () => {
    const projectId = await makeProject(db, 1);
    const [a, b] = [candidate(20, at('08:00:00')), candidate(20, at('08:00:05'))];
    await withWorker(async (tq) => {
      await feed(env, tq, projectId, [a, b]);
      await waitForRound(env, projectId, (x) => x.ranking.length === 2 && x.places === 1);
      const ids = [req(), req()];
      const results = await Promise.allSettled([
        // b ranks below a: were b's decision first, it would pass a over (a justification, so the race is about the place).
        decide(deps(), commission, projectId, { requestId: ids[0], applicationId: a.applicationId, decision: 'qualified', justification: 'wyścig o ostatnie miejsce' }),
        decide(deps(), commission, projectId, { requestId: ids[1], applicationId: b.applicationId, decision: 'qualified', justification: 'wyścig o ostatnie miejsce' }),
      ]);
      const won = results.filter((x) => x.status === 'fulfilled');
      const lost = results.filter((x) => x.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(AppError);
      expect(lost[0]!.reason).toMatchObject({ code: 'not_allowed_now' });
      expect((lost[0]!.reason as AppError).message).toMatch(/Brak wolnych miejsc/);
      const s = await roundHandle(env, projectId).query(roundStateQuery);
      expect(s.ranking.filter((x) => x.status === 'qualified')).toHaveLength(1);
      expect(s).toMatchObject({ taken: 1, free: 0 });

      // The same click again: the same answer, no second effect.
      const winner = results.findIndex((x) => x.status === 'fulfilled');
      const winnerId = winner === 0 ? a.applicationId : b.applicationId;
      const again = await decide(deps(), commission, projectId, { requestId: ids[winner], applicationId: winnerId, decision: 'qualified', justification: 'wyścig o ostatnie miejsce' });
      expect(again).toEqual((won[0] as PromiseFulfilledResult<unknown>).value);
      await recordHistory('round-last-place-race', projectId);
    });
  });

  it('a promotion racing a late signature: the reserve keeps the place; with no reserve the late signer keeps it', async () => {
    const projectId = await makeProject(db, 1);
    const [a, b] = [candidate(20, at('08:00:00')), candidate(10, at('08:00:00'))];
    await withWorker(async (tq) => {
      await startJourneys(tq, [a]);
      await feed(env, tq, projectId, [a, b]);
      await waitForRound(env, projectId, (x) => x.ranking.length === 2 && x.places === 1);
      await decide(deps(), commission, projectId, { requestId: req(), applicationId: a.applicationId, decision: 'qualified' });
      await decide(deps(), commission, projectId, { requestId: req(), applicationId: b.applicationId, decision: 'reserve' });
      const h = roundHandle(env, projectId);
      // The journey gave up on the signature and the round promoted; then the signature arrives.
      await h.signal(placeFreedSignal, { applicationId: a.applicationId, reason: 'not_signed' });
      await h.signal(confirmPlaceSignal, { applicationId: a.applicationId, requestId: 'sign-1' });
      await waitForRound(env, projectId, (x) => x.promotions.length === 1);
      await eventually(async () =>
        expect((await received(a.applicationId)).filter((m) => m.kind === 'placeConfirmation')).toEqual([
          { kind: 'placeConfirmation', payload: { requestId: 'sign-1', confirmed: false } },
        ]),
      );
      const s = await h.query(roundStateQuery);
      expect(s.ranking.filter((x) => x.status === 'qualified').map((x) => x.applicationId)).toEqual([b.applicationId]);

      // Now b never signs either, and nobody waits on the reserve list: b's late signature keeps the place.
      await h.signal(placeFreedSignal, { applicationId: b.applicationId, reason: 'not_signed' });
      await h.signal(confirmPlaceSignal, { applicationId: b.applicationId, requestId: 'sign-2' });
      const after = await waitForRound(env, projectId, (x) => x.ranking.find((c) => c.applicationId === b.applicationId)?.status === 'qualified' && x.free === 0);
      expect(after.taken).toBe(1);
    });
  });

  it('places and quotas edited in the project reach the running round: new places go to the reserve list at once, fewer than taken is refused', async () => {
    const projectId = await makeProject(db, 1);
    const [a, b, c] = [candidate(50, at('08:00:00')), candidate(40, at('08:00:00')), candidate(30, at('08:00:00'))];
    const { code: _code, rules: _rules, ...form } = AKTYWNY_SPOLECZNIE;
    const edit = (places: number, quotas: Quota[] = []) => updateConfig(deps(), coordinator, projectId, { ...form, places, config: { ...form.config, targetGroups: [], quotas } });
    await withWorker(async (tq) => {
      await startJourneys(tq, [a, b, c]);
      await feed(env, tq, projectId, [a, b, c]);
      await waitForRound(env, projectId, (x) => x.ranking.length === 3 && x.places === 1);
      await decide(deps(), commission, projectId, { requestId: req(), applicationId: a.applicationId, decision: 'qualified' });
      for (const r of [b, c]) await decide(deps(), commission, projectId, { requestId: req(), applicationId: r.applicationId, decision: 'reserve' });

      // One more place: the first reserve takes it as the system's step, "after the places grew".
      expect((await edit(2)).places).toBe(2);
      let s = await waitForRound(env, projectId, (x) => x.promotions.length === 1);
      expect(s).toMatchObject({ places: 2, taken: 2, free: 0 });
      expect(s.promotions[0]).toMatchObject({ applicationId: b.applicationId, freedBy: FREED_BY_CONFIG });
      const told = (await received(b.applicationId)).find((m) => m.kind === 'decided' && (m.payload as { fromReserve?: boolean }).fromReserve);
      expect(told?.payload).toMatchObject({ decision: 'qualified', decidedBy: 'system', freedBy: FREED_BY_CONFIG });

      // Fewer places than taken: refused as a field error, the stored number and the round unchanged.
      const refused = await edit(1).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({ code: 'invalid_input', fields: [{ field: 'places' }] });
      expect((await db.selectFrom('projects').select('places').where('id', '=', projectId).executeTakeFirstOrThrow()).places).toBe(2);
      expect((await roundHandle(env, projectId).query(roundStateQuery)).places).toBe(2);

      // Quotas alone change: the round counts the new one; nobody moves.
      await edit(2, [{ code: 'women', label: 'kobiety', field: 'sex_k', min: 2 }]);
      s = await waitForRound(env, projectId, (x) => x.quotas.length === 1);
      expect(s.promotions).toHaveLength(1);

      // The recruitment page lists both changes, newest first.
      const page = await eventually(async () => {
        const p = await getRanking(db, projectId);
        expect(p.configChanges).toHaveLength(2);
        return p;
      });
      expect(page.configChanges.map((x) => [x.placesFrom, x.placesTo, x.quotasChanged, x.promoted])).toEqual([[2, 2, true, 0], [1, 2, false, 1]]);
      await recordHistory('round-reconfigured', projectId);
    });
  });

  it('warns when a quota can no longer be met ("0 z co najmniej 2 kobiet")', async () => {
    const projectId = await makeProject(db, 3, [{ code: 'women', label: 'kobiety', field: 'sex_k', min: 2 }]);
    const men = [candidate(30, at('08:00:00'), { sex: 'M' }), candidate(29, at('08:00:00'), { sex: 'M' })];
    await withWorker(async (tq) => {
      await feed(env, tq, projectId, men);
      await waitForRound(env, projectId, (x) => x.ranking.length === 2 && x.places === 3);
      const first = await decide(deps(), commission, projectId, { requestId: req(), applicationId: men[0]!.applicationId, decision: 'qualified' });
      expect(first.warnings).toEqual([]);
      const second = await decide(deps(), commission, projectId, { requestId: req(), applicationId: men[1]!.applicationId, decision: 'qualified' });
      expect(second.warnings).toHaveLength(1);
      expect(second.warnings[0]).toMatchObject({ code: 'women', count: 0, min: 2, unreachable: true });
      expect(inBothLanguages(second.warnings[0]!.text)).toEqual({ pl: '0 z co najmniej 2 kobiet', en: '0 of at least 2 women' });
      await eventually(async () => {
        const page = await getRanking(db, projectId);
        expect(page.quotas[0]).toMatchObject({ unreachable: true });
        expect(inBothLanguages(page.quotas[0]!.text).pl).toBe('0 z co najmniej 2 kobiet');
      });
    });
  });

  it('continues-as-new in the middle of a round of 500 candidates and loses nothing', async () => {
    const projectId = await makeProject(db, 60);
    const cs = Array.from({ length: 500 }, (_, i) =>
      candidate(i % 37, new Date(Date.UTC(2022, 1, 1, 8, 0, i % 60)).toISOString(), { sex: i % 3 === 0 ? 'M' : 'K' }),
    );
    await withWorker(async (tq) => {
      const h = roundHandle(env, projectId);
      // Half, then decisions, then the other half: the threshold forces several continue-as-new on the way.
      await feed(env, tq, projectId, cs.slice(0, 250), { continueAsNewAfterEvents: 150 });
      const firstRun = (await h.describe()).runId;
      let s = await waitForRound(env, projectId, (x) => x.ranking.length === 250 && x.places === 60);
      const top = s.ranking.slice(0, 70).map((r) => r.applicationId);
      const decideIds: string[] = [];
      for (const [i, id] of top.entries()) {
        const requestId = req();
        decideIds.push(requestId);
        await decide(deps(), commission, projectId, { requestId, applicationId: id, decision: i < 60 ? 'qualified' : 'reserve' });
      }
      await feed(env, tq, projectId, cs.slice(250), { continueAsNewAfterEvents: 150 });
      for (const id of top.slice(0, 5)) await h.signal(placeFreedSignal, { applicationId: id, reason: 'ended_early' });
      s = await waitForRound(env, projectId, (x) => x.ranking.length === 500 && x.promotions.length === 5);
      // Decisions answer before their work is done, so the round continues as new at the first moment
      // all of it is (here, right after this burst of 70 decisions and 250 candidates).
      await eventually(async () => expect((await h.describe()).runId).not.toBe(firstRun));
      expect(s).toMatchObject({ taken: 60, free: 0 });
      expect(s.promotions.map((p) => p.applicationId)).toEqual(top.slice(60, 65));
      const reserve = s.ranking.filter((r) => r.status === 'reserve').sort((x, y) => x.reservePosition! - y.reservePosition!);
      expect(reserve.map((r) => r.applicationId)).toEqual(top.slice(65, 70));
      expect(reserve.map((r) => r.reservePosition)).toEqual([1, 2, 3, 4, 5]);

      // A retried click from before continue-as-new still has one effect.
      const again = await decide(deps(), commission, projectId, { requestId: decideIds[0], applicationId: top[0], decision: 'qualified' });
      expect(again).toMatchObject({ applicationId: top[0], decision: 'qualified' });
      expect((await h.query(roundStateQuery)).taken).toBe(60);

      // The database projection has every candidate once, with the same statuses.
      await eventually(async () => {
        const rows = await db.selectFrom('round_candidates').select('status').where('project_id', '=', projectId).execute();
        expect(rows).toHaveLength(500);
        expect(rows.filter((r) => r.status === 'qualified')).toHaveLength(60);
        expect(rows.filter((r) => r.status === 'left')).toHaveLength(5);
        expect(rows.filter((r) => r.status === 'reserve')).toHaveLength(5);
      });
      await recordHistory('round-continued-as-new', projectId);
    });
  }, 240_000);
});

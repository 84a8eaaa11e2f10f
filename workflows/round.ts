// The recruitment round of one project (id round-<projectId>): the single writer of places. Journeys tell it
// about scored candidates and freed places; the commission decides and closes sittings, the director approves
// lists, all through Updates whose validators see the state as it is now. The rules live in domain/round.ts;
// this file only delivers messages, runs activities and continues-as-new before the history grows large.
// SciezkaProject is set by whoever starts the round (activities/round-client.ts), not upserted here: the
// time-skipping test server knows no custom search attributes, and continue-as-new keeps them.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RankingEntry, SittingRecord } from '../activities/round';
import {
  applyApproveList,
  applyCloseSitting,
  applyConfirmPlace,
  applyCorrected,
  applyDecide,
  applyFreed,
  applyScored,
  applyWithdrawn,
  checkApproveList,
  checkCloseSitting,
  checkDecide,
  initialRoundState,
  RoundRefusal,
  type RoundReason,
  setProject,
  snapshot,
  type Effect,
  type Outcome,
  type RoundCandidate,
  type RoundState,
  type Sitting,
} from '../domain/round';
import { outOfOrderIn } from '../domain/rank-order';
import { applyReinstated } from '../domain/round-undo';
import { applyCorrectDecision, checkCorrectDecision } from '../domain/decision-correction';
import { applyReconfigure, checkReconfigure } from '../domain/round-reconfigure';
import { candidateCorrectedSignal, candidateReinstatedSignal, candidateScoredSignal, candidateWithdrawnSignal, confirmPlaceSignal, decidedSignal, listApprovedSignal, placeConfirmationSignal, placeFreedSignal, reservePositionSignal, type FromRound } from '../contracts/signals';
import { journeyWorkflowId, NOT_ALLOWED_NOW } from '../contracts/journey';
import { approveListUpdate, closeSittingUpdate, correctDecisionUpdate, decideUpdate, reconfigureUpdate, roundStateQuery, type RoundInput } from '../contracts/round';

/**
 * From this patch on, a promotion from the reserve list tells the journey it was the system's step and
 * whose freed place caused it (decidedBy 'system', freedBy); before it, the signal named the commission
 * member who had put the candidate on the reserve list.
 */
export const PROMOTION_CAUSE_PATCH = 'record-promotion-cause';
/** From this patch on, decisions and approvals name the round's project (the journey re-checks it). */
export const ROUND_NAMES_PROJECT_PATCH = 'round-names-its-project';
/**
 * From this patch on, a decision answers as soon as the round's state has changed: telling the journey
 * and writing the ranking row follow, without the commission member waiting for them.
 */
export const DECIDE_ANSWERS_FIRST_PATCH = 'decide-answers-first';
/** From this patch on, qualifying over a higher-ranked waiting candidate needs a justification (domain/rank-order.ts). */
export const RANK_ORDER_PATCH = 'regulation-checks-rank-order';

const acts = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '30 seconds' } });

export async function recruitmentRound(input: RoundInput): Promise<void> {
  const { projectId } = input;
  const state: RoundState = input.state ?? initialRoundState(projectId, uuid4());
  /** Candidates whose projection row is not yet written. */
  const dirty = new Set<string>();
  /** Work an answered decision started and did not wait for (DECIDE_ANSWERS_FIRST_PATCH). */
  let unfinished = 0;
  const now = () => new Date().toISOString();
  // Asked once per run, at its start: a patch first asked inside an Update handler that completes in the
  // same activation does not replay. So a round running from before them keeps the old ways until it
  // continues as new.
  const answersFirst = patched(DECIDE_ANSWERS_FIRST_PATCH);
  const from: FromRound = patched(ROUND_NAMES_PROJECT_PATCH) ? { projectId } : {};
  if (patched(RANK_ORDER_PATCH)) state.rankOrderChecked = true;

  function absorb(out: Outcome) {
    for (const id of out.changed) dirty.add(id);
  }

  /** Writes the changed ranking rows (one activity for all of them). */
  async function flush(): Promise<void> {
    if (dirty.size === 0) return;
    const ids = [...dirty].sort(); // one lock order for concurrent writers
    dirty.clear();
    const entries = ids.map((id) => toEntry(state.candidates[id]!, state.sittings));
    await acts.syncRanking({ projectId, entries, sittings: state.sittings.map((s) => toSittingRecord(s)) });
  }

  /** Tells the journeys and records promotions. A journey that does not exist (yet) is logged, not fatal. */
  async function deliver(out: Outcome): Promise<void> {
    absorb(out);
    const promotions = out.effects.filter((e) => e.kind === 'promoted');
    await Promise.all([
      ...out.effects.filter((e) => e.kind !== 'promoted').map((e) => send(e, from)),
      promotions.length ? acts.recordPromotions({ projectId, promotions: promotions.map(({ kind: _k, ...p }) => p) }) : undefined,
    ]);
  }

  // ---- journeys -> round --------------------------------------------------------------------------

  setHandler(candidateScoredSignal, (c) => absorb(applyScored(state, c)));
  // A corrected sex, disability or target group: the quotas count the candidate anew (no journey to tell).
  setHandler(candidateCorrectedSignal, (c) => absorb(applyCorrected(state, c)));
  setHandler(placeFreedSignal, async ({ applicationId, reason }) => {
    await Promise.all([deliver(applyFreed(state, applicationId, reason, now())), flush()]);
  });
  // New in this version: no earlier history holds this signal.
  setHandler(candidateWithdrawnSignal, async ({ applicationId }) => {
    await Promise.all([deliver(applyWithdrawn(state, applicationId, now())), flush()]);
  });
  // New in this version (no earlier history holds it): an early end undone takes its place back.
  setHandler(candidateReinstatedSignal, ({ applicationId }) => absorb(applyReinstated(state, applicationId)));
  setHandler(confirmPlaceSignal, async ({ applicationId, requestId }) => {
    await deliver(applyConfirmPlace(state, applicationId, requestId));
  });

  // ---- the commission and the director ---------------------------------------------------------------
  // Each handler re-applies its rule synchronously before its first await, so two Updates accepted in the
  // same activation cannot both take the last place: the second one sees the first one's state.

  setHandler(
    decideUpdate,
    async (args) => {
      const { result, out } = refuseAsFailure(() => applyDecide(state, args, now()));
      const work = Promise.all([deliver(out), flush()]);
      // Its commands are issued by now; the caller need not wait for them to complete.
      if (answersFirst) {
        unfinished++;
        void work.finally(() => unfinished--);
        return result;
      }
      await work;
      return result;
    },
    { validator: (args) => validate(checkDecide(state, args)) },
  );

  setHandler(
    closeSittingUpdate,
    async (args) => {
      const result = refuseAsFailure(() => applyCloseSitting(state, args, now(), uuid4()));
      const closed = state.sittings.find((s) => s.seq === result.seq)!;
      await flush();
      await acts.saveSitting({ projectId, sitting: toSittingRecord(closed) });
      // The out-of-order qualifications from the state: their decision rows may still be on their way.
      await acts.generateProtocol({ projectId, sittingId: closed.id, outOfOrder: outOfOrderIn(state, closed.seq) });
      return result;
    },
    { validator: (args) => validate(checkCloseSitting(state, args)) },
  );

  setHandler(
    approveListUpdate,
    async (args) => {
      const { result, out } = refuseAsFailure(() => applyApproveList(state, args, now()));
      const sitting = state.sittings.find((s) => s.seq === result.seq)!;
      await acts.saveSitting({ projectId, sitting: toSittingRecord(sitting) });
      await deliver(out);
      return result;
    },
    { validator: (args) => validate(checkApproveList(state, args)) },
  );

  // New in this version (no earlier history holds it): the commission corrects its decision in the open
  // sitting; the correction, with its reason, is kept for the protocol.
  setHandler(
    correctDecisionUpdate,
    async (args) => {
      const { result, out, correction } = refuseAsFailure(() => applyCorrectDecision(state, args, now()));
      const sittingId = state.sittings.find((s) => s.seq === result.sitting)!.id;
      await Promise.all([
        deliver(out),
        flush(),
        correction ? acts.recordDecisionCorrection({ projectId, sittingId, requestId: args.requestId, correction }) : undefined,
      ]);
      return result;
    },
    { validator: (args) => validate(checkCorrectDecision(state, args)) },
  );

  // New in this version (no earlier history holds it): places and quotas edited in the project.
  setHandler(
    reconfigureUpdate,
    async (args) => {
      const { result, out, change } = refuseAsFailure(() => applyReconfigure(state, args, now()));
      await Promise.all([deliver(out), flush(), change ? acts.recordConfigChange({ projectId, requestId: args.requestId, change }) : undefined]);
      return result;
    },
    { validator: (args) => validate(checkReconfigure(state, args)) },
  );

  setHandler(roundStateQuery, () => snapshot(state));

  // ---- the loop ---------------------------------------------------------------------------------------

  if (state.places === null) {
    const project = await acts.loadRoundProject(projectId);
    // A reconfigure Update that came while the project loaded is newer than what was read.
    if (state.places === null) await deliver(setProject(state, project.places, project.quotas, now()));
  }

  const mustContinueAsNew = () =>
    workflowInfo().continueAsNewSuggested ||
    (input.continueAsNewAfterEvents !== undefined && workflowInfo().historyLength >= input.continueAsNewAfterEvents);

  const settled = () => allHandlersFinished() && unfinished === 0;

  for (;;) {
    await condition(() => dirty.size > 0 || mustContinueAsNew());
    await flush();
    if (!mustContinueAsNew()) continue;
    // Let running handlers and answered decisions finish (their signals to journeys, their activities),
    // and write what they changed.
    while (!settled() || dirty.size > 0) {
      await condition(settled);
      await flush();
    }
    await continueAsNew<typeof recruitmentRound>({ ...input, state });
  }
}

/** A refusal as the caller reads it: the key as the (fixed) message, the key and parameters as details. */
const notAllowedNow = (reason: RoundReason) => ApplicationFailure.create({ type: NOT_ALLOWED_NOW, message: reason.key, details: [reason], nonRetryable: true });

function validate(refusal: RoundReason | null) {
  if (refusal) throw notAllowedNow(refusal);
}

function refuseAsFailure<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RoundRefusal) throw notAllowedNow(err.reason);
    throw err;
  }
}

async function send(e: Exclude<Effect, { kind: 'promoted' }>, from: FromRound): Promise<void> {
  const journey = getExternalWorkflowHandle(journeyWorkflowId(e.applicationId));
  try {
    switch (e.kind) {
      case 'decided': {
        const { kind: _k, applicationId: _a, freedBy, ...msg } = e;
        const promotion = msg.fromReserve && freedBy !== undefined && patched(PROMOTION_CAUSE_PATCH);
        await journey.signal(decidedSignal, { ...(promotion ? { ...msg, decidedBy: 'system', freedBy } : msg), ...from });
        break;
      }
      case 'listApproved':
        await journey.signal(listApprovedSignal, { approvedBy: e.approvedBy, approvedAt: e.approvedAt, ...from });
        break;
      case 'reservePosition':
        await journey.signal(reservePositionSignal, { position: e.position });
        break;
      case 'placeConfirmation':
        await journey.signal(placeConfirmationSignal, { requestId: e.requestId, confirmed: e.confirmed });
        break;
    }
  } catch (err) {
    // The journey is gone (closed) or never existed: the round's state and the database stay the truth.
    log.warn('journey not signalled', { workflowId: journeyWorkflowId(e.applicationId), kind: e.kind, error: String(err) });
  }
}

function toSittingRecord(s: Sitting): SittingRecord {
  return {
    id: s.id,
    seq: s.seq,
    heldOn: s.heldOn,
    members: s.members,
    closedAt: s.closedAt,
    closedBy: s.closedBy,
    participants: s.participants,
    reserve: s.reserve,
    approvedAt: s.approvedAt,
    approvedBy: s.approvedBy,
  };
}

function toEntry(c: RoundCandidate, sittings: Sitting[]): RankingEntry {
  return {
    applicationId: c.applicationId,
    points: c.points,
    receivedAt: c.receivedAt,
    sex: c.sex,
    disability: c.disability,
    targetGroup: c.targetGroup,
    status: c.status,
    sittingSeq: c.sitting,
    sittingId: sittings.find((s) => s.seq === c.sitting)?.id ?? null,
    reservePosition: c.reservePosition,
    fromReserve: c.fromReserve,
    leftReason: c.leftReason,
    reason: c.reason,
    decidedBy: c.decidedBy,
    decidedAt: c.decidedAt,
    rev: c.rev,
    passedOver: c.passedOver ?? [],
    justification: c.justification ?? null,
  };
}

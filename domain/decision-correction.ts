// The commission corrects its own decision in the same sitting, before the sitting is closed (so before
// the director can approve its lists), with a reason that goes into the sitting's protocol (issue 20
// item 3). Pure, beside domain/round.ts: the round's correctDecision Update applies it synchronously.
// What can be corrected: a place or a reserve position (qualified <-> reserve, either -> rejected). A
// rejection cannot: the candidate's journey closed with it (a new application is the way back).
// The places follow: a place the correction frees goes to the first on the reserve list (never an empty
// place with a waiting reserve; the corrected candidate is not counted for it), a place it takes must be
// free; the reserve list is renumbered.
import type { Key, Message } from '../i18n';
import { quotaWarnings } from './ranking';
import {
  currentQuotaStatus, openSitting, placesFree, placesTaken, promote, remember, renumberReserve, RoundRefusal, touch,
  type DecideResult, type Outcome, type RoundReason, type RoundState,
} from './round';
import type { Decision, IsoInstant } from './types';

export interface CorrectDecisionArgs {
  requestId: string;
  applicationId: string;
  decision: Decision;
  reason: string;
  correctedBy: string;
}

/** What the protocol prints: who, from what to what, why, by whom and when. */
export interface DecisionCorrection {
  applicationId: string;
  sittingSeq: number;
  from: Decision;
  to: Decision;
  reason: string;
  correctedBy: string;
  correctedAt: IsoInstant;
}

const r = (key: Extract<Key, `refusal.round.${string}`>, params?: Message['params']): RoundReason => (params ? { key, params } : { key });

export function checkCorrectDecision(s: RoundState, a: CorrectDecisionArgs): RoundReason | null {
  if (s.requests[a.requestId] !== undefined) return null;
  const c = s.candidates[a.applicationId];
  if (!c) return r('refusal.round.noSuchCandidate');
  if (c.status === 'waiting') return r('refusal.round.correctionNotDecided');
  if (c.sitting !== openSitting(s).seq) return r('refusal.round.correctionSittingClosed');
  if (c.status === 'rejected') return r('refusal.round.correctionOfRejection');
  if (c.status !== 'qualified' && c.status !== 'reserve') return r('refusal.round.correctionNotDecided');
  if (typeof a.reason !== 'string' || a.reason.trim().length < 3) return r('refusal.round.correctionNeedsReason');
  if (a.decision === c.status) return r('refusal.round.correctionSame');
  if (a.decision === 'qualified' && placesFree(s) === 0) return r('refusal.round.noFreePlace', { taken: placesTaken(s), places: s.places ?? 0 });
  return null;
}

export function applyCorrectDecision(s: RoundState, a: CorrectDecisionArgs, now: IsoInstant): { result: DecideResult; out: Outcome; correction: DecisionCorrection | null } {
  const remembered = s.requests[a.requestId] as DecideResult | undefined;
  if (remembered) return { result: remembered, out: { effects: [], changed: [] }, correction: null };
  const refusal = checkCorrectDecision(s, a);
  if (refusal) throw new RoundRefusal(refusal);
  const out: Outcome = { effects: [], changed: [] };
  const c = s.candidates[a.applicationId]!;
  const from = c.status as 'qualified' | 'reserve';
  const reason = a.reason.trim();
  // Out of the lists first, so a place it frees goes to someone else on the reserve list.
  c.status = 'rejected';
  c.reservePosition = null;
  touch(s, c, out.changed);
  if (from === 'qualified') promote(s, c.applicationId, now, out);
  c.status = a.decision === 'qualified' ? 'qualified' : a.decision === 'reserve' ? 'reserve' : 'rejected';
  c.reason = a.decision === 'rejected' ? reason : c.reason;
  c.decidedBy = a.correctedBy;
  c.decidedAt = now;
  touch(s, c, out.changed);
  renumberReserve(s, out, c.applicationId);
  out.effects.unshift({
    kind: 'decided',
    applicationId: c.applicationId,
    decision: a.decision,
    ...(c.reservePosition !== null ? { reservePosition: c.reservePosition } : {}),
    reason,
    fromReserve: false,
    decidedBy: a.correctedBy,
    decidedAt: now,
    corrects: from,
  });
  const sitting = openSitting(s);
  const result: DecideResult = {
    applicationId: c.applicationId,
    decision: a.decision,
    reservePosition: c.reservePosition,
    sitting: sitting.seq,
    placesFree: placesFree(s),
    warnings: quotaWarnings(currentQuotaStatus(s)),
  };
  remember(s, a.requestId, result);
  return { result, out, correction: { applicationId: c.applicationId, sittingSeq: sitting.seq, from, to: a.decision, reason, correctedBy: a.correctedBy, correctedAt: now } };
}

/* eslint-disable max-lines -- one state machine: each check* sits beside its apply* */
// The recruitment round as a pure state machine: places, sittings, decisions, the reserve list and
// promotion (over ~350 lines on purpose: each check* sits beside its apply*, one state machine). The round workflow holds one RoundState, applies these transitions synchronously (so a
// validator and its handler never see a stale place count) and carries out the returned effects.
import type { Key, Message } from '../i18n';
import type { Decision, IsoDate, IsoInstant, Quota } from './types';
import { compareCandidates, quotaStatus, quotaWarnings, reserveOrder, type QuotaStatus } from './ranking';
import { rankOrderRecord, unjustifiedPassOver } from './rank-order';
import type { RoundConfigChange } from './round-reconfigure';

/** Why the round refuses an action: a word-book key (i18n/refusals.ts) and its parameters. */
export type RoundReason = Message<Extract<Key, `refusal.round.${string}`>>;
const r = (key: RoundReason['key'], params?: Message['params']): RoundReason => (params ? { key, params } : { key });

export type CandidateStatus = 'waiting' | 'qualified' | 'reserve' | 'rejected' | 'left';
/** 'withdrawn': the application was withdrawn (at the applicant's request, or entered by mistake). */
export type LeftReason = 'ended_early' | 'not_signed' | 'withdrawn';

/** A candidate as the round ranks them: the facts of their scoring, and where the round put them. */
export interface RoundCandidate extends ScoredInput {
  status: CandidateStatus;
  /** Sequence number of the sitting that decided; null while waiting. */
  sitting: number | null;
  reservePosition: number | null;
  reason: string | null;
  fromReserve: boolean;
  decidedBy: string | null;
  decidedAt: IsoInstant | null;
  leftReason: LeftReason | null;
  /** Bumped on every change; the projection writes only newer revisions. */
  rev: number;
  /** A qualification out of rank order: the higher-ranked waiting candidates it passed over, and why. */
  passedOver?: string[];
  justification?: string | null;
}

export interface Sitting {
  seq: number;
  id: string;
  members: string[];
  heldOn: IsoDate | null;
  closedAt: IsoInstant | null;
  closedBy: string | null;
  approvedAt: IsoInstant | null;
  approvedBy: string | null;
  /** Frozen at closing: the participant list and the reserve list (in order) of this sitting. */
  participants: string[];
  reserve: string[];
}

export interface Promotion {
  applicationId: string;
  /** Whose place it was. */
  freedBy: string;
  at: IsoInstant;
}

export interface RoundState {
  projectId: string;
  /** Null until the project configuration is loaded (the round may be started by a journey's signal). */
  places: number | null;
  quotas: Quota[];
  candidates: Record<string, RoundCandidate>;
  sittings: Sitting[];
  rev: number;
  /** Results of processed requests by request id: a retried click has one effect, across continue-as-new too. */
  requests: Record<string, unknown>;
  requestOrder: string[];
  /** Newest last; shown on the coordinator's dashboard (the database keeps them all). */
  promotions: Promotion[];
  /** Set by the round from patch RANK_ORDER_PATCH on: qualifying over a waiting higher-ranked candidate needs a justification. */
  rankOrderChecked?: boolean;
  /** Places and quotas changed in the project while the round ran (domain/round-reconfigure.ts), newest last. */
  configChanges?: RoundConfigChange[];
}

export const MAX_REMEMBERED_REQUESTS = 5000;
const MAX_PROMOTIONS_IN_STATE = 100;

// ---- messages the round sends to journeys ------------------------------------------------------

/** The commission's decision for one candidate, or a promotion from the reserve list (the `decided` signal). */
export interface RoundDecision {
  decision: Decision;
  reservePosition?: number;
  reason?: string;
  /** True when a freed place went to this reserve candidate. */
  fromReserve: boolean;
  /** A promotion's cause: the application whose place was freed (sent from patch PROMOTION_CAUSE_PATCH on). */
  freedBy?: string;
  /** A qualification out of rank order: the commission's justification (shown on the journey's timeline). */
  justification?: string;
  /** The commission corrected its own decision in the same sitting (domain/decision-correction.ts): the one it replaces. */
  corrects?: Decision;
  decidedBy: string;
  decidedAt: IsoInstant;
}

export type Effect =
  | ({ kind: 'decided'; applicationId: string } & RoundDecision)
  | { kind: 'listApproved'; applicationId: string; approvedBy: string; approvedAt: IsoInstant }
  | { kind: 'reservePosition'; applicationId: string; position: number }
  | { kind: 'placeConfirmation'; applicationId: string; requestId: string; confirmed: boolean }
  | { kind: 'promoted'; applicationId: string; freedBy: string; at: IsoInstant };

export interface Outcome {
  effects: Effect[];
  /** Candidates whose projection row changed. */
  changed: string[];
}

// ---- inputs -------------------------------------------------------------------------------------

/** A screened and scored candidate (the `candidateScored` signal). */
export interface ScoredInput {
  applicationId: string;
  points: number;
  /** Breaks ties: the earlier application first. */
  receivedAt: IsoInstant;
  sex: 'K' | 'M';
  disability: boolean;
  targetGroup: string | null;
}

export interface DecideArgs {
  requestId: string;
  applicationId: string;
  decision: Decision;
  reason?: string;
  /** Why the commission qualifies over higher-ranked waiting candidates (required then; domain/rank-order.ts). */
  justification?: string;
  decidedBy: string;
}

export interface DecideResult {
  applicationId: string;
  decision: Decision;
  reservePosition: number | null;
  sitting: number;
  placesFree: number;
  /** Quotas that can no longer be met after this decision ("27 z co najmniej 39 kobiet"). */
  warnings: QuotaStatus[];
}

export interface CloseSittingArgs {
  requestId: string;
  members: string[];
  /** The day the commission sat. */
  date: IsoDate;
  closedBy: string;
}

export interface CloseSittingResult {
  seq: number;
  sittingId: string;
  participants: string[];
  reserve: string[];
}

export interface ApproveListArgs {
  requestId: string;
  approvedBy: string;
  /** Which closed sitting; default the earliest closed one not yet approved. */
  sitting?: number;
}

export interface ApproveListResult {
  seq: number;
  sittingId: string;
  approved: string[];
}

// ---- the state ----------------------------------------------------------------------------------

export function initialRoundState(projectId: string, firstSittingId: string): RoundState {
  return {
    projectId,
    places: null,
    quotas: [],
    candidates: {},
    sittings: [emptySitting(1, firstSittingId)],
    rev: 0,
    requests: {},
    requestOrder: [],
    promotions: [],
  };
}

function emptySitting(seq: number, id: string): Sitting {
  return { seq, id, members: [], heldOn: null, closedAt: null, closedBy: null, approvedAt: null, approvedBy: null, participants: [], reserve: [] };
}

export function openSitting(s: RoundState): Sitting {
  return s.sittings[s.sittings.length - 1]!;
}

export function placesTaken(s: RoundState): number {
  let n = 0;
  for (const c of Object.values(s.candidates)) if (c.status === 'qualified') n++;
  return n;
}

export function placesFree(s: RoundState): number {
  return s.places === null ? 0 : Math.max(0, s.places - placesTaken(s));
}

export function reserveList(s: RoundState): RoundCandidate[] {
  return reserveOrder(
    Object.values(s.candidates)
      .filter((c) => c.status === 'reserve')
      .map((c) => ({ ...c, sitting: c.sitting ?? 0 })),
  ).map((c) => s.candidates[c.applicationId]!);
}

/** Who counts for quotas: those holding a place, and those who started and left early (they were supported). */
function quotaSubjects(s: RoundState): RoundCandidate[] {
  return Object.values(s.candidates).filter((c) => c.status === 'qualified' || (c.status === 'left' && c.leftReason === 'ended_early'));
}

export function currentQuotaStatus(s: RoundState): QuotaStatus[] {
  return quotaStatus(s.quotas, quotaSubjects(s), placesFree(s));
}

export function touch(s: RoundState, c: RoundCandidate, changed: string[]) {
  s.rev += 1;
  c.rev = s.rev;
  if (!changed.includes(c.applicationId)) changed.push(c.applicationId);
}

/** Renumbers the reserve list; whoever moved is told their new position. */
export function renumberReserve(s: RoundState, out: Outcome, skip: string | null = null) {
  reserveList(s).forEach((c, i) => {
    const position = i + 1;
    if (c.reservePosition === position) return;
    const had = c.reservePosition !== null;
    c.reservePosition = position;
    touch(s, c, out.changed);
    if (had && c.applicationId !== skip) out.effects.push({ kind: 'reservePosition', applicationId: c.applicationId, position });
  });
}

/** Fills free places from the reserve list, first come first: never an empty place with a waiting reserve. */
export function promote(s: RoundState, freedBy: string, now: IsoInstant, out: Outcome = { effects: [], changed: [] }): Outcome {
  while (placesFree(s) > 0) {
    const next = reserveList(s)[0];
    if (!next) break;
    next.status = 'qualified';
    next.fromReserve = true;
    next.reservePosition = null;
    next.decidedAt = now;
    touch(s, next, out.changed);
    out.effects.push({
      kind: 'decided',
      applicationId: next.applicationId,
      decision: 'qualified',
      fromReserve: true,
      decidedBy: next.decidedBy ?? 'system',
      decidedAt: now,
      freedBy,
    });
    const sitting = s.sittings.find((x) => x.seq === next.sitting);
    if (sitting?.approvedAt && sitting.approvedBy) {
      // Their list was approved already: the promotion needs no second approval.
      out.effects.push({ kind: 'listApproved', applicationId: next.applicationId, approvedBy: sitting.approvedBy, approvedAt: sitting.approvedAt });
    }
    const p: Promotion = { applicationId: next.applicationId, freedBy, at: now };
    s.promotions.push(p);
    if (s.promotions.length > MAX_PROMOTIONS_IN_STATE) s.promotions.shift();
    out.effects.push({ kind: 'promoted', ...p });
  }
  renumberReserve(s, out);
  return out;
}

// ---- transitions --------------------------------------------------------------------------------

/** `freedBy` of a promotion that took a place the project's configuration added (not a person's). */
export const FREED_BY_CONFIG = 'config';

export function setProject(s: RoundState, places: number, quotas: Quota[], now: IsoInstant): Outcome {
  s.places = places;
  s.quotas = quotas;
  return promote(s, FREED_BY_CONFIG, now);
}

/**
 * A correction of the facts the quotas count by: the candidate keeps their place and status; the quota
 * status (computed from the candidates) and their ranking row follow. Unknown or unchanged: nothing.
 */
export function applyCorrected(s: RoundState, input: Pick<ScoredInput, 'applicationId' | 'sex' | 'disability' | 'targetGroup'>): Outcome {
  const out: Outcome = { effects: [], changed: [] };
  const c = s.candidates[input.applicationId];
  if (!c || (c.sex === input.sex && c.disability === input.disability && c.targetGroup === input.targetGroup)) return out;
  c.sex = input.sex;
  c.disability = input.disability;
  c.targetGroup = input.targetGroup;
  touch(s, c, out.changed);
  return out;
}

/** A journey scored its candidate. A re-score before the decision replaces the points; after it, it is ignored. */
export function applyScored(s: RoundState, input: ScoredInput): Outcome {
  const out: Outcome = { effects: [], changed: [] };
  const known = s.candidates[input.applicationId];
  if (known && known.status !== 'waiting') return out;
  const c: RoundCandidate = known ?? {
    ...input,
    status: 'waiting',
    sitting: null,
    reservePosition: null,
    reason: null,
    fromReserve: false,
    decidedBy: null,
    decidedAt: null,
    leftReason: null,
    rev: 0,
  };
  Object.assign(c, { points: input.points, receivedAt: input.receivedAt, sex: input.sex, disability: input.disability, targetGroup: input.targetGroup });
  s.candidates[c.applicationId] = c;
  touch(s, c, out.changed);
  return out;
}

/** Why the commission cannot record this decision now, or null. */
export function checkDecide(s: RoundState, a: DecideArgs): RoundReason | null {
  if (s.requests[a.requestId] !== undefined) return null; // a retry: answered from memory
  if (s.places === null) return r('refusal.round.loading');
  const c = s.candidates[a.applicationId];
  if (!c) return r('refusal.round.noSuchCandidate');
  if (c.status !== 'waiting') return r('refusal.round.alreadyDecided');
  if (a.decision === 'rejected' && !a.reason?.trim()) return r('refusal.round.rejectionNeedsReason');
  const free = placesFree(s);
  if (a.decision === 'qualified' && free === 0) return r('refusal.round.noFreePlace', { taken: placesTaken(s), places: s.places });
  if (a.decision === 'reserve' && free > 0) return r('refusal.round.placesFree', { free });
  const over = unjustifiedPassOver(s, c, a.decision, a.justification);
  if (over > 0) return r('refusal.round.rankOrderNeedsJustification', { n: over });
  return null;
}

export function applyDecide(s: RoundState, a: DecideArgs, now: IsoInstant): { result: DecideResult; out: Outcome } {
  const remembered = s.requests[a.requestId] as DecideResult | undefined;
  if (remembered) return { result: remembered, out: { effects: [], changed: [] } };
  const refusal = checkDecide(s, a);
  if (refusal) throw new RoundRefusal(refusal);
  const out: Outcome = { effects: [], changed: [] };
  const c = s.candidates[a.applicationId]!;
  const sitting = openSitting(s);
  c.status = a.decision === 'qualified' ? 'qualified' : a.decision === 'reserve' ? 'reserve' : 'rejected';
  c.sitting = sitting.seq;
  c.reason = a.reason?.trim() || null;
  c.decidedBy = a.decidedBy;
  c.decidedAt = now;
  const order = rankOrderRecord(s, c, a.decision, a.justification);
  if (order.passedOver.length) Object.assign(c, order);
  touch(s, c, out.changed);
  if (c.status === 'reserve') renumberReserve(s, out, c.applicationId);
  out.effects.unshift({
    kind: 'decided',
    applicationId: c.applicationId,
    decision: a.decision,
    ...(c.reservePosition !== null ? { reservePosition: c.reservePosition } : {}),
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.justification ? { justification: c.justification } : {}),
    fromReserve: false,
    decidedBy: a.decidedBy,
    decidedAt: now,
  });
  const result: DecideResult = {
    applicationId: c.applicationId,
    decision: a.decision,
    reservePosition: c.reservePosition,
    sitting: sitting.seq,
    placesFree: placesFree(s),
    warnings: quotaWarnings(currentQuotaStatus(s)),
  };
  remember(s, a.requestId, result);
  return { result, out };
}

/** A participant left early or never signed: their place goes to the first on the reserve list. */
export function applyFreed(s: RoundState, applicationId: string, reason: LeftReason, now: IsoInstant): Outcome {
  const out: Outcome = { effects: [], changed: [] };
  const c = s.candidates[applicationId];
  if (!c || c.status !== 'qualified') return out; // unknown or already freed: a duplicate
  c.status = 'left';
  c.leftReason = reason;
  touch(s, c, out.changed);
  return promote(s, applicationId, now, out);
}

/**
 * The application was withdrawn: it leaves the ranking, and frees only what it held. A place goes to the
 * first on the reserve list (as after a resignation); a reserve position closes the gap behind it.
 */
export function applyWithdrawn(s: RoundState, applicationId: string, now: IsoInstant): Outcome {
  const out: Outcome = { effects: [], changed: [] };
  const c = s.candidates[applicationId];
  if (!c || (c.status !== 'waiting' && c.status !== 'reserve' && c.status !== 'qualified')) return out; // unknown, decided against, or gone already
  const held = c.status;
  c.status = 'left';
  c.leftReason = 'withdrawn';
  c.reservePosition = null;
  touch(s, c, out.changed);
  if (held === 'qualified') return promote(s, applicationId, now, out);
  if (held === 'reserve') renumberReserve(s, out);
  return out;
}

/**
 * A qualified candidate signed after their place was reported free: the place is still theirs if nobody
 * took it (the reserve list was empty and the commission has not filled it). Answered once per request.
 */
export function applyConfirmPlace(s: RoundState, applicationId: string, requestId: string): Outcome {
  const out: Outcome = { effects: [], changed: [] };
  let confirmed = s.requests[requestId] as boolean | undefined;
  if (confirmed === undefined) {
    const c = s.candidates[applicationId];
    if (c?.status === 'qualified') confirmed = true;
    else if (c?.status === 'left' && c.leftReason === 'not_signed' && placesFree(s) > 0) {
      c.status = 'qualified';
      c.leftReason = null;
      touch(s, c, out.changed);
      confirmed = true;
    } else confirmed = false;
    remember(s, requestId, confirmed);
  }
  out.effects.push({ kind: 'placeConfirmation', applicationId, requestId, confirmed });
  return out;
}

export function checkCloseSitting(s: RoundState, a: CloseSittingArgs): RoundReason | null {
  if (s.requests[a.requestId] !== undefined) return null;
  const open = openSitting(s);
  if (a.members.filter((m) => m.trim()).length === 0) return r('refusal.round.membersMissing');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(a.date)) return r('refusal.round.sittingDateFormat');
  if (!Object.values(s.candidates).some((c) => c.sitting === open.seq)) return r('refusal.round.noDecisionYet');
  return null;
}

export function applyCloseSitting(s: RoundState, a: CloseSittingArgs, now: IsoInstant, nextSittingId: string): CloseSittingResult {
  const remembered = s.requests[a.requestId] as CloseSittingResult | undefined;
  if (remembered) return remembered;
  const refusal = checkCloseSitting(s, a);
  if (refusal) throw new RoundRefusal(refusal);
  const sitting = openSitting(s);
  sitting.members = a.members.map((m) => m.trim()).filter(Boolean);
  sitting.heldOn = a.date;
  sitting.closedAt = now;
  sitting.closedBy = a.closedBy;
  const mine = Object.values(s.candidates).filter((c) => c.sitting === sitting.seq);
  sitting.participants = mine.filter((c) => c.status === 'qualified').sort(compareCandidates).map((c) => c.applicationId);
  sitting.reserve = reserveList(s).filter((c) => c.sitting === sitting.seq).map((c) => c.applicationId);
  s.sittings.push(emptySitting(sitting.seq + 1, nextSittingId));
  const result: CloseSittingResult = { seq: sitting.seq, sittingId: sitting.id, participants: sitting.participants, reserve: sitting.reserve };
  remember(s, a.requestId, result);
  return result;
}

function sittingToApprove(s: RoundState, a: ApproveListArgs): Sitting | undefined {
  return a.sitting !== undefined ? s.sittings.find((x) => x.seq === a.sitting) : s.sittings.find((x) => x.closedAt && !x.approvedAt);
}

export function checkApproveList(s: RoundState, a: ApproveListArgs): RoundReason | null {
  if (s.requests[a.requestId] !== undefined) return null;
  const sitting = sittingToApprove(s, a);
  if (!sitting) return a.sitting !== undefined ? r('refusal.round.noSuchSitting', { seq: a.sitting }) : r('refusal.round.nothingToApprove');
  if (!sitting.closedAt) return r('refusal.round.sittingNotClosed');
  if (sitting.approvedAt) return r('refusal.round.alreadyApproved');
  return null;
}

export function applyApproveList(s: RoundState, a: ApproveListArgs, now: IsoInstant): { result: ApproveListResult; out: Outcome } {
  const remembered = s.requests[a.requestId] as ApproveListResult | undefined;
  if (remembered) return { result: remembered, out: { effects: [], changed: [] } };
  const refusal = checkApproveList(s, a);
  if (refusal) throw new RoundRefusal(refusal);
  const sitting = sittingToApprove(s, a)!;
  sitting.approvedAt = now;
  sitting.approvedBy = a.approvedBy;
  // Those of this sitting who hold a place now: the frozen list, plus anyone promoted from its reserve since.
  const approved = Object.values(s.candidates)
    .filter((c) => c.sitting === sitting.seq && c.status === 'qualified')
    .sort(compareCandidates)
    .map((c) => c.applicationId);
  const out: Outcome = {
    effects: approved.map((applicationId) => ({ kind: 'listApproved' as const, applicationId, approvedBy: a.approvedBy, approvedAt: now })),
    changed: [],
  };
  const result: ApproveListResult = { seq: sitting.seq, sittingId: sitting.id, approved };
  remember(s, a.requestId, result);
  return { result, out };
}

export function remember(s: RoundState, requestId: string, result: unknown) {
  s.requests[requestId] = result;
  s.requestOrder.push(requestId);
  while (s.requestOrder.length > MAX_REMEMBERED_REQUESTS) delete s.requests[s.requestOrder.shift()!];
}

/** A refusal detected in a handler (after the validator passed): the Update fails with this reason. */
/** A refusal raised inside an Update handler; its message is the reason's key. */
export class RoundRefusal extends Error {
  constructor(readonly reason: RoundReason) {
    super(reason.key);
  }
}

// ---- the Query ----------------------------------------------------------------------------------

export interface RankingRow {
  rank: number;
  applicationId: string;
  points: number;
  receivedAt: IsoInstant;
  status: CandidateStatus;
  reservePosition: number | null;
  sitting: number | null;
  fromReserve: boolean;
  reason: string | null;
}

export interface RoundSnapshot {
  projectId: string;
  places: number | null;
  taken: number;
  free: number;
  openSitting: number;
  sittings: Omit<Sitting, 'participants' | 'reserve'>[];
  ranking: RankingRow[];
  quotas: QuotaStatus[];
  promotions: Promotion[];
  configChanges: RoundConfigChange[];
}

export function snapshot(s: RoundState): RoundSnapshot {
  const ranked = Object.values(s.candidates).sort(compareCandidates);
  return {
    projectId: s.projectId,
    places: s.places,
    taken: placesTaken(s),
    free: placesFree(s),
    openSitting: openSitting(s).seq,
    sittings: s.sittings.map(({ participants: _p, reserve: _r, ...rest }) => rest),
    ranking: ranked.map((c, i) => ({
      rank: i + 1,
      applicationId: c.applicationId,
      points: c.points,
      receivedAt: c.receivedAt,
      status: c.status,
      reservePosition: c.reservePosition,
      sitting: c.sitting,
      fromReserve: c.fromReserve,
      reason: c.reason,
    })),
    quotas: currentQuotaStatus(s),
    promotions: s.promotions,
    configChanges: s.configChanges ?? [],
  };
}

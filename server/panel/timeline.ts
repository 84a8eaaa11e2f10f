// The participant's timeline as it happened: who acted, or the system and why (a promotion names whose
// freed place it took), and the reason recorded with the event (a resignation's note, a rejection's
// reason, a withdrawal's). The stage bar's closing outcome comes from the same events.
import type { JourneyEventView } from '../../domain/journey';
import { FREED_BY_CONFIG } from '../../domain/round';
import type { Message } from '../../i18n';
import type { TimelineEvent, ClosingOutcome } from '../../views/pages/participant';
import type { FreedCause } from '../services/participants';
import type { RoundMessage } from '../../activities/journey';

const FREED_KEYS = {
  resigned: 'timeline.promotion.resigned',
  ended: 'timeline.promotion.ended',
  withdrawn: 'timeline.promotion.withdrawn',
  notSigned: 'timeline.promotion.notSigned',
} as const satisfies Record<FreedCause, string>;

const ROUND_KEYS = {
  candidateScored: 'timeline.round.candidateScored',
  placeFreed: 'timeline.round.placeFreed',
  confirmPlace: 'timeline.round.confirmPlace',
  withdrawn: 'timeline.round.withdrawn',
  candidateCorrected: 'timeline.round.candidateCorrected',
  endingUndone: 'timeline.round.endingUndone',
} as const satisfies Record<RoundMessage['kind'], string>;

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function timelineEvent(e: JourneyEventView, users: Map<string, string>, freers: Map<string, { name: string; cause: FreedCause }>): TimelineEvent {
  const p = e.payload;
  const promotion = e.type === 'decided' && p.fromReserve === true;
  let cause: Message | null = null;
  if (promotion) {
    const freer = typeof p.freedBy === 'string' ? freers.get(p.freedBy) : undefined;
    cause = freer ? { key: FREED_KEYS[freer.cause], params: { name: freer.name } } : { key: p.freedBy === FREED_BY_CONFIG ? 'timeline.promotion.places' : 'timeline.promotion.unknown' };
  } else if (e.type === 'list_approved' && p.cause === 'promotion') cause = { key: 'timeline.approvedWithReserve' };
  else if (e.type === 'ending_undone' && p.placeReturned === true) cause = { key: 'undo.placeBack' };
  // What the journey told the round: each message its own words (a screening and a freed place differ).
  else if (e.type === 'round_notified' && typeof p.kind === 'string' && p.kind in ROUND_KEYS) {
    cause = { key: ROUND_KEYS[p.kind as RoundMessage['kind']], ...(typeof p.points === 'number' ? { params: { points: p.points } } : {}) };
  }
  // A promotion is the round's step even where an older journey recorded the reserve's decider as its actor.
  const system = promotion || p.automatic === true || (e.actorId === null && e.type !== 'applied');
  const reason =
    e.type === 'participation_ended' ? text(p.note)
    : e.type === 'decided' ? (text(p.reason) ?? text(p.justification))
    : e.type === 'decision_corrected' ? text(p.reason)
    : e.type === 'application_withdrawn' ? text(p.note)
    : e.type === 'ending_undone' ? text(p.reason)
    : null;
  return {
    type: e.type,
    occurredAt: e.occurredAt,
    actorName: system || !e.actorId ? null : (users.get(e.actorId) ?? null),
    system,
    stageAfter: e.stageAfter,
    cause,
    reason,
    withdrawalReason: e.type === 'application_withdrawn' && typeof p.reason === 'string' ? p.reason : null,
  };
}

/** How a closed journey ended before support, for the stage bar (null when it went the whole way or is open). */
export function closingOutcome(events: JourneyEventView[]): ClosingOutcome | null {
  if (events.some((e) => e.type === 'application_withdrawn')) return 'withdrawn';
  if (events.some((e) => e.type === 'place_lost')) return 'placeLost';
  if (events.some((e) => e.type === 'decided' && e.payload.decision === 'rejected')) return 'rejected';
  return null;
}

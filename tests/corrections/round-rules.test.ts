// The round's pure rules for the two corrections (no Temporal): an undone early end takes its place back
// even over the limit, and no freed place is refilled while over; a corrected decision frees its place for
// the first on the reserve list (never for the corrected candidate itself) and renumbers the list.
import { describe, expect, it } from 'vitest';
import { applyCorrectDecision, checkCorrectDecision } from '../../domain/decision-correction';
import { applyCloseSitting, applyDecide, applyFreed, applyScored, initialRoundState, placesFree, placesTaken, setProject, type RoundState } from '../../domain/round';
import { applyReinstated } from '../../domain/round-undo';

const now = '2026-12-03T10:00:00.000Z';
function round(places: number, ids: string[]): RoundState {
  const s = initialRoundState('p', 'sitting-1');
  setProject(s, places, [], now);
  ids.forEach((id, i) => applyScored(s, { applicationId: id, points: 10 - i, receivedAt: now, sex: 'K', disability: false, targetGroup: null }));
  return s;
}
const decide = (s: RoundState, applicationId: string, decision: 'qualified' | 'reserve' | 'rejected') =>
  applyDecide(s, { requestId: `d-${applicationId}`, applicationId, decision, decidedBy: 'm', ...(decision === 'rejected' ? { reason: 'powód' } : {}) }, now);

describe('an undone early end', () => {
  it('returns the place over the limit when a reserve took it; the next freed place is not refilled while over', () => {
    const s = round(1, ['a', 'b', 'c']);
    decide(s, 'a', 'qualified');
    decide(s, 'b', 'reserve');
    decide(s, 'c', 'reserve');
    applyFreed(s, 'a', 'ended_early', now);
    expect(s.candidates.b!.status).toBe('qualified');
    applyReinstated(s, 'a');
    expect([s.candidates.a!.status, placesTaken(s), placesFree(s)]).toEqual(['qualified', 2, 0]);
    // A real end now: back at the limit, the reserve waits.
    applyFreed(s, 'b', 'ended_early', now);
    expect([s.candidates.c!.status, placesTaken(s)]).toEqual(['reserve', 1]);
    // A second undo of the same end changes nothing.
    expect(applyReinstated(s, 'a').changed).toEqual([]);
  });
});

describe('a corrected decision', () => {
  it('qualified -> reserve gives the place to the first reserve, not back to the corrected candidate', () => {
    const s = round(1, ['a', 'b', 'c']);
    decide(s, 'a', 'qualified');
    decide(s, 'b', 'reserve');
    decide(s, 'c', 'reserve');
    const { result, correction } = applyCorrectDecision(s, { requestId: 'c1', applicationId: 'a', decision: 'reserve', reason: 'Błąd w punktach', correctedBy: 'm' }, now);
    expect(s.candidates.b!.status).toBe('qualified');
    expect([s.candidates.a!.status, s.candidates.a!.reservePosition, s.candidates.c!.reservePosition]).toEqual(['reserve', 1, 2]);
    expect(result).toMatchObject({ decision: 'reserve', placesFree: 0 });
    expect(correction).toMatchObject({ from: 'qualified', to: 'reserve', reason: 'Błąd w punktach', sittingSeq: 1 });
  });

  it('refuses a rejection, no reason, the same decision, a closed sitting', () => {
    const s = round(2, ['a', 'b']);
    decide(s, 'a', 'qualified');
    decide(s, 'b', 'rejected');
    const check = (applicationId: string, decision: 'qualified' | 'reserve' | 'rejected', reason = 'Powód') => checkCorrectDecision(s, { requestId: `x-${applicationId}-${decision}-${reason}`, applicationId, decision, reason, correctedBy: 'm' })?.key ?? null;
    expect(check('b', 'qualified')).toBe('refusal.round.correctionOfRejection');
    expect(check('a', 'rejected', '')).toBe('refusal.round.correctionNeedsReason');
    expect(check('a', 'qualified')).toBe('refusal.round.correctionSame');
    expect(check('a', 'rejected')).toBeNull();
    applyCloseSitting(s, { requestId: 'close', members: ['m'], date: '2026-12-03', closedBy: 'm' }, now, 'sitting-2');
    expect(check('a', 'rejected')).toBe('refusal.round.correctionSittingClosed');
  });
});

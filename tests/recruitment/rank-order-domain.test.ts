// The regulations' rules as pure functions: whom a qualification passes over (ties on points and the received
// second pass nobody over), a round from before the rank-order patch refusing nothing new, and an
// application's date against the recruitment period, weekends and Polish public holidays.
import { describe, expect, it } from 'vitest';
import { intakeFlags, recruitmentPeriod, checksOf } from '../../domain/intake-checks';
import { outOfOrderIn, passedOver } from '../../domain/rank-order';
import { applyDecide, applyScored, checkDecide, initialRoundState, setProject, type RoundState } from '../../domain/round';

const NOW = '2026-12-03T10:00:00.000Z';
function round(checked: boolean): RoundState {
  const s = initialRoundState('p', 'sitting-1');
  if (checked) s.rankOrderChecked = true;
  setProject(s, 5, [], NOW);
  const scored = (id: string, points: number, receivedAt: string) => applyScored(s, { applicationId: id, points, receivedAt, sex: 'K', disability: false, targetGroup: null });
  scored('top', 20, '2026-12-01T08:00:00.000Z');
  scored('tieA', 10, '2026-12-01T09:00:00.100Z');
  scored('tieB', 10, '2026-12-01T09:00:00.900Z');
  scored('later', 10, '2026-12-01T09:00:01.000Z');
  return s;
}
const qualify = (id: string, justification?: string) => ({ requestId: `r-${id}-${justification ?? ''}`, applicationId: id, decision: 'qualified' as const, decidedBy: 'm', ...(justification ? { justification } : {}) });

describe('rank order', () => {
  it('passes over only those with more points, or equal points and an earlier second', () => {
    const s = round(true);
    expect(passedOver(s, s.candidates.later!)).toEqual(['top', 'tieA', 'tieB']);
    expect(passedOver(s, s.candidates.tieB!)).toEqual(['top']);
    expect(checkDecide(s, qualify('top'))).toBeNull();
    expect(checkDecide(s, qualify('tieB'))).toEqual({ key: 'refusal.round.rankOrderNeedsJustification', params: { n: 1 } });
    // A reserve entry or a rejection passes nobody over.
    expect(checkDecide(s, { ...qualify('later'), decision: 'rejected', reason: 'Brak kryterium' })).toBeNull();
  });

  it('records the justification and whom it passed over; in order, nothing', () => {
    const s = round(true);
    applyDecide(s, qualify('top'), NOW);
    applyDecide(s, qualify('later', '  Kryterium regulaminu §5  '), NOW);
    expect(s.candidates.later).toMatchObject({ justification: 'Kryterium regulaminu §5', passedOver: ['tieA', 'tieB'] });
    expect(s.candidates.top!.justification).toBeUndefined();
    expect(outOfOrderIn(s, 1)).toEqual([{ applicationId: 'later', passedOver: ['tieA', 'tieB'], justification: 'Kryterium regulaminu §5' }]);
  });

  it('a round from before the patch refuses nothing new (its history replays)', () => {
    const s = round(false);
    expect(checkDecide(s, qualify('later'))).toBeNull();
    applyDecide(s, qualify('later'), NOW);
    expect(s.candidates.later!.passedOver).toBeUndefined();
  });
});

describe('application date', () => {
  const period = recruitmentPeriod({ startsOn: '2026-01-05', endsOn: '2026-12-31' }, checksOf({}));
  it('flags weekends, public holidays and days outside the period', () => {
    expect(intakeFlags('2026-12-02', period)).toEqual([]);
    expect(intakeFlags('2026-12-05', period)).toEqual(['day_off']); // Saturday
    expect(intakeFlags('2026-11-11', period)).toEqual(['day_off']); // Independence Day, a Wednesday
    expect(intakeFlags('2026-01-02', period)).toEqual(['outside_period']); // a Friday before the start
    expect(intakeFlags('2027-01-01', period)).toEqual(['outside_period', 'day_off']);
  });
  it('a configured recruitment period narrows the project\'s; the default flags and blocks signing without the original', () => {
    expect(checksOf({})).toEqual({ applicationDate: 'flag', originalAtSigning: 'refuse' });
    const narrow = recruitmentPeriod({ startsOn: '2026-01-05', endsOn: '2026-12-31' }, checksOf({ checks: { recruitmentTo: '2026-06-30' } }));
    expect(narrow).toEqual({ from: '2026-01-05', to: '2026-06-30' });
    expect(intakeFlags('2026-07-01', narrow)).toEqual(['outside_period']);
  });
});

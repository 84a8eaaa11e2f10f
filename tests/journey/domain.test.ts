// Pure journey rules: PESEL, working days and office hours, which action is allowed when.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_RULES } from '../../domain/default-rules';
import type { JourneySnapshot } from '../../domain/journey';
import { attendanceShare, followUpWindow, refusal as refusalOf } from '../../domain/journey-rules';
import { inBothLanguages } from '../../i18n';
import { checkPesel, parsePesel, peselCheckDigit } from '../../domain/pesel';
import { warsawDay, warsawInstant, warsawTime } from '../../domain/warsaw-time';
import { addWorkingDays, isWorkingDay, nextOfficeMoment, workingDaysBetween, workingDaysLater } from '../../domain/working-days';

describe('PESEL', () => {
  it('reads a 1900s PESEL: 44051401359 is a man born 1944-05-14', () => {
    expect(parsePesel('44051401359')).toEqual({ ok: true, facts: { birthDate: '1944-05-14', sex: 'M' } });
  });

  it('reads a 2000s PESEL (month + 20): 02231512347 is a woman born 2002-03-15', () => {
    expect(peselCheckDigit('0223151234')).toBe(7);
    expect(parsePesel('02231512347')).toEqual({ ok: true, facts: { birthDate: '2002-03-15', sex: 'K' } });
    expect(checkPesel('02231512347', { birthDate: '2002-03-15', sex: 'K' })).toEqual([]);
  });

  it('refuses bad format, bad check digit, impossible dates, and a form that disagrees', () => {
    expect(checkPesel('0223151234')).toEqual(['format']);
    expect(checkPesel('0223151234a')).toEqual(['format']);
    expect(checkPesel('02231512348')).toEqual(['check_digit']);
    const feb30 = `0222301234`; // 2002-02-30
    expect(checkPesel(feb30 + peselCheckDigit(feb30))).toEqual(['birth_date']);
    expect(checkPesel('02231512347', { birthDate: '2002-03-16', sex: 'M' })).toEqual(['birth_date_mismatch', 'sex_mismatch']);
  });

  it('any single-digit change is caught by the check digit or the date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const digits = '02231512347'.split('').map(Number);
        digits[pos] = (digits[pos]! + delta) % 10;
        return parsePesel(digits.join('')).ok === false;
      }),
    );
  });
});

describe('working days (Europe/Warsaw, Polish public holidays)', () => {
  it('11 November and Easter Monday are not working days; weekends neither', () => {
    expect(isWorkingDay('2026-11-11')).toBe(false); // Independence Day, a Wednesday
    expect(isWorkingDay('2026-04-06')).toBe(false); // Easter Monday 2026
    expect(isWorkingDay('2025-04-21')).toBe(false); // Easter Monday 2025
    expect(isWorkingDay('2026-11-14')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-12')).toBe(true);
  });

  it('adds working days across holidays and weekends', () => {
    expect(addWorkingDays('2026-11-10', 1)).toBe('2026-11-12'); // over 11 November
    expect(addWorkingDays('2026-04-03', 1)).toBe('2026-04-07'); // Good Friday -> over Easter Monday
    expect(addWorkingDays('2026-11-13', 5)).toBe('2026-11-20');
    expect(addWorkingDays('2026-11-14', 0)).toBe('2026-11-16');
    expect(workingDaysBetween('2026-11-09', '2026-11-16')).toBe(4);
  });

  it('converts instants to Warsaw days and times across DST', () => {
    expect(warsawDay(new Date('2026-11-10T23:30:00Z'))).toBe('2026-11-11');
    expect(warsawInstant('2026-07-01', '07:30').toISOString()).toBe('2026-07-01T05:30:00.000Z');
    expect(warsawInstant('2026-12-01', '07:30').toISOString()).toBe('2026-12-01T06:30:00.000Z');
  });

  it('moves a due moment into office hours, never on a weekend or holiday', () => {
    const hours = DEFAULT_RULES.officeHours;
    // Tuesday 10 Nov 2026, 18:00 Warsaw: closed; next is Thursday 12 Nov (11 Nov is a holiday), 07:30.
    expect(nextOfficeMoment(warsawInstant('2026-11-10', '18:00'), hours)).toEqual(warsawInstant('2026-11-12', '07:30'));
    // Friday after 14:00 -> Monday 07:30
    expect(nextOfficeMoment(warsawInstant('2026-11-13', '14:30'), hours)).toEqual(warsawInstant('2026-11-16', '07:30'));
    // inside hours: unchanged
    const at = warsawInstant('2026-11-16', '16:00');
    expect(nextOfficeMoment(at, hours)).toEqual(at); // Monday until 17:00
    expect(workingDaysLater(warsawInstant('2026-11-10', '16:00'), 1, hours)).toEqual(warsawInstant('2026-11-13', '07:30'));
  });

  it('any reminder moment lands inside office hours', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2025-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 15 }), (d, n) => {
        const due = workingDaysLater(d, n, DEFAULT_RULES.officeHours);
        const day = warsawDay(due);
        const wd = new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
        const slot = DEFAULT_RULES.officeHours[wd as 1];
        return isWorkingDay(day) && !!slot && warsawTime(due) >= slot.from && warsawTime(due) < slot.to && due >= d;
      }),
    );
  });
});

const base: JourneySnapshot = {
  applicationId: 'a', projectId: 'p', rulesVersion: 1, stage: 'applied', socialWorkerId: null, originalPending: false, points: null,
  decision: null, reservePosition: null, approved: false, signingEscalated: false, awaitingPlaceConfirmation: false,
  documents: {}, participationStartedOn: null, plan: [], isrRevision: 0, sessions: [], jobFoundOn: null, endedOn: null, endReason: null,
  followUps: {}, letters: [],
};
const ctx = { today: '2026-11-20', rules: DEFAULT_RULES };
const scores = { disability: 10, long_term_unemployed: 5, popz: 0, multiple_exclusion: 3, worker_opinion: 7 };

/** The rule's reason (a word-book key) read in both languages. */
const refusal = (...args: Parameters<typeof refusalOf>) => {
  const reason = refusalOf(...args);
  return reason && inBothLanguages(reason);
};

describe('journey rules', () => {
  it('screening checks the criteria of the journey rules version', () => {
    expect(refusal('screen', base, { actorId: 'u', scores, opinion: 'ok' }, ctx)).toBeNull();
    expect(refusal('screen', base, { actorId: 'u', scores: { ...scores, disability: 11 }, opinion: 'ok' }, ctx)?.en).toMatch(/0\.\.10/);
    expect(refusal('screen', base, { actorId: 'u', scores: { ...scores, bogus: 1 }, opinion: 'ok' }, ctx)?.en).toMatch(/unknown criterion/);
    expect(refusal('screen', base, { actorId: 'u', scores, opinion: ' ' }, ctx)?.pl).toMatch(/opinii/);
    expect(refusal('screen', { ...base, stage: 'screened' }, { actorId: 'u', scores, opinion: 'ok' }, ctx)?.en).toMatch(/already/);
  });

  it('signing needs a qualified, approved candidate and the three required documents', () => {
    const sign = { actorId: 'u', signedOn: '2026-11-20', kinds: ['declaration', 'contract', 'data_statement'] as const };
    const args = { ...sign, kinds: [...sign.kinds] };
    expect(refusal('signDocuments', { ...base, stage: 'screened' }, args, ctx)?.en).toBe('the candidate is not qualified');
    expect(refusal('signDocuments', { ...base, stage: 'decided', decision: 'qualified' }, args, ctx)?.en).toMatch(/not approved/);
    const joining = { ...base, stage: 'joining' as const, decision: 'qualified' as const, approved: true };
    expect(refusal('signDocuments', joining, args, ctx)).toBeNull();
    expect(refusal('signDocuments', joining, { ...args, kinds: ['declaration', 'contract'] }, ctx)?.en).toMatch(/missing: data_statement/);
    expect(refusal('signDocuments', joining, { ...args, signedOn: '2026-11-21' }, ctx)?.en).toMatch(/future/);
    const support = { ...joining, stage: 'support' as const, documents: { declaration: '2026-11-20', contract: '2026-11-20', data_statement: '2026-11-20' } };
    expect(refusal('signDocuments', support, { ...args, kinds: ['image_consent'] }, ctx)).toBeNull();
  });

  it('attendance, follow-ups and ends only in their stage and window', () => {
    const att = { actorId: 'u', sessionOn: '2026-11-20', formCode: 'kis', plannedHours: 4, attendedHours: 4, absent: false };
    expect(refusal('recordAttendance', { ...base, stage: 'ended' }, att, ctx)?.en).toMatch(/only allowed during participation/);
    const ended = { ...base, stage: 'ended' as const, endedOn: '2026-11-10' };
    const fu2 = { actorId: 'u', number: 2 as const, recordedOn: '2026-11-20', data: { socialProgress: true, employed: false } };
    expect(refusal('recordFollowUp', ended, fu2, ctx)?.en).toBe('follow-up 2 is not due before 2026-12-08');
    expect(refusal('recordFollowUp', { ...base, stage: 'support' }, fu2, ctx)?.en).toMatch(/after the end/);
    expect(followUpWindow('2026-11-10', 1, DEFAULT_RULES)).toEqual({ opens: '2026-11-10', closes: '2026-12-08' });
    const support = { ...base, stage: 'support' as const, participationStartedOn: '2026-11-01' };
    expect(refusal('endParticipation', support, { actorId: 'u', reason: 'resigned', endedOn: '2026-11-20' }, ctx)?.en).toMatch(/documented reason/);
    expect(refusal('endParticipation', support, { actorId: 'u', reason: 'completed', endedOn: '2026-10-31' }, ctx)?.en).toMatch(/before 2026-11-01/);
  });

  it('attendance share is attended over planned hours', () => {
    const s = (planned: number, attended: number) => ({ sessionOn: '2026-11-20', formCode: 'x', plannedHours: planned, attendedHours: attended, absent: attended < planned, justified: false });
    expect(attendanceShare([])).toBe(1);
    expect(attendanceShare([s(4, 4), s(4, 2), s(2, 2)])).toBe(0.8);
  });
});

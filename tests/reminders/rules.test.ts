// The pure rules behind reminders: working days and office hours around 11 November, the digest's
// times, the escalation chain, the SMTP_URL, and the messages in both languages.
import { describe, expect, it } from 'vitest';
import { parseSmtpUrl } from '../../activities/mailer';
import { isWorkingDay, nextOfficeMoment, workingDaysLater } from '../../domain/working-days';
import { DEFAULT_ESCALATION, digestTimes, escalationTaskKey, nextInChain } from '../../domain/reminders';
import { DEFAULT_OFFICE_HOURS } from '../../domain/types';
import { digestMail, kindLabel, taskMail } from '../../documents/mail';

describe('working days and office hours across 11 November', () => {
  it('11 November is a holiday whatever the weekday; the days around it work', () => {
    expect(isWorkingDay('2026-11-11')).toBe(false); // Wednesday
    expect(isWorkingDay('2027-11-11')).toBe(false); // Thursday
    expect(isWorkingDay('2026-11-10')).toBe(true);
    expect(isWorkingDay('2026-11-12')).toBe(true);
    expect(isWorkingDay('2026-11-14')).toBe(false); // Saturday
  });

  it('a reminder due in the evening before the holiday waits for the opening after it', () => {
    // Tue 10 Nov 2026, 18:00 in Warsaw (17:00Z): closed; Wed 11 holiday; Thu 12 at 7:30 (6:30Z).
    expect(nextOfficeMoment(new Date('2026-11-10T17:00:00Z'), DEFAULT_OFFICE_HOURS).toISOString()).toBe('2026-11-12T06:30:00.000Z');
    // Within office hours it stays put.
    expect(nextOfficeMoment(new Date('2026-11-12T09:00:00Z'), DEFAULT_OFFICE_HOURS).toISOString()).toBe('2026-11-12T09:00:00.000Z');
  });

  it('working days skip the holiday and the weekend, and land in office hours', () => {
    // Tue 10 Nov 2026 10:00 + 2 working days = Fri 13 Nov 10:00 (the 11th does not count).
    expect(workingDaysLater(new Date('2026-11-10T09:00:00Z'), 2, DEFAULT_OFFICE_HOURS).toISOString()).toBe('2026-11-13T09:00:00.000Z');
    // Tue 10 Nov 15:00 + 3 = Mon 16 Nov 15:00 (Monday is open until 17:00).
    expect(workingDaysLater(new Date('2026-11-10T14:00:00Z'), 3, DEFAULT_OFFICE_HOURS).toISOString()).toBe('2026-11-16T14:00:00.000Z');
  });
});

describe('digest times and the escalation chain', () => {
  it('the digest runs at each weekday opening, Monday to Friday at 7:30 by default', () => {
    expect(digestTimes(DEFAULT_OFFICE_HOURS)).toEqual([{ days: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], hour: 7, minute: 30 }]);
    expect(digestTimes({ 1: { from: '08:00', to: '16:00' }, 2: { from: '07:30', to: '15:30' }, 3: { from: '08:00', to: '16:00' } })).toEqual([
      { days: ['MONDAY', 'WEDNESDAY'], hour: 8, minute: 0 },
      { days: ['TUESDAY'], hour: 7, minute: 30 },
    ]);
  });

  it('social worker -> coordinator -> director, then nobody; a role off the chain does not escalate', () => {
    const { chain } = DEFAULT_ESCALATION;
    expect(nextInChain(chain, 'social_worker')).toBe('coordinator');
    expect(nextInChain(chain, 'coordinator')).toBe('director');
    expect(nextInChain(chain, 'director')).toBeNull();
    expect(nextInChain(chain, 'commission')).toBeNull();
    expect(escalationTaskKey('app:sign:1', 'coordinator')).toBe('app:sign:1>coordinator');
  });
});

describe('SMTP_URL', () => {
  it('reads host, port, TLS and credentials', () => {
    expect(parseSmtpUrl('smtps://ops%40mopr.pl:tajne%21@smtp.mopr.pl')).toEqual({
      host: 'smtp.mopr.pl',
      port: 465,
      secure: true,
      auth: { user: 'ops@mopr.pl', pass: 'tajne!' },
      ignoreTLS: false,
    });
    expect(parseSmtpUrl('smtp://127.0.0.1:2525?ignoreTLS=true')).toEqual({ host: '127.0.0.1', port: 2525, secure: false, ignoreTLS: true });
    expect(() => parseSmtpUrl('http://x')).toThrow(/smtp/);
  });
});

describe('messages', () => {
  it('name every kind of task the journey and the round open, per absence and per follow-up step', () => {
    const kinds = ['original_pending', 'sign_reminder', 'sign_escalation', 'attendance_low', 'absence_unjustified:2027-03-04|support_group',
      'follow_up_1_due', 'follow_up_1_reminder', 'follow_up_1_escalation', 'follow_up_2_due', 'follow_up_2_reminder', 'follow_up_2_escalation', 'promoted_from_reserve'];
    for (const locale of ['pl', 'en'] as const) for (const kind of kinds) expect(kindLabel(locale, kind), kind).not.toMatch(/task|Zadanie|_/);
    expect(kindLabel('pl', 'absence_unjustified:2027-03-04|support_group')).toBe('Nieobecność pozostaje nieusprawiedliwiona');
    expect(kindLabel('pl', 'follow_up_2_escalation')).toBe('Minął termin monitoringu po 3 miesiącach, a wyniku nie wpisano');
  });

  const base = { kind: 'follow_up_1_due', participantName: 'Zofia Żółć', link: 'https://ops.example/participants/42', dueAt: new Date('2026-11-12T06:30:00Z'), escalatedFrom: null };

  it('Polish by default, English on request, name and link only, dates as dd.mm.yyyy in Warsaw', () => {
    const pl = taskMail({ ...base, locale: 'pl' });
    expect(pl.subject).toBe('[Ścieżka] Należy wpisać monitoring po 4 tygodniach od zakończenia udziału');
    expect(pl.text.split('\n').slice(0, 5)).toEqual([
      'Zadanie: Należy wpisać monitoring po 4 tygodniach od zakończenia udziału',
      'Uczestnik/czka: Zofia Żółć',
      'Termin: 12.11.2026 07:30',
      '',
      'Otwórz w panelu: https://ops.example/participants/42',
    ]);
    const en = taskMail({ ...base, locale: 'en', escalatedFrom: 'social_worker' });
    expect(en.subject).toBe('[Sciezka] Escalation: The 4-week follow-up after the end of participation is due');
    expect(en.text).toContain('Participant: Zofia Żółć');
    expect(en.text).toContain('Due: 12.11.2026 07:30');
  });

  it('escapes what it shows in HTML', () => {
    const html = taskMail({ ...base, locale: 'pl', participantName: '<script>alert(1)</script>' }).html;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('an unknown task kind still yields a sensible message', () => {
    expect(taskMail({ ...base, locale: 'pl', kind: 'new_kind' }).subject).toBe('[Ścieżka] Zadanie do wykonania (new_kind)');
    const d = digestMail({ locale: 'en', day: '2026-11-12', items: [{ ...base, kind: 'x', overdue: true }] });
    expect(d.subject).toBe('[Sciezka] Tasks for 12.11.2026: 1');
    expect(d.text).toContain('A task to do (x) – Zofia Żółć (due: 12.11.2026 07:30, overdue)');
  });
});

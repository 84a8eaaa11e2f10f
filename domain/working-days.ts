// Working days and office hours of a Polish welfare centre: Monday to Friday without public holidays
// (date-holidays 'PL'), in Europe/Warsaw. Bundle-safe and deterministic (no "now" inside: callers pass
// the instant), so a workflow can compute its timers from workflow time.
import { TZDate } from '@date-fns/tz';
import Holidays from 'date-holidays';
import type { IsoDate, OfficeHours } from './types';

export const ZONE = 'Europe/Warsaw';

const holidaysByYear = new Map<number, Set<IsoDate>>();
let calendar: Holidays | undefined;

/** Public holidays (days off by law) of one year, as 'YYYY-MM-DD'. */
export function publicHolidays(year: number): Set<IsoDate> {
  let set = holidaysByYear.get(year);
  if (!set) {
    calendar ??= new Holidays('PL');
    set = new Set(
      calendar
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    holidaysByYear.set(year, set);
  }
  return set;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar day in Warsaw of an instant. */
export function warsawDay(at: Date): IsoDate {
  const t = new TZDate(at.getTime(), ZONE);
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
}

/** 'HH:MM' in Warsaw of an instant. */
export function warsawTime(at: Date): string {
  const t = new TZDate(at.getTime(), ZONE);
  return `${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** The instant of a Warsaw wall-clock time on a day. */
export function warsawInstant(day: IsoDate, hhmm: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, ZONE).getTime());
}

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: IsoDate): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return (wd === 0 ? 7 : wd) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

export function addCalendarDays(day: IsoDate, n: number): IsoDate {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

export function isWorkingDay(day: IsoDate): boolean {
  return isoWeekday(day) <= 5 && !publicHolidays(Number(day.slice(0, 4))).has(day);
}

/** The day N working days after `day` (N = 0: `day` itself if a working day, else the next one). */
export function addWorkingDays(day: IsoDate, n: number): IsoDate {
  let d = day;
  if (n === 0) {
    while (!isWorkingDay(d)) d = addCalendarDays(d, 1);
    return d;
  }
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Working days strictly after `from` up to and including `to`. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  let n = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

/**
 * The first moment at or after `at` when the office is open (a working day within its hours), so a
 * reminder is never due at night, on a weekend or a holiday. Falls back to `at` if the office never opens.
 */
export function nextOfficeMoment(at: Date, hours: OfficeHours): Date {
  const first = warsawDay(at);
  for (let i = 0, day = first; i < 366; i++, day = addCalendarDays(day, 1)) {
    const slot = hours[isoWeekday(day)];
    if (!slot || !isWorkingDay(day)) continue;
    const open = warsawInstant(day, slot.from);
    const close = warsawInstant(day, slot.to);
    if (at < open) return open;
    if (at < close) return at;
  }
  return at;
}

/** N working days after `from`, at the same Warsaw time of day, moved into office hours. */
export function workingDaysLater(from: Date, n: number, hours: OfficeHours): Date {
  const fromDay = warsawDay(from);
  const time = warsawTime(from);
  const subMinute = from.getTime() - warsawInstant(fromDay, time).getTime();
  const at = new Date(warsawInstant(addWorkingDays(fromDay, n), time).getTime() + subMinute);
  return nextOfficeMoment(at, hours);
}

/** A calendar day's office closing moment (or end of day if closed), for "due by the end of day X". */
export function endOfDay(day: IsoDate): Date {
  return new Date(warsawInstant(addCalendarDays(day, 1), '00:00').getTime() - 1000);
}

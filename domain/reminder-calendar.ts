// The working-day and office-hour rule as reminders use it. TEMPORARY home: the journey branch brings
// domain/working-days.ts (the project's one rule); when it lands on main this file becomes re-exports of
// it. Until then this is the only place in the reminders code that knows about Polish holidays.
import { TZDate } from '@date-fns/tz';
import Holidays from 'date-holidays';
import type { IsoDate, OfficeHours } from './types';

export const ZONE = 'Europe/Warsaw';

const holidaysByYear = new Map<number, Set<IsoDate>>();
let calendar: Holidays | undefined;

function publicHolidays(year: number): Set<IsoDate> {
  let set = holidaysByYear.get(year);
  if (!set) {
    calendar ??= new Holidays('PL');
    set = new Set(calendar.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    holidaysByYear.set(year, set);
  }
  return set;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function warsawDay(at: Date): IsoDate {
  const t = new TZDate(at.getTime(), ZONE);
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
}

function warsawTime(at: Date): string {
  const t = new TZDate(at.getTime(), ZONE);
  return `${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

export function warsawInstant(day: IsoDate, hhmm: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, ZONE).getTime());
}

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

function addWorkingDays(day: IsoDate, n: number): IsoDate {
  let d = day;
  for (let left = n; left > 0; ) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** The first moment at or after `at` when the office is open (a working day, within its hours). */
export function nextOfficeMoment(at: Date, hours: OfficeHours): Date {
  for (let i = 0, day = warsawDay(at); i < 366; i++, day = addCalendarDays(day, 1)) {
    const slot = hours[isoWeekday(day)];
    if (!slot || !isWorkingDay(day)) continue;
    const open = warsawInstant(day, slot.from);
    if (at < open) return open;
    if (at < warsawInstant(day, slot.to)) return at;
  }
  return at;
}

/** N working days after `from`, at the same Warsaw time of day, moved into office hours. */
export function workingDaysLater(from: Date, n: number, hours: OfficeHours): Date {
  return nextOfficeMoment(warsawInstant(addWorkingDays(warsawDay(from), n), warsawTime(from)), hours);
}

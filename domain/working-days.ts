// Working days and office hours of a Polish welfare centre: Monday to Friday without public holidays
// (tabulated from date-holidays in domain/holidays-pl.ts), in Europe/Warsaw. Bundle-safe and
// deterministic (no "now" inside: callers pass the instant), so a workflow computes its timers from
// workflow time. Days and times of instants come from ./warsaw-time.
import { PL_HOLIDAYS_FIRST_YEAR, PL_HOLIDAYS_LAST_YEAR, PL_PUBLIC_HOLIDAYS } from './holidays-pl';
import type { IsoDate, OfficeHours } from './types';
import { ZONE, zoneClock, type ZoneClock } from './warsaw-time';

const holidaysByYear = new Map<number, Set<IsoDate>>();

/** Public holidays (days off by law) of one year, as 'YYYY-MM-DD'. */
export function publicHolidays(year: number): Set<IsoDate> {
  let set = holidaysByYear.get(year);
  if (!set) {
    const days = PL_PUBLIC_HOLIDAYS[year];
    if (days === undefined) throw new RangeError(`Polish holidays are tabulated for ${PL_HOLIDAYS_FIRST_YEAR}-${PL_HOLIDAYS_LAST_YEAR}, not ${year}: extend scripts/holidays-pl.ts`);
    set = new Set(days.split(' ').map((d) => `${year}-${d}`));
    holidaysByYear.set(year, set);
  }
  return set;
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

/** Wall-clock arithmetic in one time zone: days, times and office moments of instants. */
export interface WallClock extends ZoneClock {
  /**
   * The first moment at or after `at` when the office is open (a working day within its hours), so a
   * reminder is never due at night, on a weekend or a holiday. Falls back to `at` if the office never opens.
   */
  nextOfficeMoment(at: Date, hours: OfficeHours): Date;
  /** N working days after `from`, at the same time of day, moved into office hours. */
  workingDaysLater(from: Date, n: number, hours: OfficeHours): Date;
  /** The last second of a calendar day, for "due by the end of day X". */
  endOfDay(day: IsoDate): Date;
}

export function wallClock(zone: string): WallClock {
  const clock: WallClock = {
    ...zoneClock(zone),
    nextOfficeMoment(at, hours) {
      for (let i = 0, day = clock.day(at); i < 366; i++, day = addCalendarDays(day, 1)) {
        const slot = hours[isoWeekday(day)];
        if (!slot || !isWorkingDay(day)) continue;
        const open = clock.instant(day, slot.from);
        if (at < open) return open;
        if (at < clock.instant(day, slot.to)) return at;
      }
      return at;
    },
    workingDaysLater(from, n, hours) {
      const fromDay = clock.day(from);
      const time = clock.time(from);
      const subMinute = from.getTime() - clock.instant(fromDay, time).getTime();
      return clock.nextOfficeMoment(new Date(clock.instant(addWorkingDays(fromDay, n), time).getTime() + subMinute), hours);
    },
    endOfDay: (day) => new Date(clock.instant(addCalendarDays(day, 1), '00:00').getTime() - 1000),
  };
  return clock;
}

/** The welfare centre's clock. */
export const warsaw = wallClock(ZONE);
export const { nextOfficeMoment, workingDaysLater, endOfDay } = warsaw;

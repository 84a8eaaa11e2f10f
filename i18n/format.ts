// One place that turns dates into what a Polish office reads: dd.mm.yyyy, Europe/Warsaw. The zone
// arithmetic is domain/warsaw-time's, the same the workflows use.
import { warsawDay, warsawInstant, warsawOffset, warsawTime, ZONE } from '../domain/warsaw-time';

export const TIME_ZONE = ZONE;

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' as dd.mm.yyyy. */
const dayMonthYear = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

/** A calendar day ('YYYY-MM-DD', no zone) or an instant, as dd.mm.yyyy in Warsaw. */
export function formatDate(value: Date | string | null | undefined): string {
  if (value == null || value === '') return '';
  if (typeof value === 'string' && CALENDAR_DAY.test(value)) return dayMonthYear(value);
  return dayMonthYear(warsawDay(new Date(value)));
}

/** An instant as dd.mm.yyyy HH:mm in Warsaw. */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (value == null || value === '') return '';
  const at = new Date(value);
  return `${dayMonthYear(warsawDay(at))} ${warsawTime(at)}`;
}

const TO_THE_SECOND = new Intl.DateTimeFormat('pl-PL', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** An instant to the second in Warsaw ('dd.mm.yyyy, HH:mm:ss'): the protocol's ranking ties are broken by it. */
export function formatInstant(value: Date | string): string {
  return TO_THE_SECOND.format(new Date(value));
}

/** Today's calendar day in Warsaw, 'YYYY-MM-DD' (for date inputs and comparisons). */
export function todayInWarsaw(now: Date = new Date()): string {
  return warsawDay(now);
}

/** The instant a Warsaw calendar day ('YYYY-MM-DD') begins, for filtering timestamps by day. */
export function startOfWarsawDay(day: string): Date {
  return warsawInstant(day, '00:00');
}

/** A `datetime-local` value ('YYYY-MM-DDTHH:mm', Warsaw wall time) as an ISO instant with its offset. */
export function warsawLocalToIso(value: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  if (!m) return undefined;
  const at = warsawInstant(m[1]!, m[2]!);
  return `${warsawDay(at)}T${warsawTime(at)}:00.000${warsawOffset(at)}`;
}

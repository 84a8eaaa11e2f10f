// One place that turns dates into what a Polish office reads: dd.mm.yyyy, Europe/Warsaw.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

export const TIME_ZONE = 'Europe/Warsaw';

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day ('YYYY-MM-DD', no zone) or an instant, as dd.mm.yyyy in Warsaw. */
export function formatDate(value: Date | string | null | undefined): string {
  if (value == null || value === '') return '';
  if (typeof value === 'string') {
    const m = CALENDAR_DAY.exec(value);
    if (m) return `${m[3]}.${m[2]}.${m[1]}`;
  }
  return format(new TZDate(new Date(value), TIME_ZONE), 'dd.MM.yyyy');
}

/** An instant as dd.mm.yyyy HH:mm in Warsaw. */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (value == null || value === '') return '';
  return format(new TZDate(new Date(value), TIME_ZONE), 'dd.MM.yyyy HH:mm');
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
  return format(new TZDate(now, TIME_ZONE), 'yyyy-MM-dd');
}

/** The instant a Warsaw calendar day ('YYYY-MM-DD') begins, for filtering timestamps by day. */
export function startOfWarsawDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 0, 0, 0, TIME_ZONE).getTime());
}

/** A `datetime-local` value ('YYYY-MM-DDTHH:mm', Warsaw wall time) as an ISO instant with its offset. */
export function warsawLocalToIso(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return new TZDate(y, mo - 1, d, h, mi, 0, TIME_ZONE).toISOString();
}

// Europe/Warsaw wall-clock time, for everything that says "which day" or "what time" (workflows, activities,
// services, views). Bundle-safe: offsets come from tzOffset (Intl only), because TZDate subclasses Date and
// inside Temporal's workflow sandbox (its own Date) it silently computes in UTC (the journey's
// `warsaw-wall-clock` patch). A clock for any zone exists only for that patch's legacy UTC clock.
import { tzOffset } from '@date-fns/tz';
import type { IsoDate } from './types';

export const ZONE = 'Europe/Warsaw';

const MINUTE = 60_000;

/** Days and times of instants in one time zone, and back. */
export interface ZoneClock {
  day(at: Date): IsoDate;
  /** 'HH:MM' of an instant. */
  time(at: Date): string;
  /** The instant of a wall-clock time on a day. */
  instant(day: IsoDate, hhmm: string): Date;
}

export function zoneClock(zone: string): ZoneClock {
  const local = (at: Date) => new Date(at.getTime() + tzOffset(zone, at) * MINUTE).toISOString();
  return {
    day: (at) => local(at).slice(0, 10),
    time: (at) => local(at).slice(11, 16),
    instant(day, hhmm) {
      const wall = Date.parse(`${day}T${hhmm}:00Z`);
      // The offset at the wall time read as UTC is off by at most one DST shift; the second pass fixes it.
      const guess = wall - tzOffset(zone, new Date(wall)) * MINUTE;
      return new Date(wall - tzOffset(zone, new Date(guess)) * MINUTE);
    },
  };
}

export const { day: warsawDay, time: warsawTime, instant: warsawInstant } = zoneClock(ZONE);

/** Warsaw's offset from UTC at an instant, '+01:00' or '+02:00'. */
export function warsawOffset(at: Date): string {
  const minutes = tzOffset(ZONE, at);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

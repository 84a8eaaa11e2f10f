// Data protection rules (pure): when a project's personal data are due for anonymization, and what an
// anonymized person keeps so that the indicators stay exactly as they were.
import { ageOn } from './indicators';
import type { IsoDate } from './types';

/** The first day on which the project's participants are anonymized: the end plus the retention years. */
export function anonymizationDueOn(endsOn: IsoDate, retentionYears: number): IsoDate {
  const [y, m, d] = endsOn.split('-').map(Number) as [number, number, number];
  // 29 February in a non-leap year becomes 1 March (the period is not shortened).
  const due = new Date(Date.UTC(y + retentionYears, m - 1, d));
  return due.toISOString().slice(0, 10);
}

/**
 * A birth date that reveals only what the indicators use: the age at the start of participation (they
 * compare it with the adult age). Without a start, only the birth year is kept.
 */
export function anonymizedBirthDate(birthDate: IsoDate, startedOn: IsoDate | null): IsoDate {
  if (!startedOn) return `${birthDate.slice(0, 4)}-01-01`;
  const age = ageOn(birthDate, startedOn);
  const [sy, sm, sd] = startedOn.split('-') as [string, string, string];
  const year = String(Number(sy) - age).padStart(4, '0');
  // Born "on" 29 February of a year that has none: the 28th keeps the same age on the start day.
  const day = sm === '02' && sd === '29' && !isLeap(Number(year)) ? '28' : sd;
  return `${year}-${sm}-${day}`;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Free-text keys removed from event payloads and follow-up answers (they may name or describe the person). */
export const FREE_TEXT_KEYS = ['note', 'opinion', 'evidence', 'comment'] as const;

/** The grounds of art. 17(1) GDPR an erasure rests on (c: an objection; d: processed unlawfully). */
export const ERASURE_GROUNDS = ['no_longer_needed', 'consent_withdrawn', 'objection', 'unlawful'] as const;

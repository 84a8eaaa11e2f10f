// PESEL: the Polish national ID number. 11 digits YYMMDDZZZXQ: birth date (the century is coded in the
// month: +80 for the 1800s, +0 1900s, +20 2000s, +40 2100s, +60 2200s), a serial, the sex digit
// (odd = man, even = woman) and a check digit. Pure, bundle-safe.
import type { IsoDate, Sex } from './types';

const WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
const CENTURY_BY_OFFSET: Record<number, number> = { 80: 1800, 0: 1900, 20: 2000, 40: 2100, 60: 2200 };

export interface PeselFacts {
  birthDate: IsoDate;
  sex: Sex;
}

export const PESEL_ERRORS = ['format', 'check_digit', 'birth_date', 'birth_date_mismatch', 'sex_mismatch'] as const;
export type PeselError = (typeof PESEL_ERRORS)[number];

/** What to tell a person about a PESEL error: its word-book key (i18n/refusals.ts). */
export const peselMessage = (error: PeselError) => ({ key: `refusal.pesel.${error}` as const });

export function peselCheckDigit(first10: string): number {
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(first10[i]), 0);
  return (10 - (sum % 10)) % 10;
}

/** The birth date and sex a PESEL encodes, or why it is not a valid PESEL. */
export function parsePesel(pesel: string): { ok: true; facts: PeselFacts } | { ok: false; error: PeselError } {
  if (!/^\d{11}$/.test(pesel)) return { ok: false, error: 'format' };
  if (peselCheckDigit(pesel) !== Number(pesel[10])) return { ok: false, error: 'check_digit' };
  const yy = Number(pesel.slice(0, 2));
  const mmCoded = Number(pesel.slice(2, 4));
  const dd = Number(pesel.slice(4, 6));
  const offset = Math.floor((mmCoded - 1) / 20) * 20;
  const century = CENTURY_BY_OFFSET[offset];
  const month = mmCoded - offset;
  if (century === undefined || month < 1 || month > 12) return { ok: false, error: 'birth_date' };
  const year = century + yy;
  const date = new Date(Date.UTC(year, month - 1, dd));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== dd) return { ok: false, error: 'birth_date' };
  const birthDate = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
  const sex = Number(pesel[9]) % 2 === 1 ? 'M' : 'K';
  return { ok: true, facts: { birthDate, sex } };
}

/** Checks a PESEL and, when given, that the form's birth date and sex agree with it. */
export function checkPesel(pesel: string, form: { birthDate?: IsoDate; sex?: Sex } = {}): PeselError[] {
  const parsed = parsePesel(pesel);
  if (!parsed.ok) return [parsed.error];
  const errors: PeselError[] = [];
  if (form.birthDate !== undefined && form.birthDate !== parsed.facts.birthDate) errors.push('birth_date_mismatch');
  if (form.sex !== undefined && form.sex !== parsed.facts.sex) errors.push('sex_mismatch');
  return errors;
}

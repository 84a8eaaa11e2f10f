// Corrections of a participant's own data (GDPR art. 16): which fields can be corrected, the column each
// one is kept in, and how its value reads as text (the corrections table keeps old and new as text).
// Pure and bundle-safe: the journey's Update, its activity and the service share it. A field the record
// gains goes into this table, and the form, the API and the timeline offer it.
import type { Education } from './participant-data';
import type { LabourStatus, Sex } from './types';

export interface CorrectableValues {
  firstName: string;
  lastName: string;
  pesel: string;
  birthDate: string;
  sex: Sex;
  disability: boolean;
  targetGroup: string | null;
  labourStatus: LabourStatus | null;
  phone: string | null;
  email: string | null;
  education: Education | null;
}
export type CorrectableField = keyof CorrectableValues;
/** The fields a correction changes, with their new values. */
export type CorrectionChanges = Partial<CorrectableValues>;

/** Field -> applications column, in the order the form and the timeline show them. */
export const CORRECTABLE_COLUMNS = {
  firstName: 'first_name',
  lastName: 'last_name',
  pesel: 'pesel',
  birthDate: 'birth_date',
  sex: 'sex',
  disability: 'disability',
  targetGroup: 'target_group',
  labourStatus: 'labour_status',
  phone: 'phone',
  email: 'email',
  education: 'education',
} as const satisfies Record<CorrectableField, string>;
export const CORRECTABLE_FIELDS = Object.keys(CORRECTABLE_COLUMNS) as CorrectableField[];

/** Fields the recruitment round ranks and counts quotas by: a change of one of them is told to the round. */
export const ROUND_FIELDS: readonly CorrectableField[] = ['sex', 'disability', 'targetGroup'];
/** Fields the PESEL encodes or is checked against. */
export const PESEL_FIELDS: readonly CorrectableField[] = ['pesel', 'birthDate', 'sex'];

/** A value as the corrections table keeps it. */
export function correctionText(v: CorrectableValues[CorrectableField] | undefined): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'boolean' ? String(v) : v;
}

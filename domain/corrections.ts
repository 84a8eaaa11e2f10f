// Corrections of a participant's own data (GDPR art. 16): which fields can be corrected, the columns each
// one is kept in, and how its value reads as text (the corrections table keeps old and new as text).
// Pure and bundle-safe: the journey's Update, its activity and the service share it. A field the record
// gains goes into this table, and the form, the API and the timeline offer it. The address is one field
// kept in several columns (ADDRESS_COLUMNS); its text is the one line a person reads.
import type { Education } from './participant-data';
import type { Degurba } from './teryt';
import type { LabourStatus, Sex } from './types';

/** The address as the record keeps it: TERYT's names and the DEGURBA class (null: not given). */
export interface CorrectableAddress {
  country: string;
  voivodeship: string;
  county: string;
  commune: string;
  locality: string;
  street: string | null;
  building: string;
  flat: string | null;
  postcode: string;
  degurba: Degurba | null;
}

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
  address: CorrectableAddress | null;
}
export type CorrectableField = keyof CorrectableValues;
/** Fields kept in one column each. */
export type ScalarField = Exclude<CorrectableField, 'address'>;
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
} as const satisfies Record<ScalarField, string>;

/** The address's parts -> applications columns (migration 0021). */
export const ADDRESS_COLUMNS = {
  country: 'address_country',
  voivodeship: 'address_voivodeship',
  county: 'address_county',
  commune: 'address_commune',
  locality: 'address_locality',
  street: 'address_street',
  building: 'address_building',
  flat: 'address_flat',
  postcode: 'address_postcode',
  degurba: 'degurba',
} as const satisfies Record<keyof CorrectableAddress, string>;

const SCALAR_FIELDS = Object.keys(CORRECTABLE_COLUMNS) as ScalarField[];
export const CORRECTABLE_FIELDS: CorrectableField[] = [...SCALAR_FIELDS, 'address'];
/** Every column a correction reads or writes. */
export const CORRECTION_COLUMNS = [...Object.values(CORRECTABLE_COLUMNS), ...Object.values(ADDRESS_COLUMNS)];

type Row = Record<string, unknown>;

/** The correctable values of an applications row (selected with CORRECTION_COLUMNS). */
export function correctableValues(row: Row): CorrectableValues {
  const values = Object.fromEntries(SCALAR_FIELDS.map((f) => [f, row[CORRECTABLE_COLUMNS[f]]])) as Omit<CorrectableValues, 'address'>;
  const a = Object.fromEntries(Object.entries(ADDRESS_COLUMNS).map(([k, c]) => [k, row[c] ?? null])) as Record<keyof CorrectableAddress, unknown>;
  const address = a.locality && a.building && a.postcode ? ({ ...a, country: a.country ?? 'Polska', voivodeship: a.voivodeship ?? '', county: a.county ?? '', commune: a.commune ?? '' } as CorrectableAddress) : null;
  return { ...values, address };
}

/** The columns a field's new value is written to. */
export function correctionColumns(field: CorrectableField, v: CorrectableValues[CorrectableField] | undefined): Row {
  if (field !== 'address') return { [CORRECTABLE_COLUMNS[field]]: v ?? null };
  const a = (v ?? null) as CorrectableAddress | null;
  return Object.fromEntries(Object.entries(ADDRESS_COLUMNS).map(([k, c]) => [c, a ? (a[k as keyof CorrectableAddress] ?? null) : null]));
}

/** The address in one line, as the timeline and the corrections table show it. */
export function addressLine(a: CorrectableAddress): string {
  const number = a.flat ? `${a.building}/${a.flat}` : a.building;
  const street = a.street ? `${a.street} ${number}` : `${a.locality} ${number}`;
  const place = [`gm. ${a.commune}`, `pow. ${a.county}`, a.voivodeship, ...(a.degurba ? [`DEGURBA ${a.degurba}`] : [])].join(', ');
  return `${street}, ${a.postcode} ${a.locality} (${place})`;
}

/** Fields the recruitment round ranks and counts quotas by: a change of one of them is told to the round. */
export const ROUND_FIELDS: readonly CorrectableField[] = ['sex', 'disability', 'targetGroup'];
/** Fields the PESEL encodes or is checked against. */
export const PESEL_FIELDS: readonly CorrectableField[] = ['pesel', 'birthDate', 'sex'];

/** A value as the corrections table keeps it. */
export function correctionText(v: CorrectableValues[CorrectableField] | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return addressLine(v);
  return typeof v === 'boolean' ? String(v) : v;
}

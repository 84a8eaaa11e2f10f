// The participant's monitoring data between its one schema (domain/participant-data.ts), the database's
// columns (migration 0021) and the panel's form: the application's insert, the record read back (exports,
// letters), a field's message in the caller's language, the form's fields in the API's shape.
import type { z } from 'zod';
import type { ApplicationRow } from '../../db/schema';
import type { FieldError } from '../../domain/errors';
import {
  DISADVANTAGE_FLAGS, isParticipantDataMessage, normalizedAddress,
  type Address, type Answer, type Citizenship, type DisadvantageFlag, type Education, type EmployerKind, type Occupation, type StatusDetail,
} from '../../domain/participant-data';
import type { Degurba } from '../../domain/teryt';
import { translator, type MessageKey } from '../../i18n';

const pl = translator('pl');

/** A zod issue as a field error: a 'pd.*' key answers in the caller's language, the panel reads Polish. */
export function fieldIssue(i: z.core.$ZodIssue): FieldError {
  const field = i.path.join('.');
  if (isParticipantDataMessage(i.message) && pl.has(i.message)) {
    const key = i.message as MessageKey;
    return { field, message: pl(key), text: { key } };
  }
  return { field, message: i.message };
}

/** What the application schema's output carries of the monitoring data. */
export interface ParticipantDataInput {
  address?: Address | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  education?: Education | undefined;
  labourStatusDetail?: StatusDetail | undefined;
  occupation?: Occupation | undefined;
  employerKind?: EmployerKind | undefined;
  employerName?: string | undefined;
  citizenship?: Citizenship | undefined;
  disadvantage?: Record<DisadvantageFlag, Answer> | undefined;
  disabilityRefused?: boolean | undefined;
  guardian?: { firstName: string; lastName: string; phone?: string | undefined } | undefined;
}

const FLAG_COLUMNS = { minority: 'minority', foreignOrigin: 'foreign_origin', homeless: 'homeless', otherDisadvantage: 'other_disadvantage' } as const satisfies Record<DisadvantageFlag, string>;

/** The columns of the application's row (TERYT's names and the DEGURBA class the list gives). */
export function participantDataColumns(v: ParticipantDataInput) {
  const a = v.address ? normalizedAddress(v.address) : undefined;
  return {
    address_country: a?.country ?? null,
    address_voivodeship: a?.voivodeship ?? null,
    address_county: a?.county ?? null,
    address_commune: a?.commune ?? null,
    address_locality: a?.locality ?? null,
    address_street: a?.street || null,
    address_building: a?.building ?? null,
    address_flat: a?.flat || null,
    address_postcode: a?.postcode ?? null,
    degurba: a?.degurba ?? null,
    phone: v.phone ?? null,
    email: v.email ?? null,
    education: v.education ?? null,
    labour_status_detail: v.labourStatusDetail ?? null,
    occupation: v.occupation ?? null,
    employer_kind: v.employerKind ?? null,
    employer_name: v.employerName || null,
    citizenship: v.citizenship ?? null,
    ...Object.fromEntries(DISADVANTAGE_FLAGS.map((f) => [FLAG_COLUMNS[f], v.disadvantage?.[f] ?? null])) as Record<(typeof FLAG_COLUMNS)[DisadvantageFlag], Answer | null>,
    disability_refused: v.disabilityRefused ?? false,
    guardian_first_name: v.guardian?.firstName ?? null,
    guardian_last_name: v.guardian?.lastName ?? null,
    guardian_phone: v.guardian?.phone ?? null,
  };
}

export type ParticipantDataRow = Pick<ApplicationRow, keyof ReturnType<typeof participantDataColumns>>;
export const PARTICIPANT_DATA_COLUMNS = Object.keys(participantDataColumns({})) as Array<keyof ParticipantDataRow>;

/** The address as printed and exported, from the row (null: none recorded). */
export interface StoredAddress {
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

export function storedAddress(r: ParticipantDataRow): StoredAddress | null {
  if (!r.address_locality || !r.address_postcode || !r.address_building) return null;
  return {
    country: r.address_country ?? 'Polska',
    voivodeship: r.address_voivodeship ?? '',
    county: r.address_county ?? '',
    commune: r.address_commune ?? '',
    locality: r.address_locality,
    street: r.address_street,
    building: r.address_building,
    flat: r.address_flat,
    postcode: r.address_postcode,
    degurba: r.degurba,
  };
}

/** The flag's answer as stored. */
export const flagOf = (r: ParticipantDataRow, f: DisadvantageFlag): Answer | null => r[FLAG_COLUMNS[f]];

/**
 * The panel's form fields (flat names: `address.postcode`, `disadvantage.homeless`, `guardian.firstName`)
 * in the API's shape; an address left wholly empty is absent, as are the guardian and the flags.
 */
export function formToParticipantData(form: Record<string, string | undefined>): Record<string, unknown> {
  const str = (k: string) => form[k]?.trim() || undefined;
  const group = (prefix: string, keys: readonly string[]) => {
    const o = Object.fromEntries(keys.map((k) => [k, str(`${prefix}.${k}`)]).filter(([, v]) => v !== undefined));
    return Object.keys(o).length ? o : undefined;
  };
  const address = group('address', ['voivodeship', 'county', 'commune', 'locality', 'street', 'building', 'flat', 'postcode', 'degurba']);
  if (address?.degurba) address.degurba = Number(address.degurba);
  const answer = str('disabilityAnswer');
  return {
    address,
    phone: str('phone'),
    email: str('email'),
    education: str('education'),
    labourStatusDetail: str('labourStatusDetail'),
    occupation: str('occupation'),
    employerKind: str('employerKind'),
    employerName: str('employerName'),
    citizenship: str('citizenship'),
    disadvantage: group('disadvantage', DISADVANTAGE_FLAGS),
    guardian: group('guardian', ['firstName', 'lastName', 'phone']),
    ...(answer ? { disability: answer === 'yes', disabilityRefused: answer === 'refused' } : {}),
  };
}

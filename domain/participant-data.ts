// The participant's monitoring data (the scope SL2014 and SM EFS report): address checked against the
// TERYT list (domain/teryt.ts) with the DEGURBA class it gives, contact, education (ISCED), the
// labour-market status's "w tym", occupation and employer for the working, the sensitive flags with
// "refused to answer", citizenship, and the parent or guardian who signs for a minor. One shape for the
// API's body and the panel's form (spread into the application schema); messages are word-book keys
// ('pd.*'), which the services turn into the caller's language. The codes and their export labels are
// kept here in one table each, so a label the monitoring system spells otherwise is corrected in one place.
import { z } from 'zod';
import { ageOn } from './indicators';
import { TERYT_LISTS, type Degurba } from './teryt';
import type { IsoDate, LabourStatus } from './types';

/** The codes of a closed list (its keys), typed as the list's own. */
const codesOf = <T extends object>(list: T) => Object.keys(list) as (keyof T & string)[];

export const VOIVODESHIPS = [
  'dolnośląskie', 'kujawsko-pomorskie', 'lubelskie', 'lubuskie', 'łódzkie', 'małopolskie', 'mazowieckie', 'opolskie',
  'podkarpackie', 'podlaskie', 'pomorskie', 'śląskie', 'świętokrzyskie', 'warmińsko-mazurskie', 'wielkopolskie', 'zachodniopomorskie',
] as const;

/** Education (ISCED), as SL2014 names the levels; SM EFS groups them in three (EDUCATION_SMEFS). */
export const EDUCATION = {
  isced0: 'niższe niż podstawowe (ISCED 0)',
  isced1: 'podstawowe (ISCED 1)',
  isced2: 'gimnazjalne (ISCED 2)',
  isced3: 'ponadgimnazjalne (ISCED 3)',
  isced4: 'policealne (ISCED 4)',
  isced5_8: 'wyższe (ISCED 5-8)',
} as const;
export type Education = keyof typeof EDUCATION;
export const EDUCATION_LEVELS = codesOf(EDUCATION);
export const EDUCATION_SMEFS: Record<Education, string> = {
  isced0: 'podstawowe, gimnazjalne i niższe (ISCED 0-2)',
  isced1: 'podstawowe, gimnazjalne i niższe (ISCED 0-2)',
  isced2: 'podstawowe, gimnazjalne i niższe (ISCED 0-2)',
  isced3: 'ponadgimnazjalne (ISCED 3) lub policealne (ISCED 4)',
  isced4: 'ponadgimnazjalne (ISCED 3) lub policealne (ISCED 4)',
  isced5_8: 'wyższe (ISCED 5-8)',
};

/** "W tym" of the unemployed and the inactive; the working give the employer's kind instead. */
export const STATUS_DETAILS = {
  long_term: 'osoba długotrwale bezrobotna',
  not_in_education: 'osoba nieuczestnicząca w kształceniu lub szkoleniu',
  learning: 'osoba ucząca się',
  other: 'inne',
} as const;
export type StatusDetail = keyof typeof STATUS_DETAILS;
export const STATUS_DETAIL_CODES = codesOf(STATUS_DETAILS);
/** Which "w tym" a status allows. */
export const DETAILS_OF: Record<Exclude<LabourStatus, 'employed'>, readonly StatusDetail[]> = {
  unemployed_registered: ['long_term', 'other'],
  unemployed_unregistered: ['long_term', 'other'],
  inactive: ['not_in_education', 'learning', 'other'],
};

export const EMPLOYER_KINDS = {
  self_employed: 'osoba prowadząca działalność na własny rachunek',
  government: 'osoba pracująca w administracji rządowej',
  local_government: 'osoba pracująca w administracji samorządowej',
  sme: 'osoba pracująca w MMŚP',
  ngo: 'osoba pracująca w organizacji pozarządowej',
  large: 'osoba pracująca w dużym przedsiębiorstwie',
  other: 'inne',
} as const;
export type EmployerKind = keyof typeof EMPLOYER_KINDS;
export const EMPLOYER_KIND_CODES = codesOf(EMPLOYER_KINDS);

/** Wykonywany zawód: the monitoring system's closed list. */
export const OCCUPATIONS = {
  vocational_instructor: 'instruktor praktycznej nauki zawodu',
  general_teacher: 'nauczyciel kształcenia ogólnego',
  preschool_teacher: 'nauczyciel wychowania przedszkolnego',
  vocational_teacher: 'nauczyciel kształcenia zawodowego',
  health: 'pracownik instytucji systemu ochrony zdrowia',
  social_assistance: 'kluczowy pracownik instytucji pomocy i integracji społecznej',
  labour_market: 'pracownik instytucji rynku pracy',
  higher_education: 'pracownik instytucji szkolnictwa wyższego',
  family_support: 'pracownik instytucji systemu wspierania rodziny i pieczy zastępczej',
  social_economy: 'pracownik ośrodka wsparcia ekonomii społecznej',
  counselling: 'pracownik poradni psychologiczno-pedagogicznej',
  farmer: 'rolnik',
  other: 'inny',
} as const;
export type Occupation = keyof typeof OCCUPATIONS;
export const OCCUPATION_CODES = codesOf(OCCUPATIONS);

export const CITIZENSHIPS = {
  polish: 'obywatelstwo polskie',
  eu: 'brak polskiego obywatelstwa – obywatel kraju UE',
  third_country: 'brak polskiego obywatelstwa lub UE',
  stateless: 'bezpaństwowiec',
} as const;
export type Citizenship = keyof typeof CITIZENSHIPS;
export const CITIZENSHIP_CODES = codesOf(CITIZENSHIPS);

/** A sensitive question's answer: refusing is allowed. */
export const ANSWERS = { yes: 'Tak', no: 'Nie', refused: 'Odmowa podania informacji' } as const;
export type Answer = keyof typeof ANSWERS;
export const ANSWER_CODES = codesOf(ANSWERS);
export const DISADVANTAGE_FLAGS = ['minority', 'foreignOrigin', 'homeless', 'otherDisadvantage'] as const;
export type DisadvantageFlag = (typeof DISADVANTAGE_FLAGS)[number];

export const DEGURBA: Record<Degurba, string> = {
  1: '1 - miejski (gęsto zaludnione)',
  2: '2 - miejsko-wiejski (pośredni)',
  3: '3 - wiejski (słabo zaludnione)',
};

const required = { error: 'pd.required' };
/**
 * Required text: not empty and not too long as sent (what the API's document states), then not blank once
 * trimmed (a rule beyond the document: the API answers 422).
 */
const filled = (max: number) =>
  z
    .string(required)
    .min(1, { error: 'pd.required', abort: true })
    .max(max, { error: 'pd.tooLong', abort: true })
    .trim()
    .refine((v) => v.length > 0, 'pd.required');
const optionalName = (max: number) => z.string().trim().max(max, 'pd.tooLong').optional();

export const addressSchema = z.object({
  country: z.string().trim().min(1, 'pd.required').max(60, 'pd.tooLong').default('Polska'),
  voivodeship: z.enum(VOIVODESHIPS, { error: 'pd.voivodeship' }),
  county: filled(60),
  commune: filled(60),
  locality: filled(80),
  street: optionalName(100),
  building: filled(10),
  flat: z.string().trim().max(10, 'pd.tooLong').optional(),
  postcode: z.string(required).trim().regex(/^\d{2}-\d{3}$/, 'pd.postcode'),
  /** Asked only where the TERYT list gives no class for the commune. */
  degurba: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'pd.degurba' }).optional(),
});
export type AddressInput = z.input<typeof addressSchema>;
export type Address = z.output<typeof addressSchema>;

const PHONE = /^\+?[0-9][0-9 -]{7,18}[0-9]$/;
const digits = (v: string) => v.replace(/\D/g, '').length;

export const guardianSchema = z.object({ firstName: filled(100), lastName: filled(100), phone: z.string().trim().regex(PHONE, 'pd.phone').optional() });

/** The fields, spread into the application's object schema (the API's body and the service's schema). */
export const participantDataShape = {
  address: addressSchema.optional(),
  phone: z.string().trim().regex(PHONE, 'pd.phone').refine((v) => digits(v) >= 9 && digits(v) <= 15, 'pd.phone').optional(),
  // The import validators refuse diacritics in an address: ASCII only.
  email: z.email('pd.email').max(254, 'pd.tooLong').optional(),
  education: z.enum(EDUCATION_LEVELS, { error: 'pd.education' }).optional(),
  labourStatusDetail: z.enum(STATUS_DETAIL_CODES, { error: 'pd.statusDetail' }).optional(),
  occupation: z.enum(OCCUPATION_CODES, { error: 'pd.occupation' }).optional(),
  employerKind: z.enum(EMPLOYER_KIND_CODES, { error: 'pd.employerKind' }).optional(),
  employerName: optionalName(200),
  citizenship: z.enum(CITIZENSHIP_CODES, { error: 'pd.citizenship' }).optional(),
  disadvantage: z
    .object(Object.fromEntries(DISADVANTAGE_FLAGS.map((f) => [f, z.enum(ANSWER_CODES, { error: 'pd.answer' })])) as Record<DisadvantageFlag, z.ZodEnum<{ [K in Answer]: K }>>)
    .optional(),
  /** Refused to say whether they have a disability (then `disability` is false). */
  disabilityRefused: z.boolean().optional(),
  guardian: guardianSchema.optional(),
};

export interface ParticipantDataFacts {
  address?: Address | undefined;
  education?: Education | undefined;
  labourStatus?: LabourStatus | null | undefined;
  labourStatusDetail?: StatusDetail | undefined;
  occupation?: Occupation | undefined;
  employerKind?: EmployerKind | undefined;
  citizenship?: Citizenship | undefined;
  disadvantage?: Record<DisadvantageFlag, Answer> | undefined;
  disability?: boolean | undefined;
  disabilityRefused?: boolean | undefined;
  guardian?: unknown;
  birthDate: string;
  /** The day the application was received (the age that asks for a guardian). */
  receivedOn: IsoDate;
}

const strip = (s: string) => s.trim().toLocaleLowerCase('pl').replace(/^(powiat|gmina|m\.|miasto)\s+/, '');

/** The county and commune as TERYT names them, and the DEGURBA class the list gives (null: not listed). */
export function terytPlace(a: Pick<Address, 'voivodeship' | 'county' | 'commune'>): { county: string; commune: string; degurba: Degurba | null } | 'county' | 'commune' | null {
  const counties = TERYT_LISTS[a.voivodeship];
  if (!counties) return null;
  const county = counties.find((c) => strip(c.name) === strip(a.county));
  if (!county) return 'county';
  const commune = county.communes.map((c) => (typeof c === 'string' ? [c, null] as const : c)).find(([n]) => strip(n) === strip(a.commune));
  if (!commune) return 'commune';
  return { county: county.name, commune: commune[0], degurba: commune[1] };
}

/** The address as stored: TERYT's names, the DEGURBA class from the list (else the one given). */
export function normalizedAddress(a: Address): Address & { degurba: Degurba | undefined } {
  const place = terytPlace(a);
  if (!place || typeof place === 'string') return { ...a, degurba: a.degurba };
  return { ...a, county: place.county, commune: place.commune, degurba: place.degurba ?? a.degurba };
}

/**
 * The cross-field rules, for the schema's superRefine. A record without an address (an older client, an
 * application taken before the data are collected) is accepted as before; once the address is given the
 * monitoring record is checked as a whole.
 */
export function checkParticipantData(v: ParticipantDataFacts, ctx: z.RefinementCtx) {
  const issue = (path: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (v.address) {
    const place = terytPlace(v.address);
    if (place === 'county') issue(['address', 'county'], 'pd.countyUnknown');
    else if (place === 'commune') issue(['address', 'commune'], 'pd.communeUnknown');
    else if ((place === null || place.degurba === null) && v.address.degurba === undefined) issue(['address', 'degurba'], 'pd.degurbaRequired');
    if (!v.education) issue(['education'], 'pd.required');
    if (!v.citizenship) issue(['citizenship'], 'pd.required');
    if (!v.disadvantage) issue(['disadvantage'], 'pd.required');
    if (/^[0-9]{2}/.test(v.birthDate) && ageOn(v.birthDate, v.receivedOn) < 18 && !v.guardian) issue(['guardian'], 'pd.guardianRequired');
  }
  if (v.disabilityRefused && v.disability) issue(['disabilityRefused'], 'pd.disabilityRefused');
  const status = v.labourStatus;
  if (status === 'employed') {
    if (v.labourStatusDetail) issue(['labourStatusDetail'], 'pd.statusDetail');
    if (v.address && !v.occupation) issue(['occupation'], 'pd.required');
    if (v.address && !v.employerKind) issue(['employerKind'], 'pd.required');
  } else {
    if (v.occupation) issue(['occupation'], 'pd.onlyWorking');
    if (v.employerKind) issue(['employerKind'], 'pd.onlyWorking');
    if (status && v.labourStatusDetail && !DETAILS_OF[status].includes(v.labourStatusDetail)) issue(['labourStatusDetail'], 'pd.statusDetail');
    if (status && v.address && !v.labourStatusDetail) issue(['labourStatusDetail'], 'pd.required');
    if (!status && v.labourStatusDetail) issue(['labourStatusDetail'], 'pd.statusDetail');
  }
}

/** The SL2014 single flag "mniejszość, migrant, obcego pochodzenia" from the two questions. */
export function minorityOrMigrant(d: Record<DisadvantageFlag, Answer>): Answer {
  if (d.minority === 'yes' || d.foreignOrigin === 'yes') return 'yes';
  return d.minority === 'refused' || d.foreignOrigin === 'refused' ? 'refused' : 'no';
}

/** Whether a message is one of this module's word-book keys. */
export const isParticipantDataMessage = (m: string) => m.startsWith('pd.');

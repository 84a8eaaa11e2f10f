// Project configuration: configured data, never code. The zod schemas are the one definition of a valid
// project; the services parse with them and turn issues into Polish field errors (see parseOrFail).
import { z } from 'zod';
import { eligibilityRulesSchema } from './eligibility';
import { AppError, type FieldError } from './errors';
import { supportCatalogueOf } from './support-forms';
import { CHECK_MODES, type RegulationChecks } from './intake-checks';
import { EMPLOYMENT_CONTRACTS, QUOTA_FIELDS, SUPPORT_FORM_KINDS, type Budget, type Criterion, type EmploymentContract, type OfficeHours, type ProjectRules, type Quota, type SupportForm, type TargetGroup } from './types';
import type { EscalationChain } from './reminders';

export interface IndicatorTargets {
  /** Free-form targets keyed by indicator code, e.g. { supported: 60, qualifications: 21 }. */
  [code: string]: number;
}

/** Who belongs to an efficiency group; a person counts in every group they belong to. */
export type GroupMembers = 'all' | 'disability' | 'no_disability' | 'women' | { targetGroup: string };

/**
 * How a group's efficiency is judged (the calls differ): separate minimums for social and employment
 * efficiency (e.g. 34% and 25%), or a combined minimum of people with social progress or work that must
 * include an employment minimum (e.g. 56% including 22%).
 */
export type EfficiencyFormula =
  /** A null minimum: the project's documents set none ("brak progu"); measured, never judged. */
  | { kind: 'separate'; social: number | null; employment: number | null }
  | { kind: 'combined'; total: number; employment: number };

export interface EfficiencyGroup {
  code: string;
  label: { pl: string; en: string };
  members: GroupMembers;
  formula: EfficiencyFormula;
}

/** The indicators people under the adult age at entry may be left out of (qualifications never are). */
export const ADULT_ONLY_INDICATORS = ['jobSeeking', 'working', 'employment'] as const;
export type AdultOnlyIndicator = (typeof ADULT_ONLY_INDICATORS)[number];

/** How the project counts its indicators (thresholds, windows, formulas): configuration, never constants. */
export interface IndicatorConfig {
  /** Days after the end within which the result indicators are measured (4 weeks). */
  resultWindowDays: number;
  /** Months after the end within which efficiency is measured (3). */
  efficiencyWindowMonths: number;
  /** Age at entry from which a person counts for the adult-only indicators. */
  adultAge: number;
  /** Indicators people under adultAge at entry do not count for (they still count as supported and for qualifications). */
  adultOnly: AdultOnlyIndicator[];
  /** Which kinds of work count for employment efficiency. */
  employmentContracts: EmploymentContract[];
  efficiencyGroups: EfficiencyGroup[];
}

/** What the indicator headings name: the windows and the age of majority. */
export type IndicatorWindows = Pick<IndicatorConfig, 'resultWindowDays' | 'efficiencyWindowMonths' | 'adultAge'>;

export interface ProjectConfig {
  targetGroups: TargetGroup[];
  quotas: Quota[];
  supportCatalogue: SupportForm[];
  /** Targets by indicator code: supported, supportedDisabled, supportedWomen, qualifications, jobSeeking, working. */
  indicatorTargets: IndicatorTargets;
  /** Absent: DEFAULT_INDICATOR_CONFIG. */
  indicators?: IndicatorConfig;
  budget?: Budget;
  /** Years after the project's end during which participants' personal data are kept; then anonymized. Absent: kept. */
  retentionYears?: number;
  /** The attendance rules (80% of planned hours, 20% per training). Absent: DEFAULT_ATTENDANCE_RULES. */
  attendance?: import('./sessions').AttendanceRules;
  /** Who signs the letters to candidates (name and function, e.g. "Anna Nowak", "Kierownik projektu"). */
  signatory?: Signatory;
  /** The programme period: 2014-2020 reports to SL2014, 2021-2027 to SM EFS (CST2021). Absent: 2014-2020. */
  programmePeriod?: ProgrammePeriod;
  /** The centre that runs the project: the sender block of its letters (and their place). */
  centre?: Centre;
  /** The regulations' checks: refuse or flag (domain/intake-checks.ts). Absent: DEFAULT_CHECKS. */
  checks?: Partial<RegulationChecks>;
  /** Who may take part (domain/eligibility.ts): checked at screening. Absent: no conditions. */
  eligibility?: import('./eligibility').EligibilityRules;
}

export const PROGRAMME_PERIODS = ['2014-2020', '2021-2027'] as const;
export type ProgrammePeriod = (typeof PROGRAMME_PERIODS)[number];

export interface Centre {
  name: string;
  street: string;
  postcode: string;
  town: string;
  phone?: string | undefined;
  email?: string | undefined;
}

export interface Signatory {
  name: string;
  function: string;
}

const disabledAndOthers = (disabled: EfficiencyFormula, others: EfficiencyFormula): EfficiencyGroup[] => [
  { code: 'disabled', label: { pl: 'Osoby z niepełnosprawnościami', en: 'Persons with disabilities' }, members: 'disability', formula: disabled },
  { code: 'others', label: { pl: 'Pozostałe osoby', en: 'Other persons' }, members: 'no_disability', formula: others },
];

/**
 * The ESF 2014-2020 rules (4 weeks, 3 months, adults, disabled / others) with no efficiency minimum: a
 * project's thresholds are its own (its call and application), so one that states none shows "brak progu",
 * never another project's. (Until migration 0025 this default carried Aktywny Społecznie's 34%/12%, 34%/25%.)
 */
export const DEFAULT_INDICATOR_CONFIG: IndicatorConfig = {
  resultWindowDays: 28,
  efficiencyWindowMonths: 3,
  adultAge: 18,
  adultOnly: [...ADULT_ONLY_INDICATORS],
  employmentContracts: [...EMPLOYMENT_CONTRACTS],
  efficiencyGroups: disabledAndOthers({ kind: 'separate', social: null, employment: null }, { kind: 'separate', social: null, employment: null }),
};

/** Aktywny Społecznie's indicator rules: the ESF rules with its minimums, 34%/12% (disabled) and 34%/25% (others). */
export const AKTYWNY_SPOLECZNIE_INDICATORS: IndicatorConfig = {
  ...DEFAULT_INDICATOR_CONFIG,
  efficiencyGroups: disabledAndOthers({ kind: 'separate', social: 0.34, employment: 0.12 }, { kind: 'separate', social: 0.34, employment: 0.25 }),
};

/** Aktywny Społecznie's targets (product and result indicators), an example of configured data. */
export const AKTYWNY_SPOLECZNIE_TARGETS: IndicatorTargets = {
  supported: 60,
  supportedDisabled: 4,
  supportedWomen: 39,
  qualifications: 21,
  jobSeeking: 2,
  working: 11,
};

export function indicatorConfigOf(config: Partial<ProjectConfig>): IndicatorConfig {
  return { ...DEFAULT_INDICATOR_CONFIG, ...config.indicators };
}

export const EMPTY_PROJECT_CONFIG: ProjectConfig = {
  targetGroups: [],
  quotas: [],
  supportCatalogue: [],
  indicatorTargets: {},
};

/** A code (of a project, criterion, group, form) and an hour of the day, as every schema states them. */
export const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const HHMM_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
const code = z.string().trim().regex(CODE_RE, 'Kod: litery, cyfry, „-” i „_”');
const label = z.string().trim().min(1, 'Pole wymagane');
const isoDate = z.iso.date('Data w formacie RRRR-MM-DD');
const hhmm = z.string().regex(HHMM_RE, 'Godzina w formacie GG:MM');
const money = z.number().nonnegative('Kwota nie może być ujemna').multipleOf(0.01, 'Kwota z dokładnością do grosza');

/** Codes inside a list must be unique: they are referenced from elsewhere (scores, quotas). */
function uniqueCodes<T extends { code: string }>(items: T[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  items.forEach((it, i) => {
    if (seen.has(it.code)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `Kod „${it.code}” powtarza się` });
    seen.add(it.code);
  });
}

export const criterionSchema = z.object({
  code,
  label,
  maxPoints: z.number().int('Liczba całkowita').positive('Punkty muszą być dodatnie'),
}) satisfies z.ZodType<Criterion>;

export const targetGroupSchema = z.object({
  code,
  label,
  planned: z.number().int('Liczba całkowita').nonnegative('Nie może być ujemna'),
  surroundings: z.boolean().optional(),
}) satisfies z.ZodType<TargetGroup>;

export const quotaSchema = z
  .object({
    code,
    label,
    field: z.enum(QUOTA_FIELDS),
    targetGroup: code.optional(),
    min: z.number().int('Liczba całkowita').positive('Minimum musi być dodatnie'),
  })
  .refine((q) => q.field !== 'target_group' || q.targetGroup, {
    path: ['targetGroup'],
    message: 'Wskaż grupę docelową',
  }) satisfies z.ZodType<Quota>;

export const supportFormSchema = z.object({
  code,
  label,
  kind: z.enum(SUPPORT_FORM_KINDS, { error: 'Rodzaj formy: internship (staż) albo scholarship (stypendium szkoleniowe)' }).optional(),
}) satisfies z.ZodType<SupportForm>;

export const budgetSchema = z
  .object({ total: money, eu: money, state: money, own: money })
  .refine((b) => Math.abs(b.eu + b.state + b.own - b.total) < 0.005, {
    path: ['total'],
    message: 'Suma środków UE, budżetu państwa i wkładu własnego musi równać się wartości projektu',
  }) satisfies z.ZodType<Budget>;

const day = z.object({ from: hhmm, to: hhmm }).refine((d) => d.from < d.to, { path: ['to'], message: 'Koniec po początku' });
export const officeHoursSchema = z.object({
  1: day.optional(),
  2: day.optional(),
  3: day.optional(),
  4: day.optional(),
  5: day.optional(),
  6: day.optional(),
  7: day.optional(),
}) satisfies z.ZodType<OfficeHours>;

// Shares are stored as fractions (0.34) and shown and typed as percentages (34%): the messages speak percent.
const share = z.number({ error: 'Udział w procentach, np. „34%” albo „12,5%”' }).min(0, 'Udział od 0 do 100%').max(1, 'Udział od 0 do 100%');
const FORMULA_FORMAT = 'Wzór: „34% / 12%” (społeczna / zatrudnieniowa) albo „56% w tym 22%” (łącznie, w tym zatrudnieniowa)';

export const efficiencyGroupSchema = z.object({
  code,
  label: z.object({ pl: label, en: label }),
  members: z.union([z.enum(['all', 'disability', 'no_disability', 'women']), z.object({ targetGroup: code })], {
    error: 'Kto należy do grupy: all, disability, no_disability, women albo kod grupy docelowej',
  }),
  formula: z.discriminatedUnion(
    'kind',
    [
      z.object({ kind: z.literal('separate'), social: share.nullable(), employment: share.nullable() }),
      z
        .object({ kind: z.literal('combined'), total: share, employment: share })
        .refine((f) => f.employment <= f.total, { path: ['employment'], message: 'Efektywność zatrudnieniowa nie może przekraczać łącznej' }),
    ],
    { error: FORMULA_FORMAT },
  ),
}) satisfies z.ZodType<EfficiencyGroup>;

/** How the project counts its indicators; absent in a stored project: DEFAULT_INDICATOR_CONFIG. */
export const indicatorConfigSchema = z.object({
  resultWindowDays: z.number().int('Liczba całkowita').min(1, 'Co najmniej 1 dzień').max(366, 'Najwyżej 366 dni'),
  efficiencyWindowMonths: z.number().int('Liczba całkowita').min(1, 'Co najmniej 1 miesiąc').max(24, 'Najwyżej 24 miesiące'),
  adultAge: z.number().int('Liczba całkowita').min(0, 'Nie może być ujemny').max(30, 'Najwyżej 30 lat'),
  adultOnly: z.array(z.enum(ADULT_ONLY_INDICATORS)),
  employmentContracts: z.array(z.enum(EMPLOYMENT_CONTRACTS)).min(1, 'Co najmniej jeden rodzaj pracy'),
  efficiencyGroups: z.array(efficiencyGroupSchema).min(1, 'Co najmniej jedna grupa efektywności').superRefine(uniqueCodes),
}) satisfies z.ZodType<IndicatorConfig>;

export const attendanceRulesSchema = z.object({
  minShareOfPlanned: share,
  maxTrainingAbsence: share,
  trainingForms: z.array(code).max(50),
}) satisfies z.ZodType<import('./sessions').AttendanceRules>;

export const projectConfigSchema = z
  .object({
    targetGroups: z.array(targetGroupSchema).superRefine(uniqueCodes),
    quotas: z.array(quotaSchema).superRefine(uniqueCodes),
    supportCatalogue: z.array(supportFormSchema).superRefine(uniqueCodes),
    indicatorTargets: z.record(code, z.number().nonnegative('Nie może być ujemna')),
    indicators: indicatorConfigSchema.optional(),
    budget: budgetSchema.optional(),
    retentionYears: z.number().int('Liczba całkowita').min(1, 'Co najmniej rok').max(50, 'Najwyżej 50 lat').optional(),
    attendance: attendanceRulesSchema.optional(),
    signatory: z
      .object({ name: z.string().trim().min(1, 'Podaj imię i nazwisko').max(200), function: z.string().trim().min(1, 'Podaj funkcję').max(200) })
      .optional(),
    programmePeriod: z.enum(PROGRAMME_PERIODS, { error: 'Okres programowania: 2014-2020 albo 2021-2027' }).optional(),
    centre: z
      .object({
        name: z.string().trim().min(1, 'Podaj nazwę ośrodka').max(200),
        street: z.string().trim().min(1, 'Podaj ulicę i numer').max(200),
        postcode: z.string().trim().regex(/^\d{2}-\d{3}$/, 'Kod pocztowy w formacie 00-000'),
        town: z.string().trim().min(1, 'Podaj miejscowość').max(100),
        phone: z.string().trim().max(40).optional(),
        email: z.email('Adres e-mail w formacie nazwa@domena.pl').optional(),
      })
      .optional(),
    checks: z
      .object({
        applicationDate: z.enum(CHECK_MODES, { error: 'Zgłoszenie poza okresem lub w dniu wolnym: refuse (odmowa) albo flag (oznaczenie)' }).optional(),
        originalAtSigning: z.enum(CHECK_MODES, { error: 'Podpisanie umowy bez oryginału: refuse (blokada) albo flag (oznaczenie)' }).optional(),
        recruitmentFrom: isoDate.optional(),
        recruitmentTo: isoDate.optional(),
      })
      .refine((c) => !c.recruitmentFrom || !c.recruitmentTo || c.recruitmentFrom <= c.recruitmentTo, { path: ['recruitmentTo'], message: 'Koniec rekrutacji przed jej początkiem' })
      .optional(),
    eligibility: eligibilityRulesSchema.optional(),
  })
  .superRefine((c, ctx) => {
    const groups = new Set(c.targetGroups.map((g) => g.code));
    c.quotas.forEach((q, i) => {
      if (q.field === 'target_group' && q.targetGroup && !groups.has(q.targetGroup)) {
        ctx.addIssue({ code: 'custom', path: ['quotas', i, 'targetGroup'], message: `Nie ma grupy docelowej „${q.targetGroup}”` });
      }
    });
    const forms = new Set(supportCatalogueOf(c).map((f) => f.code));
    c.attendance?.trainingForms.forEach((f, i) => {
      if (!forms.has(f)) ctx.addIssue({ code: 'custom', path: ['attendance', 'trainingForms', i], message: `Nie ma formy wsparcia „${f}” w katalogu` });
    });
    c.indicators?.efficiencyGroups.forEach((g, i) => {
      if (typeof g.members === 'object' && !groups.has(g.members.targetGroup)) {
        ctx.addIssue({ code: 'custom', path: ['indicators', 'efficiencyGroups', i, 'members'], message: `Nie ma grupy docelowej „${g.members.targetGroup}”` });
      }
    });
  }) satisfies z.ZodType<ProjectConfig>;

/** The regulations' deadlines in days (each a positive whole number). */
export const RULES_DAY_FIELDS = ['signingReminderDays', 'signingEscalationDays', 'absenceJustificationDays', 'originalReminderDays', 'followUp1Days', 'followUp2Days'] as const;
/** ISO weekdays, Monday 1 to Sunday 7 (the office hours' keys). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The regulations without their version number (the service assigns it). */
export const projectRulesSchema = z.object({
  criteria: z.array(criterionSchema).min(1, 'Karta punktów potrzebuje co najmniej jednego kryterium').superRefine(uniqueCodes),
  attendanceThreshold: z.number().gt(0, 'Próg obecności między 0 a 1').max(1, 'Próg obecności między 0 a 1'),
  signingReminderDays: z.number().int().positive('Liczba dni roboczych dodatnia'),
  signingEscalationDays: z.number().int().positive('Liczba dni roboczych dodatnia'),
  absenceJustificationDays: z.number().int().positive('Liczba dni roboczych dodatnia'),
  originalReminderDays: z.number().int().positive('Liczba dni roboczych dodatnia'),
  followUp1Days: z.number().int().positive('Liczba dni dodatnia'),
  followUp2Days: z.number().int().positive('Liczba dni dodatnia'),
  officeHours: officeHoursSchema,
}) satisfies z.ZodType<Omit<ProjectRules, 'version'>>;
export type ProjectRulesInput = z.infer<typeof projectRulesSchema>;

const projectBase = z.object({
  code,
  name: label,
  startsOn: isoDate,
  endsOn: isoDate,
  places: z.number().int('Liczba całkowita').positive('Liczba miejsc musi być dodatnia'),
  config: projectConfigSchema,
});

/** Cross-field rules of a project: period, places against groups and quotas. */
function checkProject(p: z.infer<typeof projectBase>, ctx: z.RefinementCtx) {
  if (p.endsOn < p.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'Koniec projektu przed jego początkiem' });
  const planned = p.config.targetGroups.reduce((s, g) => s + g.planned, 0);
  if (planned > p.places) {
    ctx.addIssue({ code: 'custom', path: ['config', 'targetGroups'], message: `Grupy docelowe planują ${planned} osób, a miejsc jest ${p.places}` });
  }
  p.config.quotas.forEach((q, i) => {
    if (q.min > p.places) {
      ctx.addIssue({ code: 'custom', path: ['config', 'quotas', i, 'min'], message: `Minimum ${q.min} przekracza liczbę miejsc (${p.places})` });
    }
  });
}

export const projectInputSchema = projectBase.extend({ rules: projectRulesSchema }).superRefine(checkProject);
export type ProjectInput = z.infer<typeof projectInputSchema>;

/** What updateConfig may change; the code is the project's identity and stays. */
/** Who hears about an overdue task next (domain/reminders.ts): roles in order, none twice, and after how long. */
export const ESCALATION_ROLES = ['social_worker', 'coordinator', 'director'] as const;
/** The project form's steps of the chain (one select each). */
export const ESCALATION_STEPS = [1, 2, 3] as const;
export const escalationSchema = z.object({
  chain: z
    .array(z.enum(ESCALATION_ROLES, { error: 'Rola: pracownik socjalny, koordynator albo dyrektor' }))
    .min(1, 'Łańcuch potrzebuje co najmniej jednej roli')
    .refine((c) => new Set(c).size === c.length, 'Każda rola najwyżej raz w łańcuchu'),
  afterWorkingDays: z.number({ error: 'Liczba dni roboczych' }).int('Liczba całkowita').min(0, 'Od 0 do 30 dni roboczych').max(30, 'Od 0 do 30 dni roboczych'),
}) satisfies z.ZodType<EscalationChain>;

export const projectUpdateSchema = projectBase
  .omit({ code: true })
  .extend({ escalation: escalationSchema.optional() })
  .superRefine((p, ctx) => checkProject({ ...p, code: 'x' }, ctx));
export type ProjectUpdate = z.infer<typeof projectUpdateSchema>;

/** Parses or throws AppError('invalid_input') with one Polish message per field path. */
export function parseOrFail<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const res = schema.safeParse(input, { error: z.locales.pl().localeError });
  if (res.success) return res.data;
  const fields: FieldError[] = res.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '_', code: i.code, message: i.message }));
  throw new AppError('invalid_input', `${what}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields);
}

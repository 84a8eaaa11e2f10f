// The vocabulary of Sciezka, shared by workflows, activities, server and views.
// Pure types and constants only: this module is bundled into the workflow sandbox.

export const ROLES = ['admin', 'coordinator', 'social_worker', 'commission', 'director', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Stages of one participant's journey, in order. */
export const STAGES = [
  'applied',
  'screened',
  'decided',
  'joining',
  'support',
  'ended',
  'follow_up_1',
  'follow_up_2',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

export const CHANNELS = ['in_person', 'post', 'email_scan', 'social_worker'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Forms of employment a follow-up records (employment contract, civil-law contract, self-employment). */
export const EMPLOYMENT_CONTRACTS = ['employment', 'civil_law', 'self_employment'] as const;
export type EmploymentContract = (typeof EMPLOYMENT_CONTRACTS)[number];

/** Labour-market status at entry to the project (SL2014). */
export const LABOUR_STATUSES = ['unemployed_registered', 'unemployed_unregistered', 'inactive', 'employed'] as const;
export type LabourStatus = (typeof LABOUR_STATUSES)[number];

export const SEXES = ['K', 'M'] as const;
export type Sex = (typeof SEXES)[number];

export const DECISIONS = ['qualified', 'reserve', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];

export const DOCUMENT_KINDS = ['declaration', 'contract', 'data_statement', 'image_consent'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
/** Participation starts when these are signed (att. 2, 7, 4); the image consent (att. 3) is optional. */
export const REQUIRED_DOCUMENTS: readonly DocumentKind[] = ['declaration', 'contract', 'data_statement'];

export const END_REASONS = ['completed', 'resigned', 'struck_off', 'died', 'situation_changed'] as const;
export type EndReason = (typeof END_REASONS)[number];

/** ISO calendar day, 'YYYY-MM-DD' (Europe/Warsaw). */
export type IsoDate = string;
/** ISO instant, e.g. '2026-11-23T08:15:00.000Z'. */
export type IsoInstant = string;

export interface Criterion {
  code: string;
  label: string;
  maxPoints: number;
}

/** Office hours per ISO weekday (1 = Monday … 7 = Sunday), 'HH:MM' local time; absent = closed. */
export type OfficeHours = Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, { from: string; to: string }>>;

/**
 * The regulations as data. Versioned: a journey keeps the version it started with
 * unless a coordinator migrates it explicitly.
 */
export interface ProjectRules {
  version: number;
  criteria: Criterion[];
  /** Minimum share of planned hours attended, e.g. 0.8. */
  attendanceThreshold: number;
  /** Working days to sign the joining documents before the social worker is reminded (N). */
  signingReminderDays: number;
  /** Further working days before the coordinator is told and the place may be freed (M). */
  signingEscalationDays: number;
  /** Working days an absence may stay unjustified before a warning. */
  absenceJustificationDays: number;
  /** Working days between reminders for a pending original of an e-mailed application. */
  originalReminderDays: number;
  /** Calendar days after the end within which follow-up 1 is due (4 weeks). */
  followUp1Days: number;
  /** Calendar days after the end within which follow-up 2 is due (3 months). */
  followUp2Days: number;
  officeHours: OfficeHours;
}

export const QUOTA_FIELDS = ['sex_k', 'disability', 'target_group'] as const;
export interface Quota {
  code: string;
  label: string;
  /** Who counts: women, persons with disabilities, or a target group code. */
  field: (typeof QUOTA_FIELDS)[number];
  targetGroup?: string;
  min: number;
}

export interface TargetGroup {
  code: string;
  label: string;
  planned: number;
  /**
   * The group is the "otoczenie" (the surroundings of people at risk: family, carers): its members are
   * supported but are not people at risk of poverty or exclusion (DRUGI BRZEG: 55 supported, 43 at risk).
   */
  surroundings?: boolean | undefined;
}

/** What a support form is, where an indicator counts the people it reached (DRUGI BRZEG: ~10 internships, ~15 scholarships). */
export const SUPPORT_FORM_KINDS = ['internship', 'scholarship'] as const;
export type SupportFormKind = (typeof SUPPORT_FORM_KINDS)[number];

export interface SupportForm {
  code: string;
  label: string;
  kind?: SupportFormKind | undefined;
}

export interface Budget {
  total: number;
  eu: number;
  state: number;
  own: number;
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  1: { from: '07:30', to: '17:00' },
  2: { from: '07:30', to: '15:30' },
  3: { from: '07:30', to: '15:30' },
  4: { from: '07:30', to: '15:30' },
  5: { from: '07:30', to: '14:00' },
};

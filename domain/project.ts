// Project configuration: configured data, never code.
import type { Budget, Quota, SupportForm, TargetGroup } from './types';

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
  | { kind: 'separate'; social: number; employment: number }
  | { kind: 'combined'; total: number; employment: number };

export interface EfficiencyGroup {
  code: string;
  label: { pl: string; en: string };
  members: GroupMembers;
  formula: EfficiencyFormula;
}

export const EMPLOYMENT_CONTRACTS = ['employment', 'civil_law', 'self_employment'] as const;
export type EmploymentContract = (typeof EMPLOYMENT_CONTRACTS)[number];

/** How the project counts its indicators (thresholds, windows, formulas): configuration, never constants. */
export interface IndicatorConfig {
  /** Days after the end within which the result indicators are measured (4 weeks). */
  resultWindowDays: number;
  /** Months after the end within which efficiency is measured (3). */
  efficiencyWindowMonths: number;
  /** Age at entry from which a person counts for the adult-only indicators. */
  adultAge: number;
  /** Indicators people under adultAge at entry do not count for (they still count as supported and for qualifications). */
  adultOnly: ('jobSeeking' | 'working' | 'employment')[];
  /** Which kinds of work count for employment efficiency. */
  employmentContracts: EmploymentContract[];
  efficiencyGroups: EfficiencyGroup[];
}

export interface ProjectConfig {
  targetGroups: TargetGroup[];
  quotas: Quota[];
  supportCatalogue: SupportForm[];
  /** Targets by indicator code: supported, supportedDisabled, supportedWomen, qualifications, jobSeeking, working. */
  indicatorTargets: IndicatorTargets;
  /** Absent: DEFAULT_INDICATOR_CONFIG. */
  indicators?: IndicatorConfig;
  budget?: Budget;
}

/** The ESF 2014-2020 rules with Aktywny Społecznie's thresholds (34%/12% disabled, 34%/25% others). */
export const DEFAULT_INDICATOR_CONFIG: IndicatorConfig = {
  resultWindowDays: 28,
  efficiencyWindowMonths: 3,
  adultAge: 18,
  adultOnly: ['jobSeeking', 'working', 'employment'],
  employmentContracts: ['employment', 'civil_law', 'self_employment'],
  efficiencyGroups: [
    {
      code: 'disabled',
      label: { pl: 'Osoby z niepełnosprawnościami', en: 'Persons with disabilities' },
      members: 'disability',
      formula: { kind: 'separate', social: 0.34, employment: 0.12 },
    },
    {
      code: 'others',
      label: { pl: 'Pozostałe osoby', en: 'Other persons' },
      members: 'no_disability',
      formula: { kind: 'separate', social: 0.34, employment: 0.25 },
    },
  ],
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

// Project configuration: configured data, never code.
import type { Budget, Quota, SupportForm, TargetGroup } from './types';

export interface IndicatorTargets {
  /** Free-form targets keyed by indicator code, e.g. { supported: 60, qualifications: 21 }. */
  [code: string]: number;
}

export interface ProjectConfig {
  targetGroups: TargetGroup[];
  quotas: Quota[];
  supportCatalogue: SupportForm[];
  indicatorTargets: IndicatorTargets;
  budget?: Budget;
}

export const EMPTY_PROJECT_CONFIG: ProjectConfig = {
  targetGroups: [],
  quotas: [],
  supportCatalogue: [],
  indicatorTargets: {},
};

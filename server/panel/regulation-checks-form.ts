// The regulations' checks in the project configuration form (domain/intake-checks.ts): how an application
// outside the recruitment period or on a day off is treated, whether a missing original blocks the signing,
// and the recruitment period when narrower than the project's. Empty dates: the project's period.
import { checksOf, type RegulationChecks } from '../../domain/intake-checks';
import type { ProjectConfig } from '../../domain/project';
import type { ConfigForm } from './project-config-form';

export const CHECK_FIELDS = ['check.applicationDate', 'check.originalAtSigning', 'check.recruitmentFrom', 'check.recruitmentTo'] as const;

export function checksToForm(c: ProjectConfig): ConfigForm {
  const k = checksOf(c);
  return {
    'check.applicationDate': k.applicationDate,
    'check.originalAtSigning': k.originalAtSigning,
    'check.recruitmentFrom': k.recruitmentFrom ?? '',
    'check.recruitmentTo': k.recruitmentTo ?? '',
  };
}

/** The form's checks (the schema refuses a mode it does not know); a form without them keeps the stored ones. */
export function checksFromForm(form: ConfigForm, current: ProjectConfig): Pick<ProjectConfig, 'checks'> {
  if (!('check.applicationDate' in form)) return current.checks ? { checks: current.checks } : {};
  const date = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  const checks: Partial<RegulationChecks> = {
    applicationDate: form['check.applicationDate'] as RegulationChecks['applicationDate'],
    originalAtSigning: form['check.originalAtSigning'] as RegulationChecks['originalAtSigning'],
    ...(date(form['check.recruitmentFrom']) ? { recruitmentFrom: date(form['check.recruitmentFrom']) } : {}),
    ...(date(form['check.recruitmentTo']) ? { recruitmentTo: date(form['check.recruitmentTo']) } : {}),
  };
  return { checks };
}

// The project's eligibility conditions (domain/eligibility.ts) in the project configuration form, and the
// evidence an application records for them in the application form. Empty fields: no condition, no evidence.
import type { FieldError } from '../../domain/errors';
import { EVIDENCED_CONDITIONS, type EligibilityEvidence, type EligibilityRules } from '../../domain/eligibility';
import type { ProjectConfig } from '../../domain/project';
import { say } from '../../i18n';
import { num, type ConfigForm } from './project-config-form';

const REQUIRED = ['centreClient', 'targetGroup'] as const;

export function eligibilityToForm(c: ProjectConfig): ConfigForm {
  const e = c.eligibility ?? {};
  return {
    'elig.residenceAreas': (e.residenceAreas ?? []).join('\n'),
    ...Object.fromEntries(REQUIRED.filter((k) => e[k]).map((k) => [`elig.require.${k}`, k])),
    'elig.ageMin': e.ageMin?.toString() ?? '',
    'elig.ageMax': e.ageMax?.toString() ?? '',
  };
}

/** The form's conditions (the schema checks them); a form without them (an older page) keeps the stored ones. */
export function eligibilityFromForm(form: ConfigForm, current: ProjectConfig): Pick<ProjectConfig, 'eligibility'> {
  if (!('elig.ageMin' in form)) return current.eligibility ? { eligibility: current.eligibility } : {};
  const areas = (form['elig.residenceAreas'] ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const rules: EligibilityRules = {
    ...(areas.length ? { residenceAreas: areas } : {}),
    ...Object.fromEntries(REQUIRED.filter((k) => form[`elig.require.${k}`] === k).map((k) => [k, true])),
    ...(num(form['elig.ageMin']) !== undefined ? { ageMin: num(form['elig.ageMin']) } : {}),
    ...(num(form['elig.ageMax']) !== undefined ? { ageMax: num(form['elig.ageMax']) } : {}),
  };
  return { eligibility: Object.keys(rules).length ? rules : undefined };
}

/**
 * The application form's evidence rows (`evidence.<condition>.kind` and `.date`) as the service's input,
 * or the rows half filled in (a kind without a date, a date without a kind), each named on its field.
 */
export function evidenceFromForm(form: Record<string, string | undefined>): { evidence: EligibilityEvidence; errors: FieldError[] } {
  const evidence: EligibilityEvidence = [];
  const errors: FieldError[] = [];
  for (const condition of EVIDENCED_CONDITIONS) {
    const kind = form[`evidence.${condition}.kind`] ?? '';
    const date = form[`evidence.${condition}.date`] ?? '';
    if (!kind && !date) continue;
    if (!kind) errors.push({ field: `evidence.${condition}.kind`, message: say('pl', { key: 'eligibility.evidenceKindMissing' }) });
    else if (!date) errors.push({ field: `evidence.${condition}.date`, message: say('pl', { key: 'eligibility.evidenceDateMissing' }) });
    else evidence.push({ condition, kind: kind as EligibilityEvidence[number]['kind'], date });
  }
  return { evidence, errors };
}

/** A service error on `eligibilityEvidence.<i>.<key>` named on the form's own field for that row. */
export function evidenceFieldOf(field: string, evidence: EligibilityEvidence): string {
  const m = /^eligibilityEvidence\.(\d+)\.(kind|date)$/.exec(field);
  const row = m ? evidence[Number(m[1])] : undefined;
  return row ? `evidence.${row.condition}.${m![2]}` : field;
}

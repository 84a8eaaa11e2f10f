// A rules version as a form the director fills in, prefilled from the version in force: the points sheet
// as lines ("code; label; max points"), the attendance threshold as a percentage, the reminder and
// follow-up days, office hours per weekday (both times empty: closed). The service validates with the
// API's schema; its error paths come back onto these fields.
import type { FieldError } from '../../domain/errors';
import { RULES_DAY_FIELDS as DAY_FIELDS, WEEKDAYS } from '../../domain/project';
import type { OfficeHours, ProjectRules } from '../../domain/types';
import { lines, num, percent, row, share, type ConfigForm } from './project-config-form';


export function rulesToForm(r: ProjectRules): ConfigForm {
  return {
    criteria: r.criteria.map((c) => row(c.code, c.label, c.maxPoints)).join('\n'),
    attendanceThreshold: percent(r.attendanceThreshold),
    ...Object.fromEntries(DAY_FIELDS.map((k) => [k, String(r[k])])),
    ...Object.fromEntries(WEEKDAYS.flatMap((d) => [[`oh.${d}.from`, r.officeHours[d]?.from ?? ''], [`oh.${d}.to`, r.officeHours[d]?.to ?? '']])),
  };
}

export function formToRules(form: ConfigForm) {
  const officeHours: OfficeHours = {};
  for (const d of WEEKDAYS) {
    const from = form[`oh.${d}.from`]?.trim() ?? '';
    const to = form[`oh.${d}.to`]?.trim() ?? '';
    if (from || to) officeHours[d] = { from, to };
  }
  return {
    effectiveFrom: form.effectiveFrom ?? '',
    approvedByAct: form.approvedByAct,
    rules: {
      criteria: lines(form.criteria).map(([code = '', label = '', max = '']) => ({ code, label, maxPoints: num(max) ?? NaN })),
      attendanceThreshold: share(form.attendanceThreshold ?? ''),
      ...Object.fromEntries(DAY_FIELDS.map((k) => [k, num(form[k]) ?? NaN])),
      officeHours,
    },
  };
}

/** 'rules.criteria.1.maxPoints' -> 'criteria' ("wiersz 2: …"); 'rules.officeHours.3.to' -> 'oh.3.to'. */
export function rulesFormErrors(fields: FieldError[]): FieldError[] {
  return fields.map(({ field, message }) => {
    const [head = '', key = '', index, part] = field.split('.');
    if (head !== 'rules') return { field, message };
    if (key === 'criteria') return { field: 'criteria', message: index !== undefined && /^\d+$/.test(index) ? `wiersz ${Number(index) + 1}: ${message}` : message };
    if (key === 'officeHours') return { field: `oh.${index ?? ''}.${part ?? 'to'}`, message };
    return { field: key, message };
  });
}

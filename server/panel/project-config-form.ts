// A project's configuration as a form a coordinator can fill in: lists as lines ("code; label; …"), one
// number field per indicator target and budget line. The service validates the result with the same
// zod schema as the API; its error paths are mapped back onto the form's fields.
import type { FieldError } from '../../domain/errors';
import { COUNT_INDICATORS } from '../../domain/indicators';
import type { ProjectConfig } from '../../domain/project';
import type { Budget, Quota } from '../../domain/types';

export type ConfigForm = Record<string, string>;

const BUDGET_KEYS = ['total', 'eu', 'state', 'own'] as const;
const QUOTA_FIELDS: readonly string[] = ['sex_k', 'disability'];

const cells = (line: string) => line.split(';').map((c) => c.trim());
const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map(cells);
const row = (...values: Array<string | number | undefined>) => values.map((v) => v ?? '').join('; ');
/** An empty field is absent; anything else must be a number (the schema says which). */
const num = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : Number(v.replace(',', '.').replace(/\s/g, '')));

/** Polish decimal comma for money, as an office writes it. */
const money = (n: number | undefined) => (n === undefined ? '' : String(n).replace('.', ','));

export function configToForm(p: { name: string; startsOn: string; endsOn: string; places: number; config: ProjectConfig }): ConfigForm {
  const c = p.config;
  return {
    name: p.name,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    places: String(p.places),
    targetGroups: (c.targetGroups ?? []).map((g) => row(g.code, g.label, g.planned)).join('\n'),
    quotas: (c.quotas ?? []).map((q) => row(q.code, q.label, q.field === 'target_group' ? q.targetGroup : q.field, q.min)).join('\n'),
    supportCatalogue: (c.supportCatalogue ?? []).map((f) => row(f.code, f.label)).join('\n'),
    ...Object.fromEntries(COUNT_INDICATORS.map((k) => [`target.${k}`, c.indicatorTargets?.[k]?.toString() ?? ''])),
    ...Object.fromEntries(BUDGET_KEYS.map((k) => [`budget.${k}`, money(c.budget?.[k])])),
    retentionYears: c.retentionYears?.toString() ?? '',
  };
}

/** The update the service validates; parts the form does not show (e.g. efficiency formulas) are kept. */
export function formToUpdate(form: ConfigForm, current: ProjectConfig) {
  const quota = ([code = '', label = '', field = '', min]: string[]): Quota =>
    QUOTA_FIELDS.includes(field)
      ? { code, label, field: field as Quota['field'], min: num(min) as number }
      : { code, label, field: 'target_group', targetGroup: field, min: num(min) as number };
  const targets = Object.fromEntries(COUNT_INDICATORS.map((k) => [k, num(form[`target.${k}`])]).filter(([, v]) => v !== undefined));
  const budget = Object.fromEntries(BUDGET_KEYS.map((k) => [k, num(form[`budget.${k}`])]));
  const config: ProjectConfig = {
    ...current,
    targetGroups: lines(form.targetGroups).map(([code = '', label = '', planned]) => ({ code, label, planned: num(planned) as number })),
    quotas: lines(form.quotas).map(quota),
    supportCatalogue: lines(form.supportCatalogue).map(([code = '', label = '']) => ({ code, label })),
    indicatorTargets: targets,
    // All four empty: no budget; otherwise the schema requires each and checks that they add up.
    budget: Object.values(budget).every((v) => v === undefined) ? undefined : (budget as unknown as Budget),
    retentionYears: num(form.retentionYears),
  };
  return { name: form.name, startsOn: form.startsOn, endsOn: form.endsOn, places: num(form.places), config };
}

const LIST_FIELDS = ['targetGroups', 'quotas', 'supportCatalogue'];

/** 'config.quotas.2.min' -> the 'quotas' field, "wiersz 3: …"; 'config.budget.total' -> 'budget.total'. */
export function formErrors(fields: FieldError[]): FieldError[] {
  return fields.map(({ field, message }) => {
    const path = field.replace(/^config\./, '').split('.');
    const [head = '', index] = path;
    if (LIST_FIELDS.includes(head) && index !== undefined && /^\d+$/.test(index)) return { field: head, message: `wiersz ${Number(index) + 1}: ${message}` };
    if (head === 'indicatorTargets') return { field: `target.${path[1] ?? ''}`, message };
    return { field: path.join('.'), message };
  });
}

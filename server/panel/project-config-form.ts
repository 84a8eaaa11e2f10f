// A project's configuration as a form a coordinator can fill in: lists as lines ("code; label; …"), one
// number field per indicator target and budget line. The service validates the result with the same
// zod schema as the API; its error paths are mapped back onto the form's fields.
import { eligibilityFromForm, eligibilityToForm } from './eligibility-form';
import type { FieldError } from '../../domain/errors';
import { COUNT_INDICATORS } from '../../domain/indicators';
import {
  ADULT_ONLY_INDICATORS,
  ESCALATION_STEPS,
  indicatorConfigOf,
  type EfficiencyFormula,
  type EfficiencyGroup,
  type GroupMembers,
  type IndicatorConfig,
  type ProjectConfig,
} from '../../domain/project';
import { attendanceRulesOf, type AttendanceRules } from '../../domain/sessions';
import { supportCatalogueOf } from '../../domain/support-forms';
import { EMPLOYMENT_CONTRACTS, type Budget, type Quota, type Role, type SupportFormKind } from '../../domain/types';
import type { EscalationChain } from '../../domain/reminders';
import { checksFromForm, checksToForm } from './regulation-checks-form';

export type ConfigForm = Record<string, string>;

const BUDGET_KEYS = ['total', 'eu', 'state', 'own'] as const;
/** The fourth cell of a target group's line: the group is the surroundings ("otoczenie"), not people at risk. */
const SURROUNDINGS = 'otoczenie';
const QUOTA_FIELDS: readonly string[] = ['sex_k', 'disability'];

const cells = (line: string) => line.split(';').map((c) => c.trim());
export const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map(cells);
export const row = (...values: Array<string | number | undefined>) => values.map((v) => v ?? '').join('; ');
/** An empty field is absent; anything else must be a number (the schema says which). */
export const num = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : Number(v.replace(',', '.').replace(/\s/g, '')));

/** Polish decimal comma for money, as an office writes it. */
const money = (n: number | undefined) => (n === undefined ? '' : String(n).replace('.', ','));

/**
 * A share as an office writes it: 0.125 -> "12,5%"; and back ("12,5", "12,5%" -> 0.125; else NaN for the
 * schema to refuse). Rounded to 0.0001%, so "14,3" is stored as 0.143, not 0.14300000000000002.
 */
export const percent = (share: number) => `${String(Number((share * 100).toFixed(4))).replace('.', ',')}%`;
export const share = (text: string) => Number(((num(text.replace('%', '')) ?? NaN) / 100).toFixed(6));
/** A minimum the project may not set: "brak progu" (or "-") both ways. */
const NO_THRESHOLD = 'brak progu';
const minimumToText = (v: number | null) => (v === null ? NO_THRESHOLD : percent(v));
const minimumOf = (text: string) => (/^(brak( progu)?|no threshold|-|–)$/i.test(text.trim()) ? null : share(text));

const MEMBER_KINDS: readonly string[] = ['all', 'disability', 'no_disability', 'women'];
const membersToText = (m: GroupMembers) => (typeof m === 'string' ? m : m.targetGroup);
// An empty cell stays a string the schema refuses with the list of choices, not an empty target group code.
const membersOf = (text: string): GroupMembers => (text === '' || MEMBER_KINDS.includes(text) ? (text as GroupMembers) : { targetGroup: text });

/** Boxes posted one field each (`ind.adultOnly.working`); the group's own empty field says it was on the page. */
const boxesToForm = (name: string, checked: readonly string[]) => Object.fromEntries(checked.map((v) => [`${name}.${v}`, v]));
const boxesOf = <T extends string>(form: ConfigForm, name: string, options: readonly T[], current: T[]): T[] =>
  name in form ? options.filter((v) => form[`${name}.${v}`] === v) : current;

/** "34% / 12%": separate social / employment minimums; "56% w tym 22%": a combined minimum including employment. */
const formulaToText = (f: EfficiencyFormula) =>
  f.kind === 'separate' ? `${minimumToText(f.social)} / ${minimumToText(f.employment)}` : `${percent(f.total)} w tym ${percent(f.employment)}`;
function formulaOf(text: string): EfficiencyFormula {
  const m = /^(.+?)\s*(\/|w tym|incl\.?|including)\s*(.+)$/i.exec(text);
  // Neither shape: a kind the schema refuses with the format it expects.
  if (!m) return { kind: 'unrecognised' } as unknown as EfficiencyFormula;
  if (m[2] === '/') return { kind: 'separate', social: minimumOf(m[1]!), employment: minimumOf(m[3]!) };
  return { kind: 'combined', total: share(m[1]!), employment: share(m[3]!) };
}

function indicatorsToForm(c: IndicatorConfig): ConfigForm {
  return {
    'ind.resultWindowDays': String(c.resultWindowDays),
    'ind.efficiencyWindowMonths': String(c.efficiencyWindowMonths),
    'ind.adultAge': String(c.adultAge),
    ...boxesToForm('ind.adultOnly', c.adultOnly),
    ...boxesToForm('ind.employmentContracts', c.employmentContracts),
    'ind.efficiencyGroups': c.efficiencyGroups.map((g) => row(g.code, g.label.pl, membersToText(g.members), formulaToText(g.formula))).join('\n'),
  };
}

/** The indicator rules from the form; the English names of groups, which the form does not show, kept by code. */
function indicatorsFromForm(form: ConfigForm, current: IndicatorConfig): IndicatorConfig {
  const englishOf = new Map(current.efficiencyGroups.map((g) => [g.code, g.label.en]));
  const group = ([code = '', pl = '', members = '', formula = '']: string[]): EfficiencyGroup => ({
    code,
    label: { pl, en: englishOf.get(code) ?? pl },
    members: membersOf(members),
    formula: formulaOf(formula),
  });
  return {
    ...current,
    resultWindowDays: num(form['ind.resultWindowDays']) as number,
    efficiencyWindowMonths: num(form['ind.efficiencyWindowMonths']) as number,
    adultAge: num(form['ind.adultAge']) as number,
    adultOnly: boxesOf(form, 'ind.adultOnly', ADULT_ONLY_INDICATORS, current.adultOnly),
    employmentContracts: boxesOf(form, 'ind.employmentContracts', EMPLOYMENT_CONTRACTS, current.employmentContracts),
    efficiencyGroups: lines(form['ind.efficiencyGroups']).map(group),
  };
}

/**
 * The attendance rules: two shares as percentages and the training forms as codes ("a, b"), those of
 * the project's catalogue only (the default names a form a configured catalogue may not have).
 */
function attendanceToForm(a: AttendanceRules, catalogue: readonly string[]): ConfigForm {
  const trainings = a.trainingForms.filter((f) => catalogue.includes(f));
  return { 'att.minShareOfPlanned': percent(a.minShareOfPlanned), 'att.maxTrainingAbsence': percent(a.maxTrainingAbsence), 'att.trainingForms': trainings.join(', ') };
}
function attendanceFromForm(form: ConfigForm): AttendanceRules {
  return {
    minShareOfPlanned: share(form['att.minShareOfPlanned'] ?? ''),
    maxTrainingAbsence: share(form['att.maxTrainingAbsence'] ?? ''),
    trainingForms: (form['att.trainingForms'] ?? '').split(/[,;\s]+/).filter(Boolean),
  };
}

export function configToForm(p: { name: string; startsOn: string; endsOn: string; places: number; config: ProjectConfig; escalation?: EscalationChain }): ConfigForm {
  const c = p.config;
  return {
    name: p.name,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    places: String(p.places),
    targetGroups: (c.targetGroups ?? []).map((g) => row(g.code, g.label, g.planned, g.surroundings ? SURROUNDINGS : undefined)).join('\n'),
    quotas: (c.quotas ?? []).map((q) => row(q.code, q.label, q.field === 'target_group' ? q.targetGroup : q.field, q.min)).join('\n'),
    supportCatalogue: (c.supportCatalogue ?? []).map((f) => row(f.code, f.label, f.kind)).join('\n'),
    ...Object.fromEntries(COUNT_INDICATORS.map((k) => [`target.${k}`, c.indicatorTargets?.[k]?.toString() ?? ''])),
    ...Object.fromEntries(BUDGET_KEYS.map((k) => [`budget.${k}`, money(c.budget?.[k])])),
    retentionYears: c.retentionYears?.toString() ?? '',
    'signatory.name': c.signatory?.name ?? '',
    'signatory.function': c.signatory?.function ?? '',
    programmePeriod: c.programmePeriod ?? '2014-2020',
    ...Object.fromEntries(CENTRE_KEYS.map((k) => [`centre.${k}`, c.centre?.[k] ?? ''])),
    ...indicatorsToForm(indicatorConfigOf(c)),
    ...attendanceToForm(attendanceRulesOf(c), supportCatalogueOf(c).map((f) => f.code)),
    ...checksToForm(c),
    ...eligibilityToForm(c),
    ...(p.escalation ? escalationToForm(p.escalation) : {}),
  };
}

/** The escalation chain as one select per step (empty: the chain ends before it) and the working days. */
const escalationToForm = (e: EscalationChain): ConfigForm => ({
  ...Object.fromEntries(ESCALATION_STEPS.map((i) => [`esc.${i}`, e.chain[i - 1] ?? ''])),
  'esc.days': String(e.afterWorkingDays),
});
const escalationOf = (form: ConfigForm) => ({
  chain: ESCALATION_STEPS.map((i) => form[`esc.${i}`] ?? '').filter(Boolean) as Role[],
  afterWorkingDays: num(form['esc.days']) ?? NaN,
});

/** The update the service validates; what the form does not show stays as stored. */
export function formToUpdate(form: ConfigForm, current: ProjectConfig) {
  const quota = ([code = '', label = '', field = '', min]: string[]): Quota =>
    QUOTA_FIELDS.includes(field)
      ? { code, label, field: field as Quota['field'], min: num(min) as number }
      : { code, label, field: 'target_group', targetGroup: field, min: num(min) as number };
  // Targets under codes the form has no field for (a code no indicator counts) stay as stored.
  const shown: readonly string[] = COUNT_INDICATORS;
  const targets = {
    ...Object.fromEntries(Object.entries(current.indicatorTargets ?? {}).filter(([k]) => !shown.includes(k))),
    ...Object.fromEntries(COUNT_INDICATORS.map((k) => [k, num(form[`target.${k}`])]).filter(([, v]) => v !== undefined)),
  };
  const budget = Object.fromEntries(BUDGET_KEYS.map((k) => [k, num(form[`budget.${k}`])]));
  const config: ProjectConfig = {
    ...current,
    targetGroups: lines(form.targetGroups).map(([code = '', label = '', planned, mark = '']) => ({
      code,
      label,
      planned: num(planned) as number,
      ...(mark.toLowerCase() === SURROUNDINGS ? { surroundings: true } : {}),
    })),
    quotas: lines(form.quotas).map(quota),
    // A third cell is the form's kind (internship, scholarship), which an indicator counts; the schema checks it.
    supportCatalogue: lines(form.supportCatalogue).map(([code = '', label = '', kind = '']) => ({ code, label, ...(kind ? { kind: kind as SupportFormKind } : {}) })),
    indicatorTargets: targets,
    // A form without the indicator fields (an older page) keeps the stored rules.
    ...('ind.efficiencyGroups' in form ? { indicators: indicatorsFromForm(form, indicatorConfigOf(current)) } : {}),
    // All four empty: no budget; otherwise the schema requires each and checks that they add up.
    budget: Object.values(budget).every((v) => v === undefined) ? undefined : (budget as unknown as Budget),
    retentionYears: num(form.retentionYears),
    ...('att.minShareOfPlanned' in form ? { attendance: attendanceFromForm(form) } : {}),
    // Both empty: letters signed with the default function; one without the other the schema refuses.
    ...('signatory.name' in form ? { signatory: signatoryOf(form) } : {}),
    ...('programmePeriod' in form ? { programmePeriod: form.programmePeriod as ProjectConfig['programmePeriod'] } : {}),
    ...('centre.name' in form ? { centre: centreOf(form) } : {}),
    ...checksFromForm(form, current),
    ...eligibilityFromForm(form, current),
  };
  // A form without the escalation fields (an older page) keeps the stored chain.
  return { name: form.name, startsOn: form.startsOn, endsOn: form.endsOn, places: num(form.places), config, ...('esc.days' in form ? { escalation: escalationOf(form) } : {}) };
}

/** The centre's fields (the letters' sender block); all empty: none. */
export const CENTRE_KEYS = ['name', 'street', 'postcode', 'town', 'phone', 'email'] as const;
const centreOf = (form: ConfigForm): ProjectConfig['centre'] => {
  const c = Object.fromEntries(CENTRE_KEYS.map((k) => [k, form[`centre.${k}`]?.trim() || undefined]));
  return Object.values(c).some(Boolean) ? (c as unknown as ProjectConfig['centre']) : undefined;
};

const signatoryOf = (form: ConfigForm) => {
  const [name = '', fn = ''] = [form['signatory.name']?.trim(), form['signatory.function']?.trim()];
  return name || fn ? { name, function: fn } : undefined;
};

const LIST_FIELDS = ['targetGroups', 'quotas', 'supportCatalogue'];

/** 'config.quotas.2.min' -> the 'quotas' field, "wiersz 3: …"; 'config.budget.total' -> 'budget.total'. */
export function formErrors(fields: FieldError[]): FieldError[] {
  return fields.map(({ field, message }) => {
    const path = field.replace(/^config\./, '').split('.');
    const [head = '', index] = path;
    if (LIST_FIELDS.includes(head) && index !== undefined && /^\d+$/.test(index)) return { field: head, message: `wiersz ${Number(index) + 1}: ${message}` };
    if (head === 'attendance') return { field: `att.${path[1] ?? ''}`, message };
    if (head === 'escalation') return { field: index === 'afterWorkingDays' ? 'esc.days' : `esc.${Number(path[2] ?? 0) + 1}`, message };
    if (head === 'indicatorTargets') return { field: `target.${path[1] ?? ''}`, message };
    if (head === 'eligibility') return { field: `elig.${path[1] ?? ''}`, message };
    if (head === 'indicators') {
      const [, key = '', i] = path;
      const rowNote = key === 'efficiencyGroups' && i !== undefined && /^\d+$/.test(i) ? `wiersz ${Number(i) + 1}: ` : '';
      return { field: `ind.${key}`, message: `${rowNote}${message}` };
    }
    return { field: path.join('.'), message };
  });
}

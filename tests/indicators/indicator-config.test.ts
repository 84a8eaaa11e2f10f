// The schema of a project's indicator rules: what it accepts, that the project schema keeps it (it used
// to strip it), and each refusal with its Polish message on the field the form maps it to.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AppError } from '../../domain/errors';
import {
  DEFAULT_INDICATOR_CONFIG,
  EMPTY_PROJECT_CONFIG,
  indicatorConfigSchema,
  parseOrFail,
  projectConfigSchema,
  type EfficiencyGroup,
  type IndicatorConfig,
} from '../../domain/project';

const group = (over: Partial<EfficiencyGroup> = {}): EfficiencyGroup => ({
  code: 'g',
  label: { pl: 'Grupa', en: 'Group' },
  members: 'all',
  formula: { kind: 'separate', social: 0.34, employment: 0.22 },
  ...over,
});
const withGroups = (...efficiencyGroups: EfficiencyGroup[]): IndicatorConfig => ({ ...DEFAULT_INDICATOR_CONFIG, efficiencyGroups });

/** The Polish messages by field path, or {} when the input is valid. */
function refusals<T>(schema: z.ZodType<T>, input: unknown): Record<string, string> {
  try {
    parseOrFail(schema, input, 'Zasady wskaźników');
    return {};
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect(e.code).toBe('invalid_input');
    return Object.fromEntries(e.fields.map((f) => [f.field, f.message]));
  }
}

describe('indicator rules schema', () => {
  it('accepts the defaults, a combined formula, shares at 0 and 100%, and a group by target group', () => {
    expect(parseOrFail(indicatorConfigSchema, DEFAULT_INDICATOR_CONFIG, 'x')).toEqual(DEFAULT_INDICATOR_CONFIG);
    const custom: IndicatorConfig = {
      resultWindowDays: 30,
      efficiencyWindowMonths: 6,
      adultAge: 16,
      adultOnly: ['working'],
      employmentContracts: ['employment'],
      efficiencyGroups: [
        group({ code: 'on', members: 'disability', formula: { kind: 'combined', total: 0.46, employment: 0.12 } }),
        group({ code: 'rest', members: 'no_disability', formula: { kind: 'combined', total: 0.56, employment: 0.56 } }),
        group({ code: 'zero', members: 'women', formula: { kind: 'separate', social: 0, employment: 1 } }),
        group({ code: 'popz', members: { targetGroup: 'popz' } }),
      ],
    };
    expect(parseOrFail(indicatorConfigSchema, custom, 'x')).toEqual(custom);
    // Kept by the project schema: before, zod stripped the unknown key and every project ran on the defaults.
    const config = { ...EMPTY_PROJECT_CONFIG, targetGroups: [{ code: 'popz', label: 'POPŻ', planned: 14 }], indicators: custom };
    expect(parseOrFail(projectConfigSchema, config, 'x').indicators).toEqual(custom);
    expect(parseOrFail(projectConfigSchema, EMPTY_PROJECT_CONFIG, 'x').indicators).toBeUndefined();
  });

  it('refuses shares outside 0-100% and a formula that is neither separate nor combined', () => {
    expect(refusals(indicatorConfigSchema, withGroups(group({ formula: { kind: 'separate', social: 1.2, employment: -0.01 } })))).toEqual({
      'efficiencyGroups.0.formula.social': 'Udział od 0 do 100%',
      'efficiencyGroups.0.formula.employment': 'Udział od 0 do 100%',
    });
    expect(refusals(indicatorConfigSchema, withGroups(group({ formula: { kind: 'separate', social: Number.NaN, employment: 0.1 } })))).toEqual({
      'efficiencyGroups.0.formula.social': 'Udział w procentach, np. „34%” albo „12,5%”',
    });
    expect(refusals(indicatorConfigSchema, withGroups(group({ formula: { kind: 'mixed', total: 0.5 } as never })))).toEqual({
      'efficiencyGroups.0.formula.kind': 'Wzór: „34% / 12%” (społeczna / zatrudnieniowa) albo „56% w tym 22%” (łącznie, w tym zatrudnieniowa)',
    });
  });

  it('refuses a combined formula whose employment minimum exceeds the total', () => {
    expect(refusals(indicatorConfigSchema, withGroups(group({ formula: { kind: 'combined', total: 0.2, employment: 0.3 } })))).toEqual({
      'efficiencyGroups.0.formula.employment': 'Efektywność zatrudnieniowa nie może przekraczać łącznej',
    });
  });

  it('refuses no group at all, a repeated group code, a bad code, an empty name and unknown members', () => {
    expect(refusals(indicatorConfigSchema, withGroups())).toEqual({ efficiencyGroups: 'Co najmniej jedna grupa efektywności' });
    expect(refusals(indicatorConfigSchema, withGroups(group({ code: 'a' }), group({ code: 'b' }), group({ code: 'a' })))).toEqual({
      'efficiencyGroups.2.code': 'Kod „a” powtarza się',
    });
    expect(refusals(indicatorConfigSchema, withGroups(group({ code: 'a b', label: { pl: ' ', en: 'A' }, members: 'men' as never })))).toEqual({
      'efficiencyGroups.0.code': 'Kod: litery, cyfry, „-” i „_”',
      'efficiencyGroups.0.label.pl': 'Pole wymagane',
      'efficiencyGroups.0.members': 'Kto należy do grupy: all, disability, no_disability, women albo kod grupy docelowej',
    });
  });

  it('refuses windows and an adult age out of range, and no kind of work counted', () => {
    const bad = { ...DEFAULT_INDICATOR_CONFIG, resultWindowDays: 0, efficiencyWindowMonths: 25, adultAge: 17.5, employmentContracts: [] };
    expect(refusals(indicatorConfigSchema, bad)).toEqual({
      resultWindowDays: 'Co najmniej 1 dzień',
      efficiencyWindowMonths: 'Najwyżej 24 miesiące',
      adultAge: 'Liczba całkowita',
      employmentContracts: 'Co najmniej jeden rodzaj pracy',
    });
    expect(refusals(indicatorConfigSchema, { ...DEFAULT_INDICATOR_CONFIG, resultWindowDays: 367, adultAge: -1 })).toEqual({
      resultWindowDays: 'Najwyżej 366 dni',
      adultAge: 'Nie może być ujemny',
    });
  });

  it('in a project, refuses a group made of a target group the project does not have', () => {
    const config = { ...EMPTY_PROJECT_CONFIG, targetGroups: [{ code: 'popz', label: 'POPŻ', planned: 14 }], indicators: withGroups(group({ members: { targetGroup: 'bezdomni' } })) };
    expect(refusals(projectConfigSchema, config)).toEqual({ 'indicators.efficiencyGroups.0.members': 'Nie ma grupy docelowej „bezdomni”' });
  });
});

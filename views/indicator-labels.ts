// The indicator dashboard's words, Polish by default, English with the same keys (the type checks it).
import type { CountIndicator, EfficiencyKind, ExclusionReason } from '../domain/indicators';
import type { IndicatorWindows } from '../domain/project';

const pl = {
  title: 'Wskaźniki projektu',
  asOf: 'Stan na',
  computedNote: 'Wyliczone z dziennika zdarzeń na podany moment.',
  product: 'Wskaźniki produktu',
  // The windows and the age are the project's configuration (IndicatorConfig), not constants.
  result: (days: number) => `Wskaźniki rezultatu (do ${days} dni od zakończenia udziału)`,
  efficiency: (months: number) => `Efektywność społeczna i zatrudnieniowa (do ${months} mies. od zakończenia udziału)`,
  indicator: 'Wskaźnik',
  value: 'Wartość',
  target: 'Cel',
  threshold: 'Próg',
  base: 'podstawa: zakończyli udział',
  disabled: 'w tym z niepełnosprawnościami',
  others: 'pozostali',
  met: 'osiągnięty',
  notMet: 'nieosiągnięty',
  noTarget: 'brak celu',
  noBase: 'brak podstawy',
  chart: 'Wartość wobec celu',
  trend: 'Przebieg w miesiącach',
  excluded: 'Nieliczeni',
  group: 'Grupa',
  exports: 'Eksport danych monitoringowych (SL2014)',
  csv: 'CSV',
  xlsx: 'XLSX',
  count: {
    supported: 'Osoby zagrożone ubóstwem lub wykluczeniem społecznym objęte wsparciem',
    supportedDisabled: 'Osoby z niepełnosprawnościami objęte wsparciem',
    supportedWomen: 'Kobiety objęte wsparciem',
    qualifications: 'Osoby, które uzyskały kwalifikacje po opuszczeniu programu',
    jobSeeking: 'Osoby poszukujące pracy po opuszczeniu programu',
    working: 'Osoby pracujące po opuszczeniu programu (łącznie z pracującymi na własny rachunek)',
  } satisfies Record<CountIndicator, string>,
  kind: {
    social: 'Efektywność społeczna',
    employment: 'Efektywność zatrudnieniowa',
    combined: 'Efektywność społeczno-zatrudnieniowa',
  } satisfies Record<EfficiencyKind, string>,
  reason: {
    under_age: (age: number) => `poniżej ${age} lat przy przystąpieniu`,
    employed_at_entry: 'pracujący przy przystąpieniu',
    start_up_grant: 'dotacja na działalność gospodarczą',
    back_to_school: 'powrót do nauki',
    not_completed: 'przerwał(a) udział',
    pending: 'oczekuje na monitoring',
    late: 'wynik po terminie',
  } satisfies Record<ExclusionReason, string | ((age: number) => string)>,
};

type Templates = typeof pl;

const en: Templates = {
  title: 'Project indicators',
  asOf: 'As of',
  computedNote: 'Computed from the event log as of the moment shown.',
  product: 'Product indicators',
  result: (days: number) => `Result indicators (within ${days} days of leaving)`,
  efficiency: (months: number) => `Social and employment efficiency (within ${months} months of leaving)`,
  indicator: 'Indicator',
  value: 'Value',
  target: 'Target',
  threshold: 'Threshold',
  base: 'base: ended participation',
  disabled: 'of which with disabilities',
  others: 'others',
  met: 'met',
  notMet: 'not met',
  noTarget: 'no target',
  noBase: 'no base yet',
  chart: 'Value against target',
  trend: 'Trend by month',
  excluded: 'Not counted',
  group: 'Group',
  exports: 'Monitoring data export (SL2014)',
  csv: 'CSV',
  xlsx: 'XLSX',
  count: {
    supported: 'People at risk of poverty or social exclusion supported',
    supportedDisabled: 'Persons with disabilities supported',
    supportedWomen: 'Women supported',
    qualifications: 'People who obtained a qualification after leaving',
    jobSeeking: 'People job seeking after leaving',
    working: 'People working after leaving (self-employed included)',
  },
  kind: { social: 'Social efficiency', employment: 'Employment efficiency', combined: 'Social and employment efficiency' },
  reason: {
    under_age: (age: number) => `under ${age} at entry`,
    employed_at_entry: 'employed at entry',
    start_up_grant: 'start-up grant',
    back_to_school: 'back to school',
    not_completed: 'left early',
    pending: 'follow-up pending',
    late: 'result outside the window',
  },
};

export const INDICATOR_LABELS = { pl, en } as const;

export type IndicatorLabels = Omit<Templates, 'result' | 'efficiency' | 'reason'> & {
  result: string;
  efficiency: string;
  reason: Record<ExclusionReason, string>;
};

/** The dashboard's words in one language, with the project's windows and age of majority filled in. */
export function indicatorLabels(lang: keyof typeof INDICATOR_LABELS, w: IndicatorWindows): IndicatorLabels {
  const t = INDICATOR_LABELS[lang];
  return {
    ...t,
    result: t.result(w.resultWindowDays),
    efficiency: t.efficiency(w.efficiencyWindowMonths),
    reason: { ...t.reason, under_age: t.reason.under_age(w.adultAge) },
  };
}

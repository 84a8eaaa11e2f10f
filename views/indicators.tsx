// The indicator dashboard: each figure's value against its target or threshold (a bar), every number a
// link to the participants behind it, and each figure over the project's months against its target line
// (views/indicator-chart.tsx, with the same numbers as a table). Server-rendered SVG, no script.
import type { Child } from 'hono/jsx';
import type { CountFigure, Exclusion, IndicatorReport, ShareFigure } from '../domain/indicators';
import { formatDateTime } from '../i18n/format';
import { translator, type Locale, type Translate } from '../i18n';
import type { IndicatorWindows } from '../domain/project';
import { MAX_FILTER_IDS } from '../domain/lists';
import { IndicatorChart } from './indicator-chart';
import { countLabel, countSeries, percent, shareLabel, shareSeries } from '../documents/chart';

export interface IndicatorDashboardProps {
  project: { id: string; code: string; name: string };
  report: IndicatorReport;
  /** The same report at the end of each month ('YYYY-MM'), oldest first. */
  trend: { month: string; report: IndicatorReport }[];
  /** Efficiency group labels by code (from the project's indicator configuration). */
  groups: Record<string, { pl: string; en: string }>;
  /** The project's result and efficiency windows and age of majority, which the headings name. */
  windows: IndicatorWindows;
  lang?: Locale;
  /** Where a number leads: the participant list filtered to these applications. */
  participantsHref?: (ids: string[]) => string;
  /** Links to the exports, if the viewer may use them. */
  exportHrefs?: { csv: string; xlsx: string } | undefined;
  /** The director's PDF report of the same moment, if the viewer may have it. */
  pdfHref?: string | undefined;
  /** Shown under the moment (the page's choice of day, when it was computed). */
  controls?: Child;
}

const participantsLink = (ids: string[]) => `/participants?ids=${ids.join(',')}`;


const W = 240;
const H = 22;

/** A horizontal bar with a marker at the goal; scale fits both. */
function Bar(props: { value: number; goal: number | null; max: number; title: string; met: boolean | null }) {
  const scale = (v: number) => (props.max > 0 ? Math.min(W, (v / props.max) * W) : 0);
  const colour = props.met === false ? '#b45309' : '#15803d';
  return (
    <svg width={W + 2} height={H} viewBox={`0 0 ${W + 2} ${H}`} role="img" class="indicator-bar">
      <title>{props.title}</title>
      <rect x="0" y="4" width={W} height={H - 8} fill="#e5e7eb" />
      <rect x="0" y="4" width={scale(props.value)} height={H - 8} fill={colour} />
      {props.goal !== null ? <line x1={scale(props.goal)} x2={scale(props.goal)} y1="0" y2={H} stroke="#111827" stroke-width="2" /> : null}
    </svg>
  );
}

/** A figure linked to the list of its participants; too many for one link, it stays plain text. */
function Ids(props: { ids: string[]; href: (ids: string[]) => string; children: unknown }) {
  const linkable = props.ids.length > 0 && props.ids.length <= MAX_FILTER_IDS;
  return linkable ? <a href={props.href(props.ids)}>{props.children}</a> : <span>{props.children}</span>;
}

function Excluded(props: { excluded: Exclusion[]; t: Translate; href: (ids: string[]) => string; adultAge: number }) {
  if (!props.excluded.length) return null;
  const byReason = new Map<Exclusion['reason'], string[]>();
  for (const e of props.excluded) byReason.set(e.reason, [...(byReason.get(e.reason) ?? []), e.applicationId]);
  return (
    <small class="indicator-excluded">
      {props.t('indicators.excluded')}:{' '}
      {[...byReason].map(([reason, ids], i) => (
        <>
          {i > 0 ? '; ' : ''}
          {props.t(`indicators.excludedBecause.${reason}`, { age: props.adultAge })} (<Ids ids={ids} href={props.href}>{ids.length}</Ids>)
        </>
      ))}
    </small>
  );
}

/** A figure's row head: its name, and who is not counted in it and why. */
function FigureHead(props: { label: string; excluded: Exclusion[]; t: Translate; href: (ids: string[]) => string; adultAge: number }) {
  return (
    <th scope="row">
      {props.label}
      <br />
      <Excluded excluded={props.excluded} t={props.t} href={props.href} adultAge={props.adultAge} />
    </th>
  );
}

const shareKey = (f: ShareFigure) => `efficiency-${f.group}-${f.kind}`;

function CountRow(props: { f: CountFigure; t: Translate; href: (ids: string[]) => string; adultAge: number }) {
  const { f, t, href } = props;
  const label = countLabel(t, f);
  const max = Math.max(f.value, f.target ?? 0, 1);
  return (
    <tr id={`indicator-${f.key}`}>
      <FigureHead label={label} excluded={f.excluded} t={t} href={href} adultAge={props.adultAge} />
      <td class="num">
        <Ids ids={f.ids} href={href}>{f.value}</Ids>
        <br />
        <small>
          {t('indicators.disabled')}: <Ids ids={f.split.disabled} href={href}>{f.split.disabled.length}</Ids>, {t('indicators.others')}:{' '}
          <Ids ids={f.split.others} href={href}>{f.split.others.length}</Ids>
        </small>
      </td>
      <td class="num">{f.target ?? t('indicators.noTarget')}</td>
      <td>{f.met === null ? '' : f.met ? t('indicators.met') : t('indicators.notMet')}</td>
      <td>
        <Bar value={f.value} goal={f.target} max={max} met={f.met} title={`${label}: ${f.value} / ${f.target ?? t('indicators.noTarget')}`} />
      </td>
    </tr>
  );
}

function ShareRow(props: {
  f: ShareFigure;
  group: string;
  t: Translate;
  href: (ids: string[]) => string;
  adultAge: number;
}) {
  const { f, t, href } = props;
  const label = shareLabel(t, f, props.group);
  const threshold = f.threshold === null ? t('indicators.noThreshold') : `≥ ${percent(f.threshold)}`;
  const judged = f.threshold === null ? t('indicators.noThreshold') : f.met === null ? t('indicators.noBase') : f.met ? t('indicators.met') : t('indicators.notMet');
  return (
    <tr id={shareKey(f)}>
      <FigureHead label={label} excluded={f.excluded} t={t} href={href} adultAge={props.adultAge} />
      <td class="num">
        {percent(f.value)}
        <br />
        <small>
          <Ids ids={f.ids} href={href}>{f.ids.length}</Ids> / <Ids ids={f.baseIds} href={href}>{f.baseIds.length}</Ids> ({t('indicators.base')})
        </small>
      </td>
      <td class="num">{threshold}</td>
      <td>{judged}</td>
      <td>
        <Bar value={f.value ?? 0} goal={f.threshold} max={1} met={f.met} title={`${label}: ${percent(f.value)} / ${threshold}`} />
      </td>
    </tr>
  );
}

function Head(props: { t: Translate; goal: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{props.t('indicators.indicator')}</th>
        <th scope="col">{props.t('indicators.value')}</th>
        <th scope="col">{props.goal}</th>
        <th scope="col"></th>
        <th scope="col">{props.t('indicators.chart')}</th>
      </tr>
    </thead>
  );
}

export function IndicatorDashboard(props: IndicatorDashboardProps) {
  const lang = props.lang ?? 'pl';
  const t = translator(lang);
  const adultAge = props.windows.adultAge;
  const href = props.participantsHref ?? participantsLink;
  const { report } = props;
  const groupOf = (f: ShareFigure) => props.groups[f.group]?.[lang] ?? f.group;
  const figures = (kind: CountFigure['kind']) => report.counts.filter((f) => f.kind === kind);
  const counts = (kind: CountFigure['kind']) => figures(kind).map((f) => <CountRow f={f} t={t} href={href} adultAge={adultAge} />);
  const countCharts = (kind: CountFigure['kind']) => (
    <div class="indicator-charts">
      {figures(kind).map((f) => (
        <IndicatorChart id={f.key} label={countLabel(t, f)} points={countSeries(props.trend, f)} goal={f.target} share={false} format={(v) => (v === null ? '–' : String(v))} t={t} />
      ))}
    </div>
  );
  return (
    <section class="indicators" aria-labelledby="indicators-title">
      <h1 id="indicators-title">
        {t('indicators.title')}: {props.project.code} – {props.project.name}
      </h1>
      <p>
        {t('indicators.asOf')}: <time datetime={report.asOf}>{formatDateTime(report.asOf)}</time>. {t('indicators.computedNote')}
      </p>
      {props.controls}
      {props.pdfHref ? (
        <p>
          <a href={props.pdfHref}>{t('indicators.pdf')}</a>
        </p>
      ) : null}
      {props.exportHrefs ? (
        <p>
          {t('indicators.exports')}: <a href={props.exportHrefs.csv}>{t('indicators.csv')}</a> · <a href={props.exportHrefs.xlsx}>{t('indicators.xlsx')}</a>
        </p>
      ) : null}
      <h2>{t('indicators.product')}</h2>
      <table class="indicator-table">
        <Head t={t} goal={t('indicators.target')} />
        <tbody>{counts('product')}</tbody>
      </table>
      {countCharts('product')}
      <h2>{t('indicators.result', { days: props.windows.resultWindowDays })}</h2>
      <table class="indicator-table">
        <Head t={t} goal={t('indicators.target')} />
        <tbody>{counts('result')}</tbody>
      </table>
      {countCharts('result')}
      <h2>{t('indicators.efficiency', { months: props.windows.efficiencyWindowMonths })}</h2>
      <table class="indicator-table">
        <Head t={t} goal={t('indicators.threshold')} />
        <tbody>
          {report.efficiency.map((f) => (
            <ShareRow f={f} group={groupOf(f)} t={t} href={href} adultAge={adultAge} />
          ))}
        </tbody>
      </table>
      {report.efficiency.some((f) => f.threshold === null) ? <p class="muted">{t('indicators.noThresholdNote')}</p> : null}
      <div class="indicator-charts">
        {report.efficiency.map((f) => (
          <IndicatorChart id={shareKey(f)} label={shareLabel(t, f, groupOf(f))} points={shareSeries(props.trend, f)} goal={f.threshold} share={true} format={percent} t={t} />
        ))}
      </div>
    </section>
  );
}

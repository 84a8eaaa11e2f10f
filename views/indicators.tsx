// The indicator dashboard: each figure's value against its target or threshold (a bar), its trend by
// month (a line), and every number a link to the participants behind it. Server-rendered SVG, no script.
import type { Child } from 'hono/jsx';
import type { CountFigure, Exclusion, IndicatorReport, ShareFigure } from '../domain/indicators';
import { formatDateTime } from '../i18n/format';
import { translator, type Locale, type Translate } from '../i18n';
import type { IndicatorWindows } from '../domain/project';
import { MAX_FILTER_IDS } from '../domain/lists';

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
  /** Shown under the moment (the page's choice of day, when it was computed). */
  controls?: Child;
}

const participantsLink = (ids: string[]) => `/participants?ids=${ids.join(',')}`;

const percent = (v: number | null) => (v === null ? '–' : `${(Math.round(v * 1000) / 10).toString().replace('.', ',')}%`);
const monthLabel = (m: string) => `${m.slice(5, 7)}.${m.slice(0, 4)}`;

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

const TW = 240;
const TH = 60;

/** A line over the months, with the goal as a dashed line. */
function Trend(props: { points: { month: string; value: number | null }[]; goal: number | null; max: number; title: string }) {
  const n = props.points.length;
  const x = (i: number) => (n <= 1 ? TW / 2 : (i / (n - 1)) * (TW - 4) + 2);
  const y = (v: number) => TH - 12 - (props.max > 0 ? (v / props.max) * (TH - 16) : 0);
  const line = props.points
    .map((p, i) => (p.value === null ? null : `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`))
    .filter((p): p is string => p !== null)
    .join(' ');
  const first = props.points[0];
  const last = props.points[n - 1];
  return (
    <svg width={TW} height={TH} viewBox={`0 0 ${TW} ${TH}`} role="img" class="indicator-trend">
      <title>{props.title}</title>
      {props.goal !== null ? <line x1="0" x2={TW} y1={y(props.goal)} y2={y(props.goal)} stroke="#9ca3af" stroke-dasharray="4 3" /> : null}
      <polyline points={line} fill="none" stroke="#1d4ed8" stroke-width="2" />
      {first ? (
        <text x="0" y={TH - 1} font-size="9" fill="#4b5563">
          {monthLabel(first.month)}
        </text>
      ) : null}
      {last && n > 1 ? (
        <text x={TW} y={TH - 1} font-size="9" fill="#4b5563" text-anchor="end">
          {monthLabel(last.month)}
        </text>
      ) : null}
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

function CountRow(props: { f: CountFigure; series: { month: string; value: number | null }[]; t: Translate; href: (ids: string[]) => string; adultAge: number }) {
  const { f, t, href } = props;
  const label = t(`indicators.count.${f.code}`);
  const max = Math.max(f.value, f.target ?? 0, ...props.series.map((p) => p.value ?? 0), 1);
  return (
    <tr id={`indicator-${f.code}`}>
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
      <td>
        <Trend points={props.series} goal={f.target} max={max} title={`${label}: ${t('indicators.trend')}`} />
      </td>
    </tr>
  );
}

function ShareRow(props: {
  f: ShareFigure;
  group: string;
  series: { month: string; value: number | null }[];
  t: Translate;
  href: (ids: string[]) => string;
  adultAge: number;
}) {
  const { f, t, href } = props;
  const label = `${t(`indicators.kind.${f.kind}`)}: ${props.group}`;
  return (
    <tr id={`efficiency-${f.group}-${f.kind}`}>
      <FigureHead label={label} excluded={f.excluded} t={t} href={href} adultAge={props.adultAge} />
      <td class="num">
        {percent(f.value)}
        <br />
        <small>
          <Ids ids={f.ids} href={href}>{f.ids.length}</Ids> / <Ids ids={f.baseIds} href={href}>{f.baseIds.length}</Ids> ({t('indicators.base')})
        </small>
      </td>
      <td class="num">≥ {percent(f.threshold)}</td>
      <td>{f.met === null ? t('indicators.noBase') : f.met ? t('indicators.met') : t('indicators.notMet')}</td>
      <td>
        <Bar value={f.value ?? 0} goal={f.threshold} max={1} met={f.met} title={`${label}: ${percent(f.value)} / ${percent(f.threshold)}`} />
      </td>
      <td>
        <Trend points={props.series} goal={f.threshold} max={1} title={`${label}: ${t('indicators.trend')}`} />
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
        <th scope="col">{props.t('indicators.trend')}</th>
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
  const countSeries = (f: CountFigure) =>
    props.trend.map((p) => ({ month: p.month, value: p.report.counts.find((c) => c.code === f.code)?.value ?? null }));
  const shareSeries = (f: ShareFigure) =>
    props.trend.map((p) => ({ month: p.month, value: p.report.efficiency.find((e) => e.group === f.group && e.kind === f.kind)?.value ?? null }));
  const counts = (kind: CountFigure['kind']) =>
    report.counts.filter((f) => f.kind === kind).map((f) => <CountRow f={f} series={countSeries(f)} t={t} href={href} adultAge={adultAge} />);
  return (
    <section class="indicators" aria-labelledby="indicators-title">
      <h1 id="indicators-title">
        {t('indicators.title')}: {props.project.code} – {props.project.name}
      </h1>
      <p>
        {t('indicators.asOf')}: <time datetime={report.asOf}>{formatDateTime(report.asOf)}</time>. {t('indicators.computedNote')}
      </p>
      {props.controls}
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
      <h2>{t('indicators.result', { days: props.windows.resultWindowDays })}</h2>
      <table class="indicator-table">
        <Head t={t} goal={t('indicators.target')} />
        <tbody>{counts('result')}</tbody>
      </table>
      <h2>{t('indicators.efficiency', { months: props.windows.efficiencyWindowMonths })}</h2>
      <table class="indicator-table">
        <Head t={t} goal={t('indicators.threshold')} />
        <tbody>
          {report.efficiency.map((f) => (
            <ShareRow f={f} group={props.groups[f.group]?.[lang] ?? f.group} series={shareSeries(f)} t={t} href={href} adultAge={adultAge} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

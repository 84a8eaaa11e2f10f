// The indicator dashboard: each figure's value against its target or threshold (a bar), its trend by
// month (a line), and every number a link to the participants behind it. Server-rendered SVG, no script.
import type { Child } from 'hono/jsx';
import type { CountFigure, Exclusion, IndicatorReport, ShareFigure } from '../domain/indicators';
import { formatDateTime } from './format';
import type { Locale } from './i18n';
import type { IndicatorWindows } from '../domain/project';
import { indicatorLabels, type IndicatorLabels } from './indicator-labels';
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

function Excluded(props: { excluded: Exclusion[]; t: IndicatorLabels; href: (ids: string[]) => string }) {
  if (!props.excluded.length) return null;
  const byReason = new Map<Exclusion['reason'], string[]>();
  for (const e of props.excluded) byReason.set(e.reason, [...(byReason.get(e.reason) ?? []), e.applicationId]);
  return (
    <small class="indicator-excluded">
      {props.t.excluded}:{' '}
      {[...byReason].map(([reason, ids], i) => (
        <>
          {i > 0 ? '; ' : ''}
          {props.t.reason[reason]} (<Ids ids={ids} href={props.href}>{ids.length}</Ids>)
        </>
      ))}
    </small>
  );
}

function CountRow(props: { f: CountFigure; series: { month: string; value: number | null }[]; t: IndicatorLabels; href: (ids: string[]) => string }) {
  const { f, t, href } = props;
  const label = t.count[f.code];
  const max = Math.max(f.value, f.target ?? 0, ...props.series.map((p) => p.value ?? 0), 1);
  return (
    <tr id={`indicator-${f.code}`}>
      <th scope="row">
        {label}
        <br />
        <Excluded excluded={f.excluded} t={t} href={href} />
      </th>
      <td class="num">
        <Ids ids={f.ids} href={href}>{f.value}</Ids>
        <br />
        <small>
          {t.disabled}: <Ids ids={f.split.disabled} href={href}>{f.split.disabled.length}</Ids>, {t.others}:{' '}
          <Ids ids={f.split.others} href={href}>{f.split.others.length}</Ids>
        </small>
      </td>
      <td class="num">{f.target ?? t.noTarget}</td>
      <td>{f.met === null ? '' : f.met ? t.met : t.notMet}</td>
      <td>
        <Bar value={f.value} goal={f.target} max={max} met={f.met} title={`${label}: ${f.value} / ${f.target ?? t.noTarget}`} />
      </td>
      <td>
        <Trend points={props.series} goal={f.target} max={max} title={`${label}: ${t.trend}`} />
      </td>
    </tr>
  );
}

function ShareRow(props: {
  f: ShareFigure;
  group: string;
  series: { month: string; value: number | null }[];
  t: IndicatorLabels;
  href: (ids: string[]) => string;
}) {
  const { f, t, href } = props;
  const label = `${t.kind[f.kind]}: ${props.group}`;
  return (
    <tr id={`efficiency-${f.group}-${f.kind}`}>
      <th scope="row">
        {label}
        <br />
        <Excluded excluded={f.excluded} t={t} href={href} />
      </th>
      <td class="num">
        {percent(f.value)}
        <br />
        <small>
          <Ids ids={f.ids} href={href}>{f.ids.length}</Ids> / <Ids ids={f.baseIds} href={href}>{f.baseIds.length}</Ids> ({t.base})
        </small>
      </td>
      <td class="num">≥ {percent(f.threshold)}</td>
      <td>{f.met === null ? t.noBase : f.met ? t.met : t.notMet}</td>
      <td>
        <Bar value={f.value ?? 0} goal={f.threshold} max={1} met={f.met} title={`${label}: ${percent(f.value)} / ${percent(f.threshold)}`} />
      </td>
      <td>
        <Trend points={props.series} goal={f.threshold} max={1} title={`${label}: ${t.trend}`} />
      </td>
    </tr>
  );
}

function Head(props: { t: IndicatorLabels; goal: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{props.t.indicator}</th>
        <th scope="col">{props.t.value}</th>
        <th scope="col">{props.goal}</th>
        <th scope="col"></th>
        <th scope="col">{props.t.chart}</th>
        <th scope="col">{props.t.trend}</th>
      </tr>
    </thead>
  );
}

export function IndicatorDashboard(props: IndicatorDashboardProps) {
  const lang = props.lang ?? 'pl';
  const t = indicatorLabels(lang, props.windows);
  const href = props.participantsHref ?? participantsLink;
  const { report } = props;
  const countSeries = (f: CountFigure) =>
    props.trend.map((p) => ({ month: p.month, value: p.report.counts.find((c) => c.code === f.code)?.value ?? null }));
  const shareSeries = (f: ShareFigure) =>
    props.trend.map((p) => ({ month: p.month, value: p.report.efficiency.find((e) => e.group === f.group && e.kind === f.kind)?.value ?? null }));
  const counts = (kind: CountFigure['kind']) =>
    report.counts.filter((f) => f.kind === kind).map((f) => <CountRow f={f} series={countSeries(f)} t={t} href={href} />);
  return (
    <section class="indicators" aria-labelledby="indicators-title">
      <h1 id="indicators-title">
        {t.title}: {props.project.code} – {props.project.name}
      </h1>
      <p>
        {t.asOf}: <time datetime={report.asOf}>{formatDateTime(report.asOf)}</time>. {t.computedNote}
      </p>
      {props.controls}
      {props.exportHrefs ? (
        <p>
          {t.exports}: <a href={props.exportHrefs.csv}>{t.csv}</a> · <a href={props.exportHrefs.xlsx}>{t.xlsx}</a>
        </p>
      ) : null}
      <h2>{t.product}</h2>
      <table class="indicator-table">
        <Head t={t} goal={t.target} />
        <tbody>{counts('product')}</tbody>
      </table>
      <h2>{t.result}</h2>
      <table class="indicator-table">
        <Head t={t} goal={t.target} />
        <tbody>{counts('result')}</tbody>
      </table>
      <h2>{t.efficiency}</h2>
      <table class="indicator-table">
        <Head t={t} goal={t.threshold} />
        <tbody>
          {report.efficiency.map((f) => (
            <ShareRow f={f} group={props.groups[f.group]?.[lang] ?? f.group} series={shareSeries(f)} t={t} href={href} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

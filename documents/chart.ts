// The geometry of an indicator's chart over the project's months: a line of the month-end values against
// a horizontal target line, with the ticks of both axes. Pure; the dashboard draws it as SVG
// (views/indicator-chart.tsx) and the director's report with pdfkit (documents/indicator-report.ts), so
// the page and the paper show one picture.

import type { CountFigure, IndicatorReport, ShareFigure } from '../domain/indicators';
import type { Translate } from '../i18n';

export interface ChartPoint {
  /** 'YYYY-MM' */
  month: string;
  /** Null: nothing to measure yet (an efficiency with an empty base). */
  value: number | null;
}

export interface ChartBox {
  width: number;
  height: number;
  /** Room for the axis labels: left (values) and bottom (months). */
  left: number;
  bottom: number;
  top: number;
  right: number;
}

export interface ChartGeometry {
  /** Runs of the line between months without a value. */
  lines: { x: number; y: number }[][];
  /** One dot per month with a value (a single month draws no line). */
  dots: { x: number; y: number; month: string; value: number }[];
  goalY: number | null;
  yTicks: { y: number; value: number }[];
  xTicks: { x: number; month: string }[];
  plot: { x0: number; x1: number; y0: number; y1: number };
}

export const CHART_BOX: ChartBox = { width: 560, height: 180, left: 44, bottom: 26, top: 10, right: 12 };

/** 'YYYY-MM' -> 'MM.YYYY' (Polish month notation). */
export const monthLabel = (m: string) => `${m.slice(5, 7)}.${m.slice(0, 4)}`;

/** A round step for about four value ticks (1, 2, 5 × 10^n); shares (max 1) tick by 25%. */
function tickStep(max: number, share: boolean): number {
  if (share) return 0.25;
  const raw = max / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw) || 1;
}

export function chartGeometry(points: ChartPoint[], goal: number | null, opts: { share: boolean; box?: ChartBox }): ChartGeometry {
  const box = opts.box ?? CHART_BOX;
  const plot = { x0: box.left, x1: box.width - box.right, y0: box.height - box.bottom, y1: box.top };
  const top = opts.share ? 1 : Math.max(1, goal ?? 0, ...points.map((p) => p.value ?? 0));
  const step = tickStep(top, opts.share);
  const max = Math.ceil(top / step - 1e-9) * step;
  const n = points.length;
  const x = (i: number) => (n <= 1 ? (plot.x0 + plot.x1) / 2 : plot.x0 + (i / (n - 1)) * (plot.x1 - plot.x0));
  const y = (v: number) => plot.y0 - (Math.min(v, max) / max) * (plot.y0 - plot.y1);
  const lines: ChartGeometry['lines'] = [];
  let run: { x: number; y: number }[] = [];
  const dots: ChartGeometry['dots'] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (run.length) lines.push(run);
      run = [];
      return;
    }
    run.push({ x: x(i), y: y(p.value) });
    dots.push({ x: x(i), y: y(p.value), month: p.month, value: p.value });
  });
  if (run.length) lines.push(run);
  const yTicks = Array.from({ length: Math.round(max / step) + 1 }, (_, k) => ({ value: k * step, y: y(k * step) }));
  // About six month labels, always the first and the last.
  const every = Math.max(1, Math.ceil(n / 6));
  const xTicks = points.map((p, i) => ({ x: x(i), month: p.month })).filter((_, i) => i === n - 1 || (i % every === 0 && n - 1 - i >= every / 2));
  return { lines: lines.filter((l) => l.length > 1), dots, goalY: goal === null ? null : y(goal), yTicks, xTicks, plot };
}

// ---- what a chart shows of a figure: its name, its value at each month's end, a share as a percentage ----

/** 0.245 -> "24,5%"; null -> "–". */
export const percent = (v: number | null) => (v === null ? '–' : `${(Math.round(v * 1000) / 10).toString().replace('.', ',')}%`);

/** A count figure's name: the indicator's, or the target group's. */
export const countLabel = (t: Translate, f: CountFigure) =>
  f.code === 'targetGroup' ? t('indicators.count.targetGroup', { group: f.targetGroup?.label ?? '' }) : t(`indicators.count.${f.code}`);
/** An efficiency figure's name: the kind and the group. */
export const shareLabel = (t: Translate, f: ShareFigure, group: string) => `${t(`indicators.kind.${f.kind}`)}: ${group}`;

type Trend = { month: string; report: IndicatorReport }[];
/** A figure's value at each month's end (the trend is the report at each month's end). */
export const countSeries = (trend: Trend, f: CountFigure): ChartPoint[] =>
  trend.map((p) => ({ month: p.month, value: p.report.counts.find((c) => c.key === f.key)?.value ?? null }));
export const shareSeries = (trend: Trend, f: ShareFigure): ChartPoint[] =>
  trend.map((p) => ({ month: p.month, value: p.report.efficiency.find((e) => e.group === f.group && e.kind === f.kind)?.value ?? null }));

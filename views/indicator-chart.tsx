// One indicator over the project's months against its target line, as inline SVG (no script), and the same
// numbers as a table: the chart is a picture with a title and a description (role="img"), the table is the
// data a screen reader or a copy reads. Geometry from documents/chart.ts, which the PDF report draws too.
import { chartGeometry, monthLabel, type ChartPoint } from '../documents/chart';
import type { Translate } from '../i18n';

export interface IndicatorChartProps {
  /** Unique on the page (the figure's key): the ids of the title, description and table. */
  id: string;
  label: string;
  points: ChartPoint[];
  /** The target or threshold; null: none (no line). */
  goal: number | null;
  /** Values are shares (0-1), shown as percentages. */
  share: boolean;
  /** How a value and the goal read ("24,5%", "43"). */
  format: (v: number | null) => string;
  t: Translate;
}

export function IndicatorChart(props: IndicatorChartProps) {
  const { t, points, goal } = props;
  const g = chartGeometry(points, goal, { share: props.share });
  const first = points[0];
  const last = points[points.length - 1];
  const goalText = goal === null ? t('indicators.noGoalLine') : t('indicators.goalLine', { goal: props.format(goal) });
  const desc = first && last ? t('indicators.chartDesc', { from: monthLabel(first.month), to: monthLabel(last.month), goal: goalText }) : goalText;
  const ids = { title: `chart-${props.id}-title`, desc: `chart-${props.id}-desc` };
  const w = g.plot.x1 + 12;
  const h = g.plot.y0 + 26;
  return (
    <figure class="indicator-chart" id={`chart-${props.id}`}>
      <svg viewBox={`0 0 ${w} ${h}`} width="100%" role="img" aria-labelledby={`${ids.title} ${ids.desc}`} class="indicator-line">
        <title id={ids.title}>{props.label}</title>
        <desc id={ids.desc}>{desc}</desc>
        {g.yTicks.map((tk) => (
          <>
            <line x1={g.plot.x0} x2={g.plot.x1} y1={tk.y} y2={tk.y} stroke="#e5e7eb" />
            <text x={g.plot.x0 - 4} y={tk.y + 3} font-size="10" fill="#374151" text-anchor="end">
              {props.format(tk.value)}
            </text>
          </>
        ))}
        <line x1={g.plot.x0} x2={g.plot.x0} y1={g.plot.y1} y2={g.plot.y0} stroke="#6b7280" />
        <line x1={g.plot.x0} x2={g.plot.x1} y1={g.plot.y0} y2={g.plot.y0} stroke="#6b7280" />
        {g.xTicks.map((tk) => (
          <text x={tk.x} y={g.plot.y0 + 14} font-size="10" fill="#374151" text-anchor="middle">
            {monthLabel(tk.month)}
          </text>
        ))}
        {g.goalY !== null ? (
          <line class="goal" x1={g.plot.x0} x2={g.plot.x1} y1={g.goalY} y2={g.goalY} stroke="#b91c1c" stroke-width="1.5" stroke-dasharray="6 4" />
        ) : null}
        {g.lines.map((l) => (
          <polyline points={l.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')} fill="none" stroke="#1d4ed8" stroke-width="2" />
        ))}
        {g.dots.map((d) => (
          <circle cx={d.x.toFixed(1)} cy={d.y.toFixed(1)} r="2.5" fill="#1d4ed8" />
        ))}
      </svg>
      <figcaption>
        <details>
          <summary>
            {props.label}: {t('indicators.monthly')}
          </summary>
          <table class="indicator-months">
            <caption class="sr-only">{props.label}</caption>
            <thead>
              <tr>
                <th scope="col">{t('indicators.month')}</th>
                <th scope="col">{t('indicators.value')}</th>
                <th scope="col">{props.share ? t('indicators.threshold') : t('indicators.target')}</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr>
                  <th scope="row">{monthLabel(p.month)}</th>
                  <td class="num">{props.format(p.value)}</td>
                  <td class="num">{goal === null ? (props.share ? t('indicators.noThreshold') : t('indicators.noTarget')) : props.format(goal)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}

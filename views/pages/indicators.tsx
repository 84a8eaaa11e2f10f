// The indicators page of one project: the moment asked about (a day, or now), when it was computed,
// the dashboard (views/indicators.tsx) with every number linked to the participants behind it.
import type { IndicatorDashboardData } from '../../server/services/indicators';
import type { ViewCtx } from '../context';
import { formatDate, formatDateTime } from '../../i18n/format';
import { IndicatorDashboard } from '../indicators';

export interface IndicatorsPageProps {
  ctx: ViewCtx;
  data: IndicatorDashboardData;
  /** The day asked about ('YYYY-MM-DD'), absent for now. */
  asOfDay?: string | undefined;
  computedAt: Date;
  today: string;
  canExport: boolean;
}

/** The participant list filtered to one figure's people, within the project. */
export const figureLink = (projectId: string) => (ids: string[]) =>
  `/participants?${new URLSearchParams({ projectId, ids: ids.join(',') }).toString()}`;

export function IndicatorsPage({ ctx, data, asOfDay, computedAt, today, canExport }: IndicatorsPageProps) {
  const { t } = ctx;
  const id = data.project.id;
  const asOfQuery = asOfDay ? `?${new URLSearchParams({ asOf: asOfDay }).toString()}` : '';
  const controls = (
    <div class="indicator-controls">
      <form method="get" action={`/projects/${id}/indicators`} class="inline">
        <label for="ind-asOf">{t('indicators.asOfDay')}</label>
        <input id="ind-asOf" name="asOf" type="date" value={asOfDay ?? today} max={today} />
        <button type="submit" class="secondary">
          {t('indicators.show')}
        </button>
        {asOfDay && <a href={`/projects/${id}/indicators`}>{t('indicators.now')}</a>}
      </form>
      <p class="muted" id="indicator-computed">
        {t('indicators.computedAt')}: <time datetime={computedAt.toISOString()}>{formatDateTime(computedAt)}</time>
        {asOfDay ? `. ${formatDate(asOfDay)}: ${t('indicators.historical')}` : ''}
      </p>
    </div>
  );
  return (
    <>
      <p>
        <a href={`/projects/${id}`}>← {data.project.code}</a>
      </p>
      <IndicatorDashboard
        project={data.project}
        report={data.report}
        trend={data.trend}
        groups={data.groups}
        windows={data.windows}
        lang={ctx.locale}
        participantsHref={figureLink(id)}
        pdfHref={`/projects/${id}/indicators.pdf${asOfQuery}`}
        exportHrefs={canExport ? { csv: `/projects/${id}/monitoring.csv${asOfQuery}`, xlsx: `/projects/${id}/monitoring.xlsx${asOfQuery}` } : undefined}
        controls={controls}
      />
    </>
  );
}

/** /indicators: which project's indicators. */
export function IndicatorProjectsPage({ ctx, projects }: { ctx: ViewCtx; projects: Array<{ id: string; code: string; name: string; startsOn: string; endsOn: string }> }) {
  const { t } = ctx;
  return (
    <section>
      <h1>{t('nav.indicators')}</h1>
      <p class="muted">{t('indicators.choose')}</p>
      <ul>
        {projects.map((p) => (
          <li>
            <a href={`/projects/${p.id}/indicators`}>
              {p.code} – {p.name}
            </a>{' '}
            <span class="muted">
              ({formatDate(p.startsOn)} – {formatDate(p.endsOn)})
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

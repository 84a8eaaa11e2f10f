// Participants: search (name or PESEL), filters, sorting, pagination, saved filters, bulk actions
// with a preview count and a confirmation.
import { STAGES } from '../../domain/types';
import { Alert, CsrfField, Field, Pagination, Select } from '../components';
import type { ViewCtx } from '../context';
import { formatDate } from '../../i18n/format';
import type { Sort } from '../../domain/lists';
import type { ParticipantFilter, ParticipantRow } from '../../server/services/participants';

export type { ParticipantFilter, ParticipantRow };

export interface BulkPreview {
  action: string;
  actionLabel: string;
  selected: number;
  applicable: number;
  ids: string[];
  params: Record<string, string>;
}

export interface ParticipantsPageProps {
  ctx: ViewCtx;
  filter: ParticipantFilter;
  rows: ParticipantRow[];
  total: number;
  pages: number;
  projects: Array<{ id: string; label: string }>;
  targetGroups: Array<{ code: string; label: string }>;
  socialWorkers: Array<{ id: string; name: string }>;
  savedFilters: Array<{ id: string; name: string; query: string }>;
  bulkActions: Array<{ value: string; label: string }>;
  preview?: BulkPreview | undefined;
  message?: string | undefined;
  canApply: boolean;
}

export function filterQuery(f: Partial<ParticipantFilter>, overrides: Partial<ParticipantFilter> = {}): string {
  const merged = { ...f, ...overrides };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) params.set(k, String(v));
  return params.toString();
}

function SortHeader({ f, sort, label }: { f: ParticipantFilter; sort: Sort; label: string }) {
  const active = f.sort === sort;
  const dir = active && f.dir === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" aria-sort={active ? (f.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={`/participants?${filterQuery(f, { sort, dir, page: 1 })}`}>
        {label}
        {active ? (f.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </a>
    </th>
  );
}

export function ParticipantsPage(props: ParticipantsPageProps) {
  const { ctx, filter: f, rows } = props;
  const { t } = ctx;
  const table = (
        <table>
      <thead>
        <tr>
          {props.bulkActions.length > 0 && (
            <th scope="col">
              <span class="sr-only">{t('list.select')}</span>
            </th>
          )}
          <SortHeader f={f} sort="name" label={t('participant.name')} />
          <th scope="col">{t('participant.pesel')}</th>
          <th scope="col">{t('participant.project')}</th>
          <SortHeader f={f} sort="stage" label={t('participant.stageBar')} />
          <SortHeader f={f} sort="points" label={t('participant.points')} />
          <th scope="col">{t('participant.socialWorker')}</th>
          <SortHeader f={f} sort="due" label={t('list.due')} />
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colspan={8}>{t('list.none')}</td>
          </tr>
        )}
        {rows.map((r) => (
          <tr>
            {props.bulkActions.length > 0 && (
              <td>
                <input type="checkbox" name="ids" value={r.id} id={`sel-${r.id}`} aria-label={`${t('list.select')}: ${r.name}`} />
              </td>
            )}
            <td>
              <a href={`/participants/${r.id}`}>{r.name}</a>
            </td>
            <td>{r.pesel}</td>
            <td>{r.projectCode}</td>
            <td>{t(`stage.${r.stage}`)}</td>
            <td class="num">{r.points ?? ''}</td>
            <td>{r.socialWorkerName ?? t('common.none')}</td>
            <td>{r.nextDueAt && <span class={r.overdue ? 'badge overdue' : 'badge'}>{formatDate(r.nextDueAt)}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section>
      <h1>{t('nav.participants')}</h1>
      {props.canApply && (
        <p>
          <a class="button" href="/participants/new">
            {t('apply.link')}
          </a>
        </p>
      )}
      {props.message && <Alert kind="ok">{props.message}</Alert>}
      {f.ids && (
        <Alert kind="info">
          <p>
            {t('list.idsFilter', { n: f.ids.length })} <a href={`/participants?${filterQuery({ ...f, ids: undefined }, { page: 1 })}`}>{t('list.idsClear')}</a>
          </p>
        </Alert>
      )}
      <form method="get" action="/participants" role="search" class="filters">
        {f.ids && <input type="hidden" name="ids" value={f.ids.join(',')} />}
        <div class="row">
          <Field idPrefix="pf" name="q" label={t('list.search')} value={f.q} maxlength={100} />
          <Select idPrefix="pf" name="stage" label={t('participant.stageBar')} blank={t('list.any')} options={STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} value={f.stage} />
          <Select idPrefix="pf" name="projectId" label={t('participant.project')} blank={t('list.any')} options={props.projects.map((p) => ({ value: p.id, label: p.label }))} value={f.projectId} />
        </div>
        <div class="row">
          <Select idPrefix="pf" name="targetGroup" label={t('participant.targetGroup')} blank={t('list.any')} options={props.targetGroups.map((g) => ({ value: g.code, label: g.label }))} value={f.targetGroup} />
          <Select idPrefix="pf" name="socialWorkerId" label={t('participant.socialWorker')} blank={t('list.any')} options={props.socialWorkers.map((w) => ({ value: w.id, label: w.name }))} value={f.socialWorkerId} />
          <Select
            idPrefix="pf"
            name="due"
            label={t('list.due')}
            blank={t('list.any')}
            options={[
              { value: 'overdue', label: t('list.due.overdue') },
              { value: 'week', label: t('list.due.week') },
            ]}
            value={f.due}
          />
          <input type="hidden" name="sort" value={f.sort} />
          <input type="hidden" name="dir" value={f.dir} />
          <div class="field">
            <button type="submit">{t('common.search')}</button>
          </div>
        </div>
      </form>

      <details class="saved">
        <summary>{t('list.saved')}</summary>
        {props.savedFilters.length > 0 && (
          <ul>
            {props.savedFilters.map((s) => (
              <li>
                <a href={`/participants?${s.query}`}>{s.name}</a>{' '}
                <form method="post" action={`/participants/filters/${s.id}/delete`} class="inline">
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="secondary" aria-label={`${t('list.deleteFilter')}: ${s.name}`}>
                    ×
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/participants/filters" class="inline">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="query" value={filterQuery(f, { page: 1 })} />
          <label for="sf-name">{t('list.filterName')}</label>
          <input id="sf-name" name="name" required maxlength={100} />
          <button type="submit" class="secondary">
            {t('list.saveFilter')}
          </button>
        </form>
      </details>

      <p class="muted" role="status">
        {t('list.count', { n: props.total })}
      </p>

      {props.preview && <BulkConfirm ctx={ctx} preview={props.preview} back={filterQuery(f)} />}

      {props.bulkActions.length > 0 ? (
        <form method="post" action="/participants/bulk/preview" id="bulk">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="back" value={filterQuery(f)} />
          {table}
        {props.bulkActions.length > 0 && (
          <fieldset class="row">
            <legend>{t('list.bulk')}</legend>
            <Select idPrefix="bulk" name="action" label={t('list.bulkAction')} options={props.bulkActions} required />
            <Select idPrefix="bulk" name="socialWorkerId" label={t('participant.socialWorker')} blank={t('common.none')} options={props.socialWorkers.map((w) => ({ value: w.id, label: w.name }))} />
            <div class="field">
              <button type="submit">{t('list.preview')}</button>
            </div>
          </fieldset>
        )}
        </form>
      ) : (
        table
      )}
      <Pagination ctx={ctx} page={f.page} pages={props.pages} href={(page) => `/participants?${filterQuery(f, { page })}`} />
    </section>
  );
}

function BulkConfirm({ ctx, preview, back }: { ctx: ViewCtx; preview: BulkPreview; back: string }) {
  const { t } = ctx;
  return (
    <div class="alert alert-info" role="alert" id="bulk-confirm">
      <p>{t('list.previewText', { action: preview.actionLabel, n: preview.applicable, selected: preview.selected })}</p>
      <form method="post" action="/participants/bulk/run" class="inline">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="action" value={preview.action} />
        <input type="hidden" name="back" value={back} />
        {Object.entries(preview.params).map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        {preview.ids.map((id) => (
          <input type="hidden" name="ids" value={id} />
        ))}
        <button type="submit" disabled={preview.applicable === 0}>
          {t('list.confirm', { n: preview.applicable })}
        </button>
        <a class="button secondary" href={`/participants?${back}`}>
          {t('common.cancel')}
        </a>
      </form>
    </div>
  );
}

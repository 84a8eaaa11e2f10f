import { Field, Pagination, Select, TableHead } from '../components';
import type { ViewCtx } from '../context';
import { formatDateTime } from '../../i18n/format';
import type { Translate } from '../../i18n';

/** An action as a person reads it; a journey's action (`participant_<action>`) by the action's own label. */
export function auditActionLabel(t: Translate, action: string): string {
  const journey = /^participant_(\w+)$/.exec(action);
  if (journey && t.has(`action.${journey[1]}`)) return t('audit.journeyAction', { action: t.label('action', journey[1]!) });
  return t.label('auditAction', action);
}

export interface AuditPageProps {
  ctx: ViewCtx;
  filter: Record<string, string | undefined>;
  actions: string[];
  rows: Array<AuditRow & { id: number; details: Record<string, unknown>; userEmail: string | null }>;
  page: number;
  pages: number;
  total: number;
}

export type AuditRow = { at: Date; action: string; entity: string; entity_id: string | null; entityName: string | undefined; ip?: string | null; userName: string | null };

/** Audit entries as a table (the Audit log page; recent operator actions on Operations). */
export function AuditTable({ ctx, rows, withIp = false }: { ctx: ViewCtx; rows: AuditRow[]; withIp?: boolean }) {
  const { t } = ctx;
  if (rows.length === 0) return <p>{t('audit.empty')}</p>;
  return (
    <table>
      <TableHead columns={[t('audit.when'), t('audit.who'), t('audit.action'), t('audit.entity'), withIp && t('audit.ip')]} />
      <tbody>
        {rows.map((r) => (
          <tr>
            <td>{formatDateTime(r.at)}</td>
            <td>{r.userName ?? t('common.none')}</td>
            <td>{auditActionLabel(t, r.action)}</td>
            {/* The id stays at hand (on hover, in the filter below and the export), never alone on the page. */}
            <td title={r.entity_id ? t('audit.idHint', { id: r.entity_id }) : undefined}>
              {t.label('auditEntity', r.entity)}
              {r.entityName && `: ${r.entityName}`}
            </td>
            {withIp && <td>{r.ip}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AuditPage({ ctx, filter, actions, rows, page, pages, total }: AuditPageProps) {
  const { t } = ctx;
  const qs = (p: number) => {
    const params = new URLSearchParams(Object.entries({ ...filter, page: String(p) }).filter(([, v]) => v) as Array<[string, string]>);
    return `/audit?${params.toString()}`;
  };
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <form method="get" action="/audit" class="row" role="search">
        <Select idPrefix="au" name="action" label={t('audit.action')} options={actions.map((a) => ({ value: a, label: auditActionLabel(t, a) }))} value={filter.action} blank={t('common.none')} />
        <Field idPrefix="au" name="entityId" label={t('audit.entity')} value={filter.entityId} maxlength={100} />
        <Field idPrefix="au" name="from" label={t('audit.from')} type="date" value={filter.from} />
        <Field idPrefix="au" name="to" label={t('audit.to')} type="date" value={filter.to} />
        <div class="field">
          <button type="submit">{t('audit.filter')}</button>
        </div>
      </form>
      <p class="muted">{t('audit.count', { n: total })}</p>
      <AuditTable ctx={ctx} rows={rows} withIp />
      <Pagination ctx={ctx} page={page} pages={pages} href={qs} />
    </section>
  );
}

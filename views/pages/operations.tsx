import { CsrfField, TableHead } from '../components';
import type { ViewCtx } from '../context';
import { formatDateTime } from '../../i18n/format';
import { AuditTable, type AuditRow } from './audit';

export interface OperationsProps {
  ctx: ViewCtx;
  stuck: Array<{ workflowId: string; runId: string; workflowType: string; subjectName: string | undefined; activityId: string; activityType: string; attempt: number; lastFailure: string; nextAttemptAt: Date | null }>;
  actions: AuditRow[];
  workflowUrl: (workflowId: string) => string | null;
  canRetry: boolean;
  message?: string | undefined;
}

export function OperationsPage({ ctx, stuck, actions, workflowUrl, canRetry, message }: OperationsProps) {
  const { t } = ctx;
  return (
    <section>
      <h1>{t('ops.title')}</h1>
      {message && <p class="alert alert-ok" role="status">{message}</p>}
      <h2>{t('ops.stuck')}</h2>
      {stuck.length === 0 ? (
        <p class="alert alert-ok">{t('ops.none')}</p>
      ) : (
        <table>
          <TableHead columns={[t('ops.workflow'), t('ops.activity'), { label: t('ops.attempt'), num: true }, t('ops.lastFailure'), t('users.actions')]} />
          <tbody>
            {stuck.map((s) => {
              const url = workflowUrl(s.workflowId);
              const kind = t.label('workflow', s.workflowType);
              const what = s.subjectName ? t('workflow.of', { kind, name: s.subjectName }) : kind;
              return (
                <tr>
                  <td title={t('audit.idHint', { id: s.workflowId })}>{url ? <a href={url} rel="noopener">{what}</a> : what}</td>
                  <td>{s.activityType}</td>
                  <td class="num">{s.attempt}</td>
                  <td>
                    <code>{s.lastFailure}</code>
                    {s.nextAttemptAt && (
                      <>
                        <br />
                        <small class="muted">→ {formatDateTime(s.nextAttemptAt)}</small>
                      </>
                    )}
                  </td>
                  <td>
                    {canRetry && (
                      <form method="post" action="/operations/retry" class="inline">
                        <CsrfField ctx={ctx} />
                        <input type="hidden" name="workflowId" value={s.workflowId} />
                        <input type="hidden" name="activityId" value={s.activityId} />
                        <button type="submit">{t('ops.retry')}</button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h2>{t('ops.recent')}</h2>
      <AuditTable ctx={ctx} rows={actions} />
    </section>
  );
}

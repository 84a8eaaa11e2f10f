import { OUTBOX_STATUSES, type OutboxStatus } from '../../domain/lists';
import { CsrfField, TableHead } from '../components';
import type { ViewCtx } from '../context';
import { formatDateTime } from '../../i18n/format';
import type { MessageKey } from '../../i18n';
import type { OutboxEntry } from '../../server/services/outbox';

/** A row of the list: the outbox service's entry. */
export type OutboxRow = OutboxEntry;

export interface OutboxProps {
  ctx: ViewCtx;
  rows: OutboxRow[];
  status: OutboxStatus | null;
  canResolve: boolean;
  message?: string | undefined;
}

const statusKey = (s: OutboxStatus) => `outbox.status.${s}` as MessageKey;

function Resolve({ ctx, row }: { ctx: ViewCtx; row: OutboxRow }) {
  const { t } = ctx;
  const button = (outcome: 'sent' | 'resend', label: MessageKey) => (
    <form method="post" action="/outbox/resolve" class="inline">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="id" value={row.id} />
      <input type="hidden" name="outcome" value={outcome} />
      <button type="submit">{t(label)}</button>
    </form>
  );
  if (row.status === 'unconfirmed') return <>{button('sent', 'outbox.confirm')} {button('resend', 'outbox.resend')}</>;
  if (row.status === 'failed') return button('resend', 'outbox.resend');
  return null;
}

export function OutboxPage({ ctx, rows, status, canResolve, message }: OutboxProps) {
  const { t } = ctx;
  return (
    <section>
      <h1>{t('outbox.title')}</h1>
      <p class="muted">{t('outbox.intro')}</p>
      {message && <p class="alert alert-ok" role="status">{message}</p>}
      <form method="get" action="/outbox">
        <label>
          {t('outbox.filter')}{' '}
          <select name="status">
            <option value="">{t('outbox.all')}</option>
            {OUTBOX_STATUSES.map((s) => (
              <option value={s} selected={s === status}>
                {t(statusKey(s))}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="submit">{t('common.search')}</button>
      </form>
      {status === 'unconfirmed' && <p class="alert">{t('outbox.unconfirmedHelp')}</p>}
      {rows.length === 0 ? (
        <p>{t('outbox.empty')}</p>
      ) : (
        <table>
          <TableHead columns={[t('outbox.created'), t('outbox.to'), t('outbox.subject'), t('outbox.status'), { label: t('outbox.attempts'), num: true }, t('outbox.response'), canResolve && t('users.actions')]} />
          <tbody>
            {rows.map((r) => (
              <tr data-status={r.status}>
                <td>{formatDateTime(r.createdAt)}</td>
                <td>{r.toAddress}</td>
                <td>
                  <a href={`/outbox/${r.id}`}>{r.subject}</a>
                </td>
                <td>{t(statusKey(r.status))}</td>
                <td class="num">{r.attempts}</td>
                <td>
                  {r.smtpResponse && <code>{r.smtpResponse}</code>}
                  <br />
                  <small class="muted">{r.messageId}</small>
                </td>
                {canResolve && (
                  <td>
                    <Resolve ctx={ctx} row={r} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function OutboxMessagePage({ ctx, message }: { ctx: ViewCtx; message: { to_address: string; subject: string; body_text: string; status: OutboxStatus; smtp_message_id: string } }) {
  const { t } = ctx;
  return (
    <section>
      <p>
        <a href="/outbox">← {t('common.back')}</a>
      </p>
      <h1>{message.subject}</h1>
      <p>
        {t('outbox.to')}: {message.to_address} · {t(statusKey(message.status))} · <small class="muted">{message.smtp_message_id}</small>
      </p>
      <pre>{message.body_text}</pre>
    </section>
  );
}

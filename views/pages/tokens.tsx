// The user's API tokens (and, for an administrator, the service accounts'): list, create, revoke.
import type { FieldError } from '../../domain/errors';
import { Alert, CsrfField, Field, FormErrors, Select, TableHead } from '../components';
import type { ViewCtx } from '../context';
import { formatDate, formatDateTime } from '../../i18n/format';

export interface TokenRowView {
  id: string;
  name: string;
  userEmail: string;
  scope: 'read' | 'read-write';
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface TokensPageProps {
  ctx: ViewCtx;
  tokens: TokenRowView[];
  /** Service accounts the administrator may mint for (empty: only for oneself). */
  holders: Array<{ id: string; name: string; email: string }>;
  newToken?: string | undefined;
  errors?: FieldError[] | undefined;
  errorMessage?: string | undefined;
  now: Date;
}

export function TokensPage({ ctx, tokens, holders, newToken, errors, errorMessage, now }: TokensPageProps) {
  const { t } = ctx;
  const scopes = (['read', 'read-write'] as const).map((s) => ({ value: s, label: t(`tokens.scope.${s}`) }));
  return (
    <section>
      <h1 id="tokens">{t('tokens.title')}</h1>
      <p>{t('tokens.intro')}</p>
      {newToken && (
        <Alert kind="ok">
          <p>{t('tokens.createdOnce')}</p>
          <p class="token" id="new-token">
            {newToken}
          </p>
        </Alert>
      )}
      {tokens.length === 0 ? (
        <p>{t('tokens.none')}</p>
      ) : (
        <table>
          <caption class="sr-only">{t('tokens.title')}</caption>
          <TableHead columns={[t('tokens.name'), t('tokens.user'), t('tokens.scope'), t('audit.when'), t('tokens.expires'), t('tokens.lastUsed'), t('users.actions')]} />
          <tbody>
            {tokens.map((tk) => (
              <tr>
                <td>{tk.name}</td>
                <td>{tk.userEmail}</td>
                <td>{t(`tokens.scope.${tk.scope}`)}</td>
                <td>{formatDate(tk.createdAt)}</td>
                <td>{formatDate(tk.expiresAt)}</td>
                <td>{formatDateTime(tk.lastUsedAt) || t('common.none')}</td>
                <td>
                  {tk.revokedAt ? (
                    <span class="badge">{t('tokens.revoked')}</span>
                  ) : tk.expiresAt <= now ? (
                    <span class="badge">{t('tokens.expired')}</span>
                  ) : (
                    <form method="post" action={`/tokens/${tk.id}/revoke`} class="inline">
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="danger">
                        {t('tokens.revoke')} ({tk.name})
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="new-token-form">{t('tokens.create')}</h2>
      <FormErrors message={errorMessage} errors={errors} idPrefix="tk" />
      <form method="post" action="/tokens" class="stack" aria-labelledby="new-token-form">
        <CsrfField ctx={ctx} />
        {holders.length > 0 && (
          <Select idPrefix="tk" name="userId" label={t('tokens.owner')} options={[{ value: '', label: t('tokens.self') }, ...holders.map((h) => ({ value: h.id, label: `${h.name} <${h.email}>` }))]} errors={errors} />
        )}
        <Field idPrefix="tk" name="name" label={t('tokens.name')} required maxlength={100} errors={errors} />
        <Field idPrefix="tk" name="expiresInDays" label={t('tokens.days')} type="number" value="90" min={1} max={365} required hint={t('tokens.daysHint')} errors={errors} />
        <Select idPrefix="tk" name="scope" label={t('tokens.scope')} options={scopes} value="read" errors={errors} required />
        <button type="submit">{t('tokens.create')}</button>
      </form>
    </section>
  );
}

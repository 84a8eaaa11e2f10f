// The participant's personal data (GDPR): export of everything held about them, and the withdrawal of
// the image consent (att. 3). Shown only to the roles that may do each.
import { CsrfField, Field } from '../components';
import type { ViewCtx } from '../context';

export interface GdprProps {
  participantId: string;
  canExport: boolean;
  /** The image consent is signed (and not withdrawn) and this user may record its withdrawal. */
  canWithdrawImageConsent: boolean;
  today: string;
}

export function GdprSection({ ctx, p }: { ctx: ViewCtx; p: GdprProps }) {
  if (!p.canExport && !p.canWithdrawImageConsent) return null;
  const { t } = ctx;
  return (
    <section aria-labelledby="p-gdpr">
      <h2 id="p-gdpr">{t('gdpr.title')}</h2>
      {p.canExport && (
        <p>
          <a href={`/participants/${p.participantId}/export.json`} download>
            {t('gdpr.export')}
          </a>
        </p>
      )}
      {p.canWithdrawImageConsent && (
        <form method="post" action={`/participants/${p.participantId}/withdraw-image-consent`}>
          <CsrfField ctx={ctx} />
          <Field name="withdrawnOn" label={t('gdpr.withdrawnOn')} type="date" value={p.today} max={p.today} required idPrefix="gdpr" />
          <button type="submit" class="secondary">
            {t('gdpr.withdrawImageConsent')}
          </button>
        </form>
      )}
    </section>
  );
}

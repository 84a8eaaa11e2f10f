// The participant's personal data (GDPR): export of everything held about them, the withdrawal of the
// image consent (att. 3), the erasure of an applicant (art. 17). Shown only to the roles that may do each.
import { ERASURE_GROUNDS } from '../../domain/gdpr';
import { CsrfField, Field, Select } from '../components';
import type { ViewCtx } from '../context';

export interface GdprProps {
  participantId: string;
  canExport: boolean;
  /** The image consent is signed (and not withdrawn) and this user may record its withdrawal. */
  canWithdrawImageConsent: boolean;
  today: string;
  /** A coordinator, and the person never started participating (a participant's data are kept). */
  canErase: boolean;
}

export function GdprSection({ ctx, p }: { ctx: ViewCtx; p: GdprProps }) {
  if (!p.canExport && !p.canWithdrawImageConsent && !p.canErase) return null;
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
      {p.canErase && (
        <form method="post" action={`/participants/${p.participantId}/erase`}>
          <CsrfField ctx={ctx} />
          <p class="muted">{t('gdpr.eraseHint')}</p>
          <Select idPrefix="gdpr" name="ground" label={t('gdpr.eraseGround')} options={ERASURE_GROUNDS.map((g) => ({ value: g, label: t(`gdpr.ground.${g}`) }))} blank="" required />
          <button type="submit" class="secondary">
            {t('gdpr.erase')}
          </button>
        </form>
      )}
    </section>
  );
}

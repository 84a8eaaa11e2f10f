// The commission's correction of its own decision in the open sitting (before it is closed and the
// director approves): the new decision and the reason, which goes into the protocol.
import { DECISIONS } from '../../domain/types';
import { CsrfField } from '../components';
import type { ViewCtx } from '../context';

export function CorrectDecisionForm({ ctx, base, row, formToken }: { ctx: ViewCtx; base: string; row: { applicationId: string; name: string; status: string }; formToken: string }) {
  const { t } = ctx;
  const id = row.applicationId;
  return (
    <details>
      <summary>{t('recruitment.correctDecision')}</summary>
      <form method="post" action={`${base}/correct-decision`} class="inline">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="_rid" value={`${formToken}-c-${id}`} />
        <input type="hidden" name="applicationId" value={id} />
        <label for={`cd-${id}`} class="sr-only">
          {t('recruitment.correctDecision')}: {row.name}
        </label>
        <select id={`cd-${id}`} name="decision" required>
          <option value="">{t('field.choose')}</option>
          {DECISIONS.filter((d) => d !== row.status).map((d) => (
            <option value={d}>{t(`decision.${d}`)}</option>
          ))}
        </select>
        <label for={`cr-${id}`} class="sr-only">
          {t('recruitment.correctionReason')}: {row.name}
        </label>
        <input id={`cr-${id}`} name="reason" placeholder={t('recruitment.correctionReason')} maxlength={2000} required />
        <button type="submit">{t('recruitment.correctDecision')}</button>
      </form>
    </details>
  );
}

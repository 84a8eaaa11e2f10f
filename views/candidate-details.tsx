// The commission's view of one candidate on the ranking (issue 15 item 4): points per criterion, the social
// worker's opinion, the regulations' flags, and a qualification's justification for leaving the rank order.
import type { CandidateDetails } from '../server/services/commission-view';
import type { ViewCtx } from './context';

export function CandidateFlags({ ctx, details }: { ctx: ViewCtx; details: CandidateDetails | undefined }) {
  if (!details?.flags.length) return null;
  return (
    <>
      {details.flags.map((f) => (
        <span class="badge overdue">{ctx.t(`flag.${f}`)}</span>
      ))}
    </>
  );
}

export function CandidateDetailsView({ ctx, id, details }: { ctx: ViewCtx; id: string; details: CandidateDetails | undefined }) {
  const { t } = ctx;
  if (!details) return null;
  return (
    <details id={`cand-${id}`}>
      <summary>{t('recruitment.details')}</summary>
      <ul>
        {details.scores.map((s) => (
          <li>{`${s.label}: ${s.points}${s.max !== null ? ` / ${s.max}` : ''}`}</li>
        ))}
      </ul>
      <p>
        <strong>{t('recruitment.opinion')}:</strong> {details.opinion ?? t('recruitment.noOpinion')}
      </p>
      {details.justification && <p>{t('recruitment.outOfOrder', { reason: details.justification })}</p>}
    </details>
  );
}

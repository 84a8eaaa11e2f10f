// Recruitment: the ranked list, quotas, the commission's decisions, sittings with their protocol,
// the director's approval, the reserve list and promotions from it.
import { DECISIONS } from '../../domain/types';
import { Alert, CsrfField, Field, TableHead } from '../components';
import type { Message } from '../../i18n';
import type { ViewCtx } from '../context';
import { formatDate, formatDateTime, todayInWarsaw } from '../../i18n/format';
import type { CandidateDetails } from '../../server/services/commission-view';
import type { RankingPage } from '../../server/services/recruitment';
import { FREED_BY_CONFIG } from '../../domain/round';
import { CandidateDetailsView, CandidateFlags } from '../candidate-details';
import { CorrectDecisionForm } from './decision-correction';

export interface RecruitmentPageProps {
  ctx: ViewCtx;
  projects: Array<{ id: string; label: string }>;
  projectId: string;
  places: number;
  taken: number;
  free: number;
  rows: Array<{ rank: number; applicationId: string; name: string; points: number; receivedAt: Date; status: string; reservePosition: number | null; reason: string | null; sitting: number | null; details?: CandidateDetails | undefined }>;
  quotas: Array<{ code: string; label: string; min: number; count: number; met: boolean; unreachable: boolean; text: Message }>;
  sittings: Array<{ id: string; seq: number; heldOn: string | null; members: string[]; closedAt: Date | null; approvedAt: Date | null; hasProtocol: boolean }>;
  promotions: Array<{ applicationId: string; name: string; at: Date; open: boolean; freedBy?: string | null; freedByName?: string | null }>;
  configChanges: RankingPage['configChanges'];
  canDecide: boolean;
  canApprove: boolean;
  canClose: boolean;
  message?: string | undefined;
  error?: string | undefined;
  formToken: string;
}

export function RecruitmentPage(p: RecruitmentPageProps) {
  const { ctx } = p;
  const { t } = ctx;
  const base = `/recruitment/${p.projectId}`;
  // A decision of the open sitting (not closed yet) can still be corrected by the commission.
  const closedSeqs = new Set(p.sittings.filter((x) => x.closedAt).map((x) => x.seq));
  const reserve = p.rows.filter((r) => r.status === 'reserve').sort((a, b) => (a.reservePosition ?? 0) - (b.reservePosition ?? 0));
  return (
    <section>
      <h1>{t('nav.recruitment')}</h1>
      <form method="get" action="/recruitment" class="inline">
        <label for="rc-project">{t('participant.project')}</label>
        <select id="rc-project" name="projectId">
          {p.projects.map((o) => (
            <option value={o.id} selected={o.id === p.projectId}>
              {o.label}
            </option>
          ))}
        </select>
        <button type="submit" class="secondary">
          {t('recruitment.show')}
        </button>
      </form>
      {p.message && <Alert kind="ok">{p.message}</Alert>}
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <p class="lead">{t('recruitment.places', { places: p.places, taken: p.taken, free: p.free })}</p>

      {p.quotas.length > 0 && (
        <>
          <h2>{t('recruitment.quotas')}</h2>
          <ul>
            {p.quotas.map((q) => (
              <li>
                <span class={q.met ? 'badge ok' : q.unreachable ? 'badge overdue' : 'badge'}>{`${q.count}/${q.min}`}</span> {q.label}
                {!q.met && <span class="muted"> – {ctx.t.message(q.text)}</span>}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2 id="rc-ranking">{t('recruitment.ranking')}</h2>
      <table aria-labelledby="rc-ranking">
        <TableHead columns={[{ label: t('recruitment.position'), num: true }, t('participant.name'), { label: t('participant.points'), num: true }, t('participant.receivedAt'), t('recruitment.status'), p.canDecide && t('participant.decision')]} />
        <tbody>
          {p.rows.length === 0 && (
            <tr>
              <td colspan={6}>{t('recruitment.empty')}</td>
            </tr>
          )}
          {p.rows.map((r) => (
            <tr>
              <td class="num">{r.rank}</td>
              <td>
                <a href={`/participants/${r.applicationId}`}>{r.name}</a> <CandidateFlags ctx={ctx} details={r.details} />
                <CandidateDetailsView ctx={ctx} id={r.applicationId} details={r.details} />
              </td>
              <td class="num">{r.points}</td>
              <td>{formatDateTime(r.receivedAt)}</td>
              <td>
                {t.label('recruitment.status', r.status)}
                {r.reservePosition !== null && ` (${r.reservePosition})`}
                {r.reason && <small class="muted"> – {r.reason}</small>}
              </td>
              {p.canDecide && (
                <td>
                  {r.status === 'waiting' && (
                    <form method="post" action={`${base}/decide`} class="inline">
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="_rid" value={`${p.formToken}-${r.applicationId}`} />
                      <input type="hidden" name="applicationId" value={r.applicationId} />
                      <label for={`dc-${r.applicationId}`} class="sr-only">
                        {t('participant.decision')}: {r.name}
                      </label>
                      <select id={`dc-${r.applicationId}`} name="decision" required>
                        <option value="">{t('field.choose')}</option>
                        {DECISIONS.map((d) => (
                          <option value={d}>{t(`decision.${d}`)}</option>
                        ))}
                      </select>
                      <label for={`rs-${r.applicationId}`} class="sr-only">
                        {t('recruitment.reason')}: {r.name}
                      </label>
                      <input id={`rs-${r.applicationId}`} name="reason" placeholder={t('recruitment.reason')} maxlength={2000} />
                      <label for={`js-${r.applicationId}`} class="sr-only">
                        {t('recruitment.justification')}: {r.name}
                      </label>
                      <input id={`js-${r.applicationId}`} name="justification" placeholder={t('recruitment.justification')} title={t('recruitment.justificationHint')} maxlength={2000} />
                      <button type="submit">{t('recruitment.decide')}</button>
                    </form>
                  )}
                  {(r.status === 'qualified' || r.status === 'reserve') && r.sitting !== null && !closedSeqs.has(r.sitting) && <CorrectDecisionForm ctx={ctx} base={base} row={r} formToken={p.formToken} />}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('recruitment.reserve')}</h2>
      {reserve.length === 0 ? (
        <p class="muted">{t('participant.empty')}</p>
      ) : (
        <ol>
          {reserve.map((r) => (
            <li>
              <a href={`/participants/${r.applicationId}`}>{r.name}</a> ({r.points})
            </li>
          ))}
        </ol>
      )}
      {p.promotions.length > 0 && (
        <>
          <h3>{t('recruitment.promotions')}</h3>
          <ul>
            {p.promotions.map((pr) => (
              <li>
                {formatDateTime(pr.at)}: <a href={`/participants/${pr.applicationId}`}>{pr.name}</a>
                {pr.freedByName && <span class="muted"> – {t('recruitment.inPlaceOf', { name: pr.freedByName })}</span>}
                {pr.freedBy === FREED_BY_CONFIG && <span class="muted"> – {t('recruitment.afterPlacesGrew')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {p.configChanges.length > 0 && (
        <>
          <h3>{t('recruitment.configChanges')}</h3>
          <ul>
            {p.configChanges.map((c) => (
              <li>
                {formatDateTime(c.at)}: {c.placesFrom !== c.placesTo && t('recruitment.placesChanged', { from: c.placesFrom ?? '–', to: c.placesTo })}
                {c.quotasChanged && ` ${t('recruitment.quotasChanged')}`}
                {c.promoted > 0 && ` ${t('recruitment.promotedByChange', { n: c.promoted })}`}
                {c.byName && <span class="muted"> – {c.byName}</span>}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>{t('recruitment.sittings')}</h2>
      {p.sittings.length === 0 ? (
        <p class="muted">{t('participant.empty')}</p>
      ) : (
        <table>
          <TableHead columns={[t('recruitment.sitting'), t('recruitment.heldOn'), t('recruitment.members'), t('recruitment.protocol'), t('recruitment.approval')]} />
          <tbody>
            {p.sittings.map((s) => (
              <tr>
                <td>{s.seq}</td>
                <td>{s.heldOn ? formatDate(s.heldOn) : t('recruitment.open')}</td>
                <td>{s.members.join(', ')}</td>
                <td>{s.hasProtocol && <a href={`${base}/sittings/${s.id}/protocol.pdf`}>{t('recruitment.protocolPdf')}</a>}</td>
                <td>
                  {s.approvedAt ? (
                    <span class="badge ok">{formatDate(s.approvedAt)}</span>
                  ) : s.closedAt && p.canApprove ? (
                    <form method="post" action={`${base}/approve`} class="inline">
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="_rid" value={`${p.formToken}-approve-${s.seq}`} />
                      <input type="hidden" name="sitting" value={String(s.seq)} />
                      <button type="submit">{t('recruitment.approve')}</button>
                    </form>
                  ) : (
                    t('common.none')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.canClose && (
        <form method="post" action={`${base}/close-sitting`} class="stack" aria-labelledby="rc-close">
          <h3 id="rc-close">{t('recruitment.close')}</h3>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="_rid" value={`${p.formToken}-close`} />
          <div class="field">
            <label for="rc-members">{t('recruitment.members')}</label>
            <textarea id="rc-members" name="members" rows={3} required maxlength={2000}></textarea>
            <small>{t('recruitment.membersHint')}</small>
          </div>
          <Field idPrefix="rc" name="date" label={t('recruitment.heldOn')} type="date" value={todayInWarsaw()} required />
          <button type="submit">{t('recruitment.close')}</button>
        </form>
      )}
    </section>
  );
}

// One participant: stage bar, data, documents checklist, IŚR with attendance, follow-ups, timeline
// (the live part, polled by htmx) and the actions allowed now (forms sending the journey's Updates).
import type { CandidateFlag } from '../../domain/intake-checks';
import { DOCUMENT_KINDS, STAGES, type Decision, type DocumentKind, type EndReason, type Stage } from '../../domain/types';
import { TableHead } from '../components';
import type { ViewCtx } from '../context';
import { formatDate, formatDateTime } from '../../i18n/format';
import type { Message } from '../../i18n';
import { ActionsSection, type ActionsProps } from './participant-actions';
import { AttendanceStandingSection, CorrectionNote, type AttendanceCorrectionView, type StandingView } from './participant-attendance';
import { GdprSection, type GdprProps } from './participant-gdpr';
import { CorrectionList, CorrectionSection, type CorrectionProps, } from './participant-correction';
import type { DataCorrectionView } from '../../server/services/corrections';

export interface ParticipantData {
  id: string;
  firstName: string;
  lastName: string;
  pesel: string;
  birthDate: string;
  sex: 'K' | 'M';
  disability: boolean;
  targetGroup: string | null;
  channel: string;
  receivedAt: Date;
  originalPending: boolean;
  /** The regulations' flags of the application's date (outside the recruitment period, a day off). */
  intakeFlags?: readonly CandidateFlag[];
  projectLabel: string;
  socialWorkerName: string | null;
  stage: Stage;
  points: number | null;
  decision: Decision | null;
  reservePosition: number | null;
  rejectionReason: string | null;
  participationStartedOn: string | null;
  endedOn: string | null;
  endReason: EndReason | null;
  jobFoundOn: string | null;
  documents: Partial<Record<DocumentKind, string>>;
  plan: Array<{ formCode: string; label: string; hours: number; attendedHours: number }>;
  attendance: Array<{ sessionOn: string; formCode: string; plannedHours: number; attendedHours: number; absent: boolean; justified: boolean; justification: string | null }>;
  /** 0..1 over the sessions so far, and the project's minimum. */
  attendanceShare: number | null;
  attendanceThreshold: number;
  followUps: Array<{ number: number; recordedOn: string; onTime: boolean }>;
  events: Array<TimelineEvent & { correction?: AttendanceCorrectionView; corrections?: DataCorrectionView[] | undefined }>;
  /** Against the project's attendance rules (80% of planned hours, 20% per training). */
  standing?: StandingView | undefined;
  /** The stages the journey actually went through (the bar marks only these as done). */
  stagesTaken?: Stage[];
  /** How a journey closed before support (rejected, withdrawn, place lost). */
  outcome?: ClosingOutcome | null;
  /** Withdrawn through the journey: why, and the note. */
  withdrawal?: { reason: string; note: string | null } | null;
  workflowUrl: string | null;
}

export type ClosingOutcome = 'rejected' | 'withdrawn' | 'placeLost';

export interface TimelineEvent {
  type: string;
  occurredAt: string;
  /** The person who acted; null for the system's own steps. */
  actorName: string | null;
  /** An automatic step (the system's), shown as such with its cause. */
  system?: boolean;
  stageAfter: Stage | null;
  /** Why the system did it (e.g. whose freed place a promotion took). */
  cause?: Message | null;
  /** The reason recorded with the event (a resignation's note, a rejection's reason). */
  reason?: string | null;
  withdrawalReason?: string | null;
}

/**
 * The path actually taken: stages passed are done, stages jumped over (a rejection closes from the
 * decision) are marked skipped, the current one stands out with how it closed.
 */
function StageBar({ ctx, stage, taken, outcome }: { ctx: ViewCtx; stage: Stage; taken: Stage[] | undefined; outcome: ClosingOutcome | null | undefined }) {
  const current = STAGES.indexOf(stage);
  const passed = (s: Stage, i: number) => (taken ? taken.includes(s) : i < current);
  return (
    <ol class="stagebar" aria-label={ctx.t('participant.stageBar')}>
      {STAGES.map((s, i) =>
        i === current ? (
          <li class="current" aria-current="step">
            {ctx.t(`stage.${s}`)}
            {s === 'closed' && outcome && ` (${ctx.t(`stage.outcome.${outcome}`)})`}
          </li>
        ) : i < current && !passed(s, i) ? (
          <li class="skipped">
            <s>{ctx.t(`stage.${s}`)}</s> <span class="sr-only">({ctx.t('stage.skipped')})</span>
          </li>
        ) : (
          <li class={i < current ? 'done' : ''}>{ctx.t(`stage.${s}`)}</li>
        ),
      )}
    </ol>
  );
}

const yesNo = (ctx: ViewCtx, v: boolean) => (v ? ctx.t('common.yes') : ctx.t('common.no'));

/** `oob`: sent alongside another swap, htmx puts it in place by its id. */
export function ParticipantLive({ ctx, p, oob }: { ctx: ViewCtx; p: ParticipantData; oob?: boolean }) {
  const { t } = ctx;
  return (
    <div
      id="participant-live"
      hx-swap-oob={oob ? 'true' : undefined}
      hx-get={`/participants/${p.id}/live`}
      hx-trigger="every 5s"
      hx-vals={JSON.stringify({ stage: p.stage })}
      hx-swap="outerHTML"
    >
      <StageBar ctx={ctx} stage={p.stage} taken={p.stagesTaken} outcome={p.outcome} />
      <div class="cards">
        <section class="card" aria-labelledby="p-data">
          <h2 id="p-data">{t('participant.data')}</h2>
          <dl class="data">
            <dt>{t('participant.pesel')}</dt>
            <dd>{p.pesel}</dd>
            <dt>{t('participant.birthDate')}</dt>
            <dd>{formatDate(p.birthDate)}</dd>
            <dt>{t('participant.sex')}</dt>
            <dd>{t(`sex.${p.sex}`)}</dd>
            <dt>{t('participant.disability')}</dt>
            <dd>{yesNo(ctx, p.disability)}</dd>
            <dt>{t('participant.targetGroup')}</dt>
            <dd>{p.targetGroup ?? t('common.none')}</dd>
            <dt>{t('participant.project')}</dt>
            <dd>{p.projectLabel}</dd>
            <dt>{t('participant.socialWorker')}</dt>
            <dd>{p.socialWorkerName ?? t('common.none')}</dd>
            <dt>{t('participant.receivedAt')}</dt>
            <dd>
              {formatDateTime(p.receivedAt)} ({t.label('channel', p.channel)})
            </dd>
            {!!p.intakeFlags?.length && (
              <>
                <dt>{t('participant.flags')}</dt>
                <dd>
                  {p.intakeFlags.map((f) => (
                    <span class="badge overdue">{t(`flag.${f}`)}</span>
                  ))}
                </dd>
              </>
            )}
            {p.originalPending && (
              <>
                <dt>{t('participant.originalPending')}</dt>
                <dd>
                  <span class="badge overdue">{t('common.yes')}</span>
                  {p.documents.contract && <span class="badge overdue">{t('flag.signedWithoutOriginal')}</span>}
                </dd>
              </>
            )}
            {p.points !== null && (
              <>
                <dt>{t('participant.points')}</dt>
                <dd>{p.points}</dd>
              </>
            )}
            {p.decision && (
              <>
                <dt>{t('participant.decision')}</dt>
                <dd>
                  {t(`decision.${p.decision}`)}
                  {p.reservePosition !== null && ` (${t('participant.reservePosition')}: ${p.reservePosition})`}
                  {p.rejectionReason && ` – ${p.rejectionReason}`}
                </dd>
              </>
            )}
            {p.withdrawal && (
              <>
                <dt>{t('event.application_withdrawn')}</dt>
                <dd>
                  {t.label('withdrawalReason', p.withdrawal.reason)}
                  {p.withdrawal.note && ` – ${p.withdrawal.note}`}
                </dd>
              </>
            )}
            {p.participationStartedOn && (
              <>
                <dt>{t('participant.started')}</dt>
                <dd>{formatDate(p.participationStartedOn)}</dd>
              </>
            )}
            {p.jobFoundOn && (
              <>
                <dt>{t('participant.jobFound')}</dt>
                <dd>{formatDate(p.jobFoundOn)}</dd>
              </>
            )}
            {p.endedOn && (
              <>
                <dt>{t('participant.ended')}</dt>
                <dd>
                  {formatDate(p.endedOn)}
                  {p.endReason && ` (${t(`endReason.${p.endReason}`)})`}
                </dd>
              </>
            )}
          </dl>
        </section>
        <section class="card" aria-labelledby="p-docs">
          <h2 id="p-docs">{t('participant.documents')}</h2>
          <ul class="checklist">
            {DOCUMENT_KINDS.map((k) => (
              <li>
                <span class={p.documents[k] ? 'badge ok' : 'badge'}>{p.documents[k] ? '✓' : '–'}</span> {t(`document.${k}`)}:{' '}
                {p.documents[k] ? t('participant.signedOn', { date: formatDate(p.documents[k]) }) : t('participant.notSigned')}
              </li>
            ))}
          </ul>
        </section>
        <section class="card" aria-labelledby="p-fu">
          <h2 id="p-fu">{t('participant.followUps')}</h2>
          {p.followUps.length === 0 ? (
            <p class="muted">{t('participant.empty')}</p>
          ) : (
            <ul>
              {p.followUps.map((f) => (
                <li>
                  {t('participant.followUp', { n: f.number })}: {formatDate(f.recordedOn)} ({f.onTime ? t('participant.onTime') : t('participant.late')})
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <h2 id="p-plan">{t('participant.plan')}</h2>
      <p>
        <a href={`/participants/${p.id}/isr`}>{t('isr.link')}</a>
      </p>
      {p.attendanceShare !== null && (
        <p class={p.attendanceShare < p.attendanceThreshold ? 'alert alert-error' : 'muted'}>
          {t('participant.attendanceShare', { share: Math.round(p.attendanceShare * 100), min: Math.round(p.attendanceThreshold * 100) })}
        </p>
      )}
      {p.standing && <AttendanceStandingSection ctx={ctx} s={p.standing} />}
      {p.plan.length === 0 ? (
        <p class="muted">{t('participant.empty')}</p>
      ) : (
        <table aria-labelledby="p-plan">
          <TableHead columns={[t('participant.form'), { label: t('participant.plannedHours'), num: true }, { label: t('participant.attendedHours'), num: true }]} />
          <tbody>
            {p.plan.map((i) => (
              <tr>
                <td>{i.label}</td>
                <td class="num">{i.hours}</td>
                <td class="num">{i.attendedHours}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.attendance.length > 0 && (
        <table>
          <caption>{t('participant.attendance')}</caption>
          <TableHead columns={[t('participant.sessionOn'), t('participant.form'), { label: t('participant.plannedHours'), num: true }, { label: t('participant.attendedHours'), num: true }, t('participant.absent')]} />
          <tbody>
            {p.attendance.map((a) => (
              <tr class={a.absent && !a.justified ? 'overdue' : ''}>
                <td>{formatDate(a.sessionOn)}</td>
                <td>{p.plan.find((i) => i.formCode === a.formCode)?.label ?? a.formCode}</td>
                <td class="num">{a.plannedHours}</td>
                <td class="num">{a.attendedHours}</td>
                <td>
                  {a.absent
                    ? a.justified
                      ? `${t('participant.justified')} (${t.label('field.justification', a.justification ?? '')})`
                      : t('participant.unjustified')
                    : t('common.none')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="p-timeline">{t('participant.timeline')}</h2>
      {p.workflowUrl && (
        <p>
          <a href={p.workflowUrl} rel="noopener" target="_blank">
            {t('participant.temporal')}
          </a>
        </p>
      )}
      <ol class="timeline" aria-labelledby="p-timeline">
        {p.events.map((e) => (
          <li>
            <time datetime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time>
            <strong>{e.cause && e.type === 'decided' ? t('timeline.promotion', { cause: t.message(e.cause) }) : t.label('event', e.type)}</strong>
            {e.stageAfter && ` → ${t(`stage.${e.stageAfter}`)}`}
            {e.system ? <span class="muted"> · {t('timeline.system')}</span> : e.actorName && <span class="muted"> · {e.actorName}</span>}
            {e.cause && e.type !== 'decided' && <span class="muted"> – {t.message(e.cause)}</span>}
            {(e.withdrawalReason || e.reason) && (
              <div class="event-reason">
                {t('timeline.reason', { reason: [e.withdrawalReason && t.label('withdrawalReason', e.withdrawalReason), e.reason].filter(Boolean).join(': ') })}
              </div>
            )}
            {e.corrections && <CorrectionList ctx={ctx} corrections={e.corrections} />}
            {e.correction && <CorrectionNote ctx={ctx} c={e.correction} />}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function ParticipantPage({ ctx, p, actions, gdpr, correction }: {
  ctx: ViewCtx;
  p: ParticipantData;
  actions: Omit<ActionsProps, 'ctx' | 'participantId'>;
  gdpr?: GdprProps;
  correction?: Omit<CorrectionProps, 'ctx' | 'participantId'> | undefined;
}) {
  return (
    <article>
      <p>
        <a href="/participants">← {ctx.t('nav.participants')}</a>
      </p>
      <h1>
        {p.firstName} {p.lastName}
      </h1>
      <ParticipantLive ctx={ctx} p={p} />
      <ActionsSection ctx={ctx} participantId={p.id} {...actions} />
      {correction && <CorrectionSection ctx={ctx} participantId={p.id} {...correction} />}
      {gdpr && <GdprSection ctx={ctx} p={gdpr} />}
    </article>
  );
}

// The participant's attendance against the project's rules (80% of all planned hours, 20% per
// training), and a correction's note on the timeline.
import type { AttendanceMark, AttendanceStanding } from '../../domain/sessions';
import { formatDate } from '../../i18n/format';
import type { ViewCtx } from '../context';

export type StandingView = Omit<AttendanceStanding, 'trainings'> & {
  min: number;
  maxTrainingAbsence: number;
  trainings: Array<AttendanceStanding['trainings'][number] & { label: string }>;
};

export interface AttendanceCorrectionView {
  sessionOn: string;
  before: AttendanceMark;
  after: AttendanceMark;
  reason: string;
}

const pct = (x: number) => Math.round(x * 1000) / 10;
const num = (x: number) => String(Math.round(x * 100) / 100).replace('.', ',');

export function AttendanceStandingSection({ ctx, s }: { ctx: ViewCtx; s: StandingView }) {
  const { t } = ctx;
  if (s.plannedHours === 0) return <p class="muted" id="attendance-standing">{t('standing.noPlan')}</p>;
  return (
    <section id="attendance-standing" aria-labelledby="p-standing">
      <h3 id="p-standing">{t('standing.title')}</h3>
      <ul>
        <li class={s.ok ? '' : 'alert-error'}>
          {t('standing.overall', { attended: num(s.attendedHours), planned: num(s.plannedHours), share: pct(s.share), min: pct(s.min) })}
          {!s.reachable && <strong> {t('standing.unreachable')}</strong>}
        </li>
        {s.trainings.map((x) => (
          <li class={x.ok ? '' : 'alert-error'}>
            {t('standing.training', { form: x.label, missed: num(x.missedHours), planned: num(x.plannedHours), share: pct(x.missedShare), max: pct(s.maxTrainingAbsence) })}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CorrectionNote({ ctx, c }: { ctx: ViewCtx; c: AttendanceCorrectionView }) {
  return (
    <p class="correction">
      {ctx.t('correction.timeline', { date: formatDate(c.sessionOn), before: ctx.t(`mark.${c.before}`), after: ctx.t(`mark.${c.after}`), reason: c.reason })}
    </p>
  );
}

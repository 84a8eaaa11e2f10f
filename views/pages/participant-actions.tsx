// The forms of the actions allowed now. Each posts to /participants/:id/actions/:action; with htmx an
// error comes back as this form with the reason inline, a success as the whole section (new stage).
import type { Child } from 'hono/jsx';
import type { FieldError } from '../../domain/errors';
import { ATTENDANCE_MARKS, JUSTIFICATIONS } from '../../domain/sessions';
import { WITHDRAWAL_REASONS } from '../../domain/journey';
import { EMPLOYMENT_CONTRACTS, END_REASONS, type DocumentKind } from '../../domain/types';
import { Alert, Checkboxes, CsrfField, Field, FormErrors, Select, TextArea, fieldError } from '../components';
import type { ViewCtx } from '../context';
import { formatDate, todayInWarsaw } from '../../i18n/format';

export const PANEL_ACTIONS = [
  'screen',
  'recordOriginal',
  'signDocuments',
  'planSupport',
  'recordAttendance',
  'justifyAbsence',
  'correctAttendance',
  'recordJob',
  'endParticipation',
  'recordFollowUp',
  'recordLetterSent',
  'withdrawApplication',
  'undoEnding',
] as const;
export type PanelAction = (typeof PANEL_ACTIONS)[number];

export interface ActionFailure {
  action: PanelAction;
  message: string;
  errors: FieldError[];
  values: Record<string, string | string[] | undefined>;
}

export interface ActionsProps {
  ctx: ViewCtx;
  participantId: string;
  /** Shown in this order; already filtered by stage and role. */
  available: PanelAction[];
  criteria: Array<{ code: string; label: string; maxPoints: number }>;
  supportForms: Array<{ code: string; label: string }>;
  plannedForms: Array<{ code: string; label: string }>;
  /** The current plan, to start the plan form from. */
  plannedHours: Record<string, number>;
  unjustifiedAbsences: Array<{ sessionOn: string; formCode: string; label: string }>;
  /** Recorded attendance rows, to correct one. */
  recordedSessions?: Array<{ sessionOn: string; formCode: string; label: string }>;
  unsignedKinds: DocumentKind[];
  followUpDue: 1 | 2 | null;
  unsentLetters: Array<{ key: string; label: string }>;
  failure?: ActionFailure | undefined;
  done?: PanelAction | undefined;
  /** Fresh per render: a form sent twice carries the same id, and the journey applies it once. */
  formToken: string;
  /** Sent alongside another swap (htmx puts it in place by its id). */
  oob?: boolean;
}

export function ActionsSection(props: ActionsProps) {
  const { ctx } = props;
  return (
    <section id="participant-actions" aria-labelledby="p-actions" hx-swap-oob={props.oob ? 'true' : undefined}>
      <h2 id="p-actions">{ctx.t('participant.actions')}</h2>
      {props.done && <Alert kind="ok">{`${ctx.t(`action.${props.done}`)}: ${ctx.t('participant.done')}`}</Alert>}
      {props.available.length === 0 ? (
        <p class="muted">{ctx.t('participant.noActions')}</p>
      ) : (
        <div class="actions">{props.available.map((a) => ActionForm({ ...props, action: a }))}</div>
      )}
    </section>
  );
}

export function ActionForm(props: ActionsProps & { action: PanelAction }) {
  const { ctx, action, participantId } = props;
  const failure = props.failure?.action === action ? props.failure : undefined;
  const v = (name: string) => {
    const value = failure?.values[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const errors = failure?.errors;
  const url = `/participants/${participantId}/actions/${action}`;
  const id = `action-${action}`;
  const today = todayInWarsaw();
  let body: Child;
  const F = (f: Parameters<typeof Field>[0]) => Field({ ...f, idPrefix: action, errors, value: f.value ?? v(f.name) });
  switch (action) {
    case 'screen':
      body = (
        <>
          {props.criteria.map((c) =>
            F({ name: `score.${c.code}`, label: `${c.label} (0–${c.maxPoints})`, type: 'number', min: 0, max: c.maxPoints, step: 1, required: true, inputmode: 'numeric' }),
          )}
          <TextArea idPrefix={action} name="opinion" label={ctx.t('field.opinion')} value={v('opinion')} errors={errors} required />
        </>
      );
      break;
    case 'recordOriginal':
      body = F({ name: 'receivedOn', label: ctx.t('field.receivedOn'), type: 'date', max: today, value: v('receivedOn') ?? today, required: true });
      break;
    case 'signDocuments':
      body = (
        <>
          {F({ name: 'signedOn', label: ctx.t('field.signedOn'), type: 'date', max: today, value: v('signedOn') ?? today, required: true })}
          <Checkboxes
            idPrefix={action}
            name="documents"
            legend={ctx.t('field.kinds')}
            options={props.unsignedKinds.map((k) => ({ value: k, label: ctx.t(`document.${k}`) }))}
            checked={failure ? [failure.values.documents ?? []].flat() : props.unsignedKinds.filter((k) => k !== 'image_consent')}
            error={fieldError(errors, 'documents')}
          />
        </>
      );
      break;
    case 'planSupport':
      body = (
        <fieldset>
          <legend>{ctx.t('field.hours')}</legend>
          {props.supportForms.map((f) =>
            F({ name: `hours.${f.code}`, label: f.label, type: 'number', min: 0, max: 2000, step: 1, inputmode: 'numeric', value: v(`hours.${f.code}`) ?? props.plannedHours[f.code] }),
          )}
        </fieldset>
      );
      break;
    case 'recordAttendance':
      body = (
        <>
          {F({ name: 'sessionOn', label: ctx.t('participant.sessionOn'), type: 'date', max: today, value: v('sessionOn') ?? today, required: true })}
          {Select({ idPrefix: action, name: 'formCode', label: ctx.t('participant.form'), options: props.plannedForms.map((f) => ({ value: f.code, label: f.label })), value: v('formCode'), errors, required: true })}
          <div class="row">
            {F({ name: 'plannedHours', label: ctx.t('participant.plannedHours'), type: 'number', min: 0, max: 24, step: 0.5, required: true })}
            {F({ name: 'attendedHours', label: ctx.t('participant.attendedHours'), type: 'number', min: 0, max: 24, step: 0.5, required: true })}
          </div>
          <Checkboxes idPrefix={action} name="absent" legend={ctx.t('participant.absent')} options={[{ value: 'true', label: ctx.t('field.absent') }]} checked={v('absent') ? ['true'] : []} />
        </>
      );
      break;
    case 'justifyAbsence':
      body = (
        <>
          {Select({
            idPrefix: action,
            name: 'session',
            label: ctx.t('field.session'),
            options: props.unjustifiedAbsences.map((a) => ({ value: `${a.sessionOn}|${a.formCode}`, label: `${formatDate(a.sessionOn)} – ${a.label}` })),
            value: v('session'),
            errors,
            required: true,
          })}
          {Select({
            idPrefix: action,
            name: 'justification',
            label: ctx.t('field.justification'),
            options: [
              { value: 'written', label: ctx.t('field.justification.written') },
              { value: 'phone', label: ctx.t('field.justification.phone') },
            ],
            value: v('justification'),
            errors,
            required: true,
          })}
          {F({ name: 'justifiedOn', label: ctx.t('field.justifiedOn'), type: 'date', max: today, value: v('justifiedOn') ?? today, required: true })}
        </>
      );
      break;
    case 'correctAttendance':
      body = (
        <>
          {Select({
            idPrefix: action,
            name: 'session',
            label: ctx.t('correction.session'),
            options: (props.recordedSessions ?? []).map((a) => ({ value: `${a.sessionOn}|${a.formCode}`, label: `${formatDate(a.sessionOn)} – ${a.label}` })),
            value: v('session'),
            errors,
            required: true,
          })}
          {Select({ idPrefix: action, name: 'mark', label: ctx.t('correction.mark'), options: ATTENDANCE_MARKS.map((m) => ({ value: m, label: ctx.t(`mark.${m}`) })), value: v('mark'), errors, required: true })}
          {Select({
            idPrefix: action,
            name: 'justification',
            label: ctx.t('sessions.justification'),
            blank: ctx.t('common.none'),
            options: JUSTIFICATIONS.map((j) => ({ value: j, label: ctx.t(`field.justification.${j}`) })),
            value: v('justification'),
            errors,
          })}
          {F({ name: 'attendedHours', label: ctx.t('sessions.attendedHours'), type: 'number', min: 0, max: 24, step: 0.5 })}
          <TextArea idPrefix={action} name="reason" label={ctx.t('correction.reason')} value={v('reason')} errors={errors} required maxlength={500} />
        </>
      );
      break;
    case 'recordJob':
      body = (
        <>
          {F({ name: 'foundOn', label: ctx.t('field.foundOn'), type: 'date', max: today, value: v('foundOn') ?? today, required: true })}
          <TextArea idPrefix={action} name="note" label={ctx.t('field.note')} value={v('note')} errors={errors} />
        </>
      );
      break;
    case 'endParticipation':
      body = (
        <>
          {/* A consequential choice: no default date, no default reason; the user chooses (then confirms). */}
          {F({ name: 'endedOn', label: ctx.t('field.endedOn'), type: 'date', max: today, value: v('endedOn') ?? '', required: true })}
          {Select({ idPrefix: action, name: 'reason', label: ctx.t('field.reason'), blank: ctx.t('field.choose'), options: END_REASONS.map((r) => ({ value: r, label: ctx.t(`endReason.${r}`) })), value: v('reason'), errors, required: true })}
          <TextArea idPrefix={action} name="note" label={ctx.t('field.note')} value={v('note')} errors={errors} />
        </>
      );
      break;
    case 'recordFollowUp':
      body = (
        <>
          <input type="hidden" name="number" value={String(props.followUpDue ?? 1)} />
          <p>{ctx.t('participant.followUp', { n: props.followUpDue ?? 1 })}</p>
          {F({ name: 'recordedOn', label: ctx.t('field.recordedOn'), type: 'date', max: today, value: v('recordedOn') ?? today, required: true })}
          {props.followUpDue === 2 ? (
            <>
              <Checkboxes
                idPrefix={action}
                name="flags"
                legend={ctx.t('participant.followUp', { n: 2 })}
                options={[
                  { value: 'socialProgress', label: ctx.t('field.socialProgress') },
                  { value: 'employed', label: ctx.t('field.employed') },
                  { value: 'startUpGrant', label: ctx.t('field.startUpGrant') },
                  { value: 'backToSchool', label: ctx.t('field.backToSchool') },
                ]}
                checked={[failure?.values.flags ?? []].flat()}
              />
              {F({ name: 'employedSince', label: ctx.t('field.employedSince'), type: 'date', max: today })}
              {Select({
                idPrefix: action,
                name: 'contractType',
                label: ctx.t('field.contractType'),
                blank: ctx.t('common.none'),
                options: EMPLOYMENT_CONTRACTS.map((c) => ({ value: c, label: ctx.t(`field.contractType.${c}`) })),
                value: v('contractType'),
                errors,
              })}
            </>
          ) : (
            <>
              <Checkboxes
                idPrefix={action}
                name="flags"
                legend={ctx.t('participant.followUp', { n: 1 })}
                options={[
                  { value: 'qualificationObtained', label: ctx.t('field.qualificationObtained') },
                  { value: 'jobSeeking', label: ctx.t('field.jobSeeking') },
                  { value: 'working', label: ctx.t('field.working') },
                ]}
                checked={[failure?.values.flags ?? []].flat()}
              />
              <div class="row">
                {F({ name: 'qualificationObtainedOn', label: ctx.t('field.qualificationObtainedOn'), type: 'date', max: today })}
                {F({ name: 'workingSince', label: ctx.t('field.workingSince'), type: 'date', max: today })}
              </div>
              {F({ name: 'evidence', label: ctx.t('field.evidence'), maxlength: 2000 })}
            </>
          )}
        </>
      );
      break;
    case 'withdrawApplication':
      body = (
        <>
          {Select({ idPrefix: action, name: 'reason', label: ctx.t('field.withdrawalReason'), blank: ctx.t('field.choose'), options: WITHDRAWAL_REASONS.map((r) => ({ value: r, label: ctx.t(`withdrawalReason.${r}`) })), value: v('reason'), errors, required: true })}
          <TextArea idPrefix={action} name="note" label={ctx.t('field.note')} value={v('note')} errors={errors} required />
        </>
      );
      break;
    case 'undoEnding':
      body = (
        <>
          <p class="muted">{ctx.t('undo.hint')}</p>
          <TextArea idPrefix={action} name="reason" label={ctx.t('field.undoReason')} value={v('reason')} errors={errors} required maxlength={2000} />
        </>
      );
      break;
    case 'recordLetterSent':
      body = (
        <>
          {Select({ idPrefix: action, name: 'letterKey', label: ctx.t('field.letter'), options: props.unsentLetters.map((l) => ({ value: l.key, label: ctx.t.label('letter', l.label) })), value: v('letterKey'), errors, required: true })}
          {F({ name: 'sentOn', label: ctx.t('field.sentOn'), type: 'date', max: today, value: v('sentOn') ?? today, required: true })}
        </>
      );
      break;
  }
  return (
    <div id={id} class="card">
      <h3>{ctx.t(`action.${action}`)}</h3>
      <FormErrors message={failure?.message} errors={failure?.errors.filter((e) => e.field === '(form)')} idPrefix={action} />
      <form method="post" action={url} hx-post={url} hx-target={`#${id}`} hx-swap="outerHTML">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="_rid" value={props.formToken} />
        {body}
        <button type="submit">{ctx.t('field.submit')}</button>
      </form>
    </div>
  );
}

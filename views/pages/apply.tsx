// The application form (form no. 1): a social worker or coordinator records a received application.
import type { FieldError } from '../../domain/errors';
import { CHANNELS, LABOUR_STATUSES, SEXES } from '../../domain/types';
import { ANSWER_CODES, CITIZENSHIP_CODES, CITIZENSHIPS, DEGURBA, DISADVANTAGE_FLAGS, EDUCATION, EDUCATION_LEVELS, EMPLOYER_KIND_CODES, EMPLOYER_KINDS, OCCUPATION_CODES, OCCUPATIONS, STATUS_DETAIL_CODES, STATUS_DETAILS, VOIVODESHIPS } from '../../domain/participant-data';
import { Alert, CsrfField, Field, FormErrors, Select } from '../components';
import type { ViewCtx } from '../context';
import type { MessageKey } from '../../i18n';
import { EVIDENCE_KINDS, EVIDENCED_CONDITIONS } from '../../domain/eligibility';

export interface ApplyPageProps {
  ctx: ViewCtx;
  projects: Array<{ id: string; label: string; targetGroups: Array<{ code: string; label: string }> }>;
  socialWorkers: Array<{ id: string; name: string }>;
  values: Record<string, string | undefined>;
  errors?: FieldError[] | undefined;
  formToken: string;
  /** The person's application already in the chosen project (the form was refused). */
  duplicateOf?: string | undefined;
}

/** What the registry knows of this PESEL: the application in this project (refused) or in others (a warning). */
export interface PeselCheckResult {
  sameProject: string | null;
  otherProjects: Array<{ projectCode: string; link: string }>;
}

/** The person's application in this project: refused, with the link to it. */
function DuplicateAlert({ ctx, link }: { ctx: ViewCtx; link: string }) {
  return (
    <Alert kind="error">
      <p>
        {ctx.t('refusal.duplicateApplication')}. <a href={link}>{ctx.t('apply.duplicate.link')}</a>
      </p>
    </Alert>
  );
}

/** Shown while the form is filled in (htmx, on a change of the PESEL or the project). */
export function PeselCheck({ ctx, result }: { ctx: ViewCtx; result: PeselCheckResult | null }) {
  if (!result) return <></>;
  if (result.sameProject) return <DuplicateAlert ctx={ctx} link={`/participants/${result.sameProject}`} />;
  if (result.otherProjects.length === 0) return <></>;
  return (
    <Alert kind="info">
      <p>
        {ctx.t('apply.otherProject')}{' '}
        {result.otherProjects.map((o, i) => (
          <>
            {i > 0 && ', '}
            <a href={o.link}>{o.projectCode}</a>
          </>
        ))}
      </p>
    </Alert>
  );
}

/**
 * The target groups of the selected project only (redrawn when the project changes); without JavaScript,
 * those of the project the form starts with, and the server refuses another project's group.
 */
export function TargetGroupSelect({ ctx, groups, value, errors }: { ctx: ViewCtx; groups: Array<{ code: string; label: string }>; value?: string | undefined; errors?: FieldError[] | undefined }) {
  return (
    <div id="ap-target-group" hx-get="/participants/new/target-groups" hx-trigger="change from:#ap-projectId" hx-include="#ap-projectId" hx-swap="outerHTML">
      <Select idPrefix="ap" name="targetGroup" label={ctx.t('participant.targetGroup')} blank={ctx.t('common.none')} options={groups.map((g) => ({ value: g.code, label: g.label }))} value={value} errors={errors} />
    </div>
  );
}

export function ApplyPage({ ctx, projects, socialWorkers, values, errors, formToken, duplicateOf }: ApplyPageProps) {
  const { t } = ctx;
  const selected = projects.find((p) => p.id === values.projectId) ?? projects[0];
  return (
    <section>
      <h1>{t('apply.title')}</h1>
      {duplicateOf ? <DuplicateAlert ctx={ctx} link={`/participants/${duplicateOf}`} /> : <FormErrors message={errors?.length ? t('error.invalid_input') : undefined} errors={errors} idPrefix="ap" />}
      <form method="post" action="/participants/new" class="stack">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="_rid" value={formToken} />
        <Select idPrefix="ap" name="projectId" label={t('participant.project')} options={projects.map((p) => ({ value: p.id, label: p.label }))} value={values.projectId} errors={errors} required />
        <Field idPrefix="ap" name="firstName" label={t('apply.firstName')} value={values.firstName} errors={errors} required maxlength={100} autocomplete="off" />
        <Field idPrefix="ap" name="lastName" label={t('apply.lastName')} value={values.lastName} errors={errors} required maxlength={100} autocomplete="off" />
        <Field idPrefix="ap" name="pesel" label={t('participant.pesel')} value={values.pesel} errors={errors} required maxlength={11} inputmode="numeric" autocomplete="off" />
        <div
          id="ap-pesel-check"
          aria-live="polite"
          hx-post="/participants/new/pesel-check"
          hx-trigger="change from:#ap-pesel, change from:#ap-projectId"
          hx-include="#ap-pesel, #ap-projectId, [name=_csrf]"
          hx-swap="innerHTML"
        />
        <Field idPrefix="ap" name="birthDate" label={t('participant.birthDate')} type="date" value={values.birthDate} errors={errors} hint={t('apply.birthDateHint')} />
        <Select idPrefix="ap" name="sex" label={t('participant.sex')} options={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))} value={values.sex} errors={errors} required />
        <Select idPrefix="ap" name="disabilityAnswer" label={t('pd.field.disabilityAnswer')} options={ANSWER_CODES.map((a) => ({ value: a, label: t(`pd.answer.${a}`) }))} value={values.disabilityAnswer ?? 'no'} errors={errors} required />
        <TargetGroupSelect ctx={ctx} groups={selected?.targetGroups ?? []} value={values.targetGroup} errors={errors} />
        <Select idPrefix="ap" name="labourStatus" label={t('participant.labourStatus')} blank={t('common.none')} options={LABOUR_STATUSES.map((s) => ({ value: s, label: t(`labour.${s}`) }))} value={values.labourStatus} errors={errors} />
        <ParticipantDataFields ctx={ctx} values={values} errors={errors} />
        <EligibilityEvidenceFields ctx={ctx} values={values} errors={errors} />
        <Select idPrefix="ap" name="channel" label={t('participant.channel')} options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} value={values.channel} errors={errors} required />
        <Field idPrefix="ap" name="receivedAt" label={t('participant.receivedAt')} type="datetime-local" value={values.receivedAt} errors={errors} hint={t('apply.receivedAtHint')} />
        <Select idPrefix="ap" name="socialWorkerId" label={t('participant.socialWorker')} blank={t('common.none')} options={socialWorkers.map((w) => ({ value: w.id, label: w.name }))} value={values.socialWorkerId} errors={errors} />
        <button type="submit">{t('apply.submit')}</button>
      </form>
    </section>
  );
}

type FieldsProps = { ctx: ViewCtx; values: Record<string, string | undefined>; errors?: FieldError[] | undefined };

/** The monitoring data (SL2014 / SM EFS): address, contact, education, status detail, flags, guardian. */
function ParticipantDataFields({ ctx, values, errors }: FieldsProps) {
  const { t } = ctx;
  const f = (name: string, label: MessageKey, extra: { maxlength?: number; inputmode?: 'numeric' | 'email' | 'tel'; type?: string; autocomplete?: string; hint?: string } = {}) => (
    <Field idPrefix="ap" name={name} label={t(label)} value={values[name]} errors={errors} {...extra} />
  );
  const sel = (name: string, label: MessageKey, options: Array<{ value: string; label: string }>) => (
    <Select idPrefix="ap" name={name} label={t(label)} blank={t('common.none')} options={options} value={values[name]} errors={errors} />
  );
  const list = <K extends string>(codes: readonly K[], labels: Record<K, string>) => codes.map((c) => ({ value: c, label: labels[c] }));
  const answers = ANSWER_CODES.map((a) => ({ value: a, label: t(`pd.answer.${a}`) }));
  return (
    <>
      <fieldset>
        <legend>{t('pd.section.address')}</legend>
        <p>
          <small>{t('pd.hint.teryt')}</small>
        </p>
        {sel('address.voivodeship', 'pd.field.voivodeship', VOIVODESHIPS.map((v) => ({ value: v, label: v })))}
        {f('address.county', 'pd.field.county', { maxlength: 60, autocomplete: 'off' })}
        {f('address.commune', 'pd.field.commune', { maxlength: 60, autocomplete: 'off' })}
        {f('address.locality', 'pd.field.locality', { maxlength: 80, autocomplete: 'off' })}
        {f('address.street', 'pd.field.street', { maxlength: 100, autocomplete: 'off' })}
        {f('address.building', 'pd.field.building', { maxlength: 10, autocomplete: 'off' })}
        {f('address.flat', 'pd.field.flat', { maxlength: 10, autocomplete: 'off' })}
        {f('address.postcode', 'pd.field.postcode', { maxlength: 6, inputmode: 'numeric', autocomplete: 'off', hint: '00-000' })}
        {sel('address.degurba', 'pd.field.degurba', ([1, 2, 3] as const).map((d) => ({ value: String(d), label: DEGURBA[d] })))}
      </fieldset>
      <fieldset>
        <legend>{t('pd.section.contact')}</legend>
        {f('phone', 'pd.field.phone', { type: 'tel', inputmode: 'tel', maxlength: 20, autocomplete: 'off' })}
        {f('email', 'pd.field.email', { type: 'email', inputmode: 'email', maxlength: 254, autocomplete: 'off' })}
      </fieldset>
      <fieldset>
        <legend>{t('pd.section.monitoring')}</legend>
        {sel('education', 'pd.field.education', list(EDUCATION_LEVELS, EDUCATION))}
        {sel('labourStatusDetail', 'pd.field.labourStatusDetail', list(STATUS_DETAIL_CODES, STATUS_DETAILS))}
        {sel('occupation', 'pd.field.occupation', list(OCCUPATION_CODES, OCCUPATIONS))}
        {sel('employerKind', 'pd.field.employerKind', list(EMPLOYER_KIND_CODES, EMPLOYER_KINDS))}
        {f('employerName', 'pd.field.employerName', { maxlength: 200, autocomplete: 'off' })}
        {sel('citizenship', 'pd.field.citizenship', list(CITIZENSHIP_CODES, CITIZENSHIPS))}
        {DISADVANTAGE_FLAGS.map((flag) => sel(`disadvantage.${flag}`, `pd.field.${flag}`, answers))}
      </fieldset>
      <fieldset>
        <legend>{t('pd.section.guardian')}</legend>
        {f('guardian.firstName', 'pd.field.guardianFirstName', { maxlength: 100, autocomplete: 'off' })}
        {f('guardian.lastName', 'pd.field.guardianLastName', { maxlength: 100, autocomplete: 'off' })}
        {f('guardian.phone', 'pd.field.guardianPhone', { type: 'tel', inputmode: 'tel', maxlength: 20, autocomplete: 'off' })}
      </fieldset>
    </>
  );
}

/** Whether the candidate is the centre's client, and the dated evidence for each condition a project may set. */
function EligibilityEvidenceFields({ ctx, values, errors }: FieldsProps) {
  const { t } = ctx;
  const kinds = EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`eligibility.kind.${k}`) }));
  return (
    <fieldset>
      <legend>{t('eligibility.evidenceSection')}</legend>
      <p>
        <small>{t('eligibility.evidenceHint')}</small>
      </p>
      <Select idPrefix="ap" name="centreClient" label={t('eligibility.centreClientAnswer')} blank={t('common.none')} options={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]} value={values.centreClient} errors={errors} />
      {EVIDENCED_CONDITIONS.map((c) => (
        <div class="fields">
          <Select idPrefix="ap" name={`evidence.${c}.kind`} label={t(`eligibility.evidenceFor.${c}`)} blank={t('common.none')} options={kinds} value={values[`evidence.${c}.kind`]} errors={errors} />
          <Field idPrefix="ap" name={`evidence.${c}.date`} label={t('eligibility.evidenceDate')} type="date" value={values[`evidence.${c}.date`]} errors={errors} />
        </div>
      ))}
    </fieldset>
  );
}

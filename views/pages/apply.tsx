// The application form (form no. 1): a social worker or coordinator records a received application.
import type { FieldError } from '../../domain/errors';
import { CHANNELS, LABOUR_STATUSES, SEXES } from '../../domain/types';
import { Alert, CsrfField, Field, FormErrors, Select } from '../components';
import type { ViewCtx } from '../context';

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

export function ApplyPage({ ctx, projects, socialWorkers, values, errors, formToken, duplicateOf }: ApplyPageProps) {
  const { t } = ctx;
  const groups = new Map<string, string>();
  for (const p of projects) for (const g of p.targetGroups) groups.set(g.code, g.label);
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
        <div class="field">
          <span>
            <input type="checkbox" id="ap-disability" name="disability" value="true" checked={values.disability === 'true'} /> <label for="ap-disability">{t('participant.disability')}</label>
          </span>
        </div>
        <Select idPrefix="ap" name="targetGroup" label={t('participant.targetGroup')} blank={t('common.none')} options={[...groups].map(([code, label]) => ({ value: code, label }))} value={values.targetGroup} errors={errors} />
        <Select idPrefix="ap" name="labourStatus" label={t('participant.labourStatus')} blank={t('common.none')} options={LABOUR_STATUSES.map((s) => ({ value: s, label: t(`labour.${s}`) }))} value={values.labourStatus} errors={errors} />
        <Select idPrefix="ap" name="channel" label={t('participant.channel')} options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} value={values.channel} errors={errors} required />
        <Field idPrefix="ap" name="receivedAt" label={t('participant.receivedAt')} type="datetime-local" value={values.receivedAt} errors={errors} hint={t('apply.receivedAtHint')} />
        <Select idPrefix="ap" name="socialWorkerId" label={t('participant.socialWorker')} blank={t('common.none')} options={socialWorkers.map((w) => ({ value: w.id, label: w.name }))} value={values.socialWorkerId} errors={errors} />
        <button type="submit">{t('apply.submit')}</button>
      </form>
    </section>
  );
}

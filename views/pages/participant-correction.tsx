// Corrections of the participant's data: the form (every correctable field with its current value, and
// the reason) and, on the timeline, what a correction changed ("poprawiono: stara -> nowa"; the values
// only for the roles that may read them).
import type { CorrectableField, CorrectableValues } from '../../domain/corrections';
import type { DataCorrectionView } from '../../server/services/corrections';
import type { FieldError } from '../../domain/errors';
import { LABOUR_STATUSES, SEXES } from '../../domain/types';
import { DEGURBA, EDUCATION, EDUCATION_LEVELS, VOIVODESHIPS, type Education } from '../../domain/participant-data';
import { formatDate } from '../../i18n/format';
import { Alert, CsrfField, Field, FormErrors, Select, TextArea } from '../components';
import type { ViewCtx } from '../context';


export interface CorrectionProps {
  ctx: ViewCtx;
  participantId: string;
  current: CorrectableValues;
  targetGroups: Array<{ code: string; label: string }>;
  /** A refused correction: the form again, open, with what was typed and why. */
  failure?: { message: string; errors: FieldError[]; values: Record<string, string | undefined>; link?: string } | undefined;
  done?: boolean | undefined;
  /** The form's own id: sending it twice is one correction. */
  formToken: string;
}

const LABELS = {
  firstName: 'apply.firstName',
  lastName: 'apply.lastName',
  pesel: 'participant.pesel',
  birthDate: 'participant.birthDate',
  sex: 'participant.sex',
  disability: 'participant.disability',
  targetGroup: 'participant.targetGroup',
  labourStatus: 'participant.labourStatus',
  phone: 'pd.field.phone',
  email: 'pd.field.email',
  education: 'pd.field.education',
  address: 'pd.section.address',
} as const satisfies Record<CorrectableField, string>;

/** A corrected value as a person reads it (a target group arrives as its label already). */
function shown(ctx: ViewCtx, field: CorrectableField, v: string | null): string {
  if (v === null) return ctx.t('common.none');
  if (field === 'sex') return ctx.t(`sex.${v as 'K' | 'M'}`);
  if (field === 'disability') return v === 'true' ? ctx.t('common.yes') : ctx.t('common.no');
  if (field === 'labourStatus') return ctx.t.label('labour', v);
  if (field === 'birthDate') return formatDate(v);
  if (field === 'education') return EDUCATION[v as Education] ?? v;
  return v;
}

export function CorrectionList({ ctx, corrections }: { ctx: ViewCtx; corrections: DataCorrectionView[] }) {
  const { t } = ctx;
  const reason = corrections.find((c) => c.reason)?.reason;
  return (
    <ul class="corrections">
      {corrections.map((c) => (
        <li>
          {t('correction.corrected')} {t(LABELS[c.field])}
          {c.valuesShown ? `: ${shown(ctx, c.field, c.oldValue)} → ${shown(ctx, c.field, c.newValue)}` : ` (${t('correction.valuesHidden')})`}
        </li>
      ))}
      {reason && (
        <li>
          {t('correction.reason')}: {reason}
        </li>
      )}
    </ul>
  );
}

export function CorrectionSection({ ctx, participantId, current, targetGroups, failure, done, formToken }: CorrectionProps) {
  const { t } = ctx;
  const v = failure?.values;
  const value = (f: CorrectableField) => (v ? v[f] : current[f] === null ? undefined : String(current[f]));
  const part = (k: keyof NonNullable<CorrectableValues['address']>) => {
    if (v) return v[`address.${k}`];
    const x = current.address?.[k];
    return x === null || x === undefined ? undefined : String(x);
  };
  const errors = failure?.errors;
  return (
    <section aria-labelledby="p-correct" id="participant-correction">
      <h2 id="p-correct">{t('correction.title')}</h2>
      {done && <Alert kind="ok">{t('correction.done')}</Alert>}
      <details open={failure ? true : undefined}>
        <summary>{t('correction.open')}</summary>
        {failure?.link ? (
          <Alert kind="error">
            <p>
              {failure.message}. <a href={failure.link}>{t('apply.duplicate.link')}</a>
            </p>
          </Alert>
        ) : (
          <FormErrors message={failure?.message} errors={errors} idPrefix="co" />
        )}
        <form method="post" action={`/participants/${participantId}/correct`} class="stack">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="_rid" value={formToken} />
          <p class="muted">{t('correction.hint')}</p>
          <Field idPrefix="co" name="firstName" label={t(LABELS.firstName)} value={value('firstName')} errors={errors} required maxlength={100} autocomplete="off" />
          <Field idPrefix="co" name="lastName" label={t(LABELS.lastName)} value={value('lastName')} errors={errors} required maxlength={100} autocomplete="off" />
          <Field idPrefix="co" name="pesel" label={t(LABELS.pesel)} value={value('pesel')} errors={errors} required maxlength={11} inputmode="numeric" autocomplete="off" />
          <Field idPrefix="co" name="birthDate" label={t(LABELS.birthDate)} type="date" value={value('birthDate')} errors={errors} required />
          <Select idPrefix="co" name="sex" label={t(LABELS.sex)} options={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))} value={value('sex')} errors={errors} required />
          <div class="field">
            <span>
              <input type="hidden" name="disability" value="false" />
              <input type="checkbox" id="co-disability" name="disability" value="true" checked={value('disability') === 'true'} /> <label for="co-disability">{t(LABELS.disability)}</label>
            </span>
          </div>
          <Select idPrefix="co" name="targetGroup" label={t(LABELS.targetGroup)} blank={t('common.none')} options={targetGroups.map((g) => ({ value: g.code, label: g.label }))} value={value('targetGroup')} errors={errors} />
          <Select idPrefix="co" name="labourStatus" label={t(LABELS.labourStatus)} blank={t('common.none')} options={LABOUR_STATUSES.map((s) => ({ value: s, label: t(`labour.${s}`) }))} value={value('labourStatus')} errors={errors} />
          <Field idPrefix="co" name="phone" label={t(LABELS.phone)} type="tel" inputmode="tel" value={value('phone')} errors={errors} maxlength={20} autocomplete="off" />
          <Field idPrefix="co" name="email" label={t(LABELS.email)} type="email" inputmode="email" value={value('email')} errors={errors} maxlength={254} autocomplete="off" />
          <Select idPrefix="co" name="education" label={t(LABELS.education)} blank={t('common.none')} options={EDUCATION_LEVELS.map((e) => ({ value: e, label: EDUCATION[e] }))} value={value('education')} errors={errors} />
          <fieldset>
            <legend>{t('pd.section.address')}</legend>
            <p>
              <small>{t('pd.hint.teryt')}</small>
            </p>
            <Select idPrefix="co" name="address.voivodeship" label={t('pd.field.voivodeship')} blank={t('common.none')} options={VOIVODESHIPS.map((x) => ({ value: x, label: x }))} value={part('voivodeship')} errors={errors} />
            <Field idPrefix="co" name="address.county" label={t('pd.field.county')} value={part('county')} errors={errors} maxlength={60} autocomplete="off" />
            <Field idPrefix="co" name="address.commune" label={t('pd.field.commune')} value={part('commune')} errors={errors} maxlength={60} autocomplete="off" />
            <Field idPrefix="co" name="address.locality" label={t('pd.field.locality')} value={part('locality')} errors={errors} maxlength={80} autocomplete="off" />
            <Field idPrefix="co" name="address.street" label={t('pd.field.street')} value={part('street')} errors={errors} maxlength={100} autocomplete="off" />
            <Field idPrefix="co" name="address.building" label={t('pd.field.building')} value={part('building')} errors={errors} maxlength={10} autocomplete="off" />
            <Field idPrefix="co" name="address.flat" label={t('pd.field.flat')} value={part('flat')} errors={errors} maxlength={10} autocomplete="off" />
            <Field idPrefix="co" name="address.postcode" label={t('pd.field.postcode')} value={part('postcode')} errors={errors} maxlength={6} inputmode="numeric" autocomplete="off" hint="00-000" />
            <Select idPrefix="co" name="address.degurba" label={t('pd.field.degurba')} blank={t('common.none')} options={([1, 2, 3] as const).map((d) => ({ value: String(d), label: DEGURBA[d] }))} value={part('degurba')} errors={errors} />
          </fieldset>
          <TextArea idPrefix="co" name="reason" label={t('correction.reason')} value={v?.reason} errors={errors} required maxlength={2000} />
          <button type="submit">{t('correction.submit')}</button>
        </form>
      </details>
    </section>
  );
}

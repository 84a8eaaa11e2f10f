// The IŚR page of one participant: the IŚR in force (diagnosis, goals, planned forms with hours, period
// and provider), its print (att. 8), the form that revises it (htmx: errors inline by their fields) and
// every earlier revision with who, when and why.
import type { FieldError } from '../../domain/errors';
import type { IsrView } from '../../server/services/isr';
import { Alert, CsrfField, Field, FormErrors, TableHead, TextArea } from '../components';
import type { ViewCtx } from '../context';
import { formatDate, formatDateTime } from '../../i18n/format';

export interface IsrFormState {
  errors?: FieldError[] | undefined;
  values?: Record<string, string | string[] | undefined> | undefined;
  message?: string | undefined;
  saved?: number | undefined;
  formToken: string;
}

function Revision({ ctx, r, current }: { ctx: ViewCtx; r: IsrView['revisions'][number]; current: boolean }) {
  const { t } = ctx;
  const id = `isr-r${r.revision}`;
  return (
    <section class="card" aria-labelledby={id}>
      <h3 id={id}>
        {current ? t('isr.current', { revision: r.revision }) : `${t('isr.revision')} ${r.revision}`}
      </h3>
      <p class="muted">
        {formatDateTime(r.revisedAt)} · {r.revisedBy ?? '—'} · {r.reason ?? t('isr.firstVersion')}
      </p>
      <h4>{t('isr.diagnosis')}</h4>
      <p class="prewrap">{r.diagnosis}</p>
      <h4>{t('isr.goals')}</h4>
      <p class="prewrap">{r.goals}</p>
      <table aria-label={`${t('isr.forms')} (${r.revision})`}>
        <TableHead columns={[t('isr.form'), { label: t('isr.hours'), num: true }, t('isr.from'), t('isr.to'), t('isr.provider')]} />
        <tbody>
          {r.items.map((i) => (
            <tr>
              <td>{i.label}</td>
              <td class="num">{i.hours}</td>
              <td>{formatDate(i.from)}</td>
              <td>{formatDate(i.to)}</td>
              <td>{i.provider}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The revise form; prefilled from the IŚR in force (or what was sent, when it came back with errors). */
export function IsrForm({ ctx, v, state }: { ctx: ViewCtx; v: IsrView; state: IsrFormState }) {
  const { t } = ctx;
  const current = v.revisions[0];
  const sent = state.values;
  const val = (k: string, fallback?: string | number) => {
    const x = sent?.[k];
    return sent ? (Array.isArray(x) ? x[0] : x) : fallback;
  };
  const planned = new Map(current?.items.map((i) => [i.formCode, i]) ?? []);
  const errors = state.errors;
  const F = (p: Parameters<typeof Field>[0]) => Field({ idPrefix: 'isr', errors, ...p });
  return (
    <form id="isr-form" method="post" action={`/participants/${v.applicationId}/isr`} hx-post={`/participants/${v.applicationId}/isr`} hx-target="#isr-form" hx-swap="outerHTML" novalidate>
      <h2 id="isr-form-title">{current ? t('isr.revise') : t('isr.establish')}</h2>
      {state.saved !== undefined && <Alert kind="ok">{t('isr.saved', { revision: state.saved })}</Alert>}
      <FormErrors message={state.message} errors={errors} idPrefix="isr" />
      <CsrfField ctx={ctx} />
      <input type="hidden" name="_rid" value={state.formToken} />
      {TextArea({ idPrefix: 'isr', name: 'diagnosis', label: t('isr.diagnosis'), errors, rows: 4, maxlength: 4000, required: true, value: val('diagnosis', current?.diagnosis) as string | undefined })}
      {TextArea({ idPrefix: 'isr', name: 'goals', label: t('isr.goals'), errors, rows: 3, maxlength: 4000, required: true, value: val('goals', current?.goals) as string | undefined })}
      <fieldset>
        <legend>{t('isr.forms')}</legend>
        <p class="muted">{t('isr.formsHint')}</p>
        {v.catalogue.map((f) => {
          const p = planned.get(f.code);
          const k = (x: string) => `items.${f.code}.${x}`;
          return (
            <fieldset class="isr-row">
              <legend>{f.label}</legend>
              {F({ name: k('hours'), label: t('isr.hours'), type: 'number', min: 0, max: 2000, step: 0.5, inputmode: 'decimal', value: val(k('hours'), p?.hours) ?? null })}
              {F({ name: k('from'), label: t('isr.from'), type: 'date', value: val(k('from'), p?.from) ?? null })}
              {F({ name: k('to'), label: t('isr.to'), type: 'date', value: val(k('to'), p?.to) ?? null })}
              {F({ name: k('provider'), label: t('isr.provider'), maxlength: 200, value: val(k('provider'), p?.provider) ?? null })}
            </fieldset>
          );
        })}
      </fieldset>
      {current &&
        TextArea({ idPrefix: 'isr', name: 'reason', label: t('isr.reason'), hint: t('isr.reasonHint'), errors, rows: 2, maxlength: 4000, required: true, value: val('reason') as string | undefined })}
      <button type="submit">{t('isr.submit')}</button>
    </form>
  );
}

export function IsrPage({ ctx, v, state }: { ctx: ViewCtx; v: IsrView; state: IsrFormState }) {
  const { t } = ctx;
  const [current, ...earlier] = v.revisions;
  return (
    <section>
      <p>
        <a href={`/participants/${v.applicationId}`}>{t('isr.back')}</a>
      </p>
      <h1>
        {t('isr.title')}: {v.participantName}
      </h1>
      <div id="isr-current">
        {current ? (
          <>
            <Revision ctx={ctx} r={current} current />
            <p>
              <a href={`/participants/${v.applicationId}/isr.pdf`}>{t('isr.print')}</a>
            </p>
          </>
        ) : (
          <p class="muted">{t('isr.none')}</p>
        )}
      </div>
      {v.canRevise ? <IsrForm ctx={ctx} v={v} state={state} /> : v.stage !== 'support' && <p class="muted">{t('isr.notInSupport')}</p>}
      {earlier.length > 0 && (
        <section aria-labelledby="isr-history">
          <h2 id="isr-history">{t('isr.history')}</h2>
          {earlier.map((r) => (
            <Revision ctx={ctx} r={r} current={false} />
          ))}
        </section>
      )}
    </section>
  );
}

// Group sessions: a project's list, a session's form (when, where, who leads, the group), and its
// sheet: the whole group's attendance in one submit, the sign-in sheet PDFs, and what each submit did.
import type { FieldError } from '../../domain/errors';
import { ATTENDANCE_MARKS, JUSTIFICATIONS } from '../../domain/sessions';
import type { SessionSheet, SessionSummary, SheetResult } from '../../server/services/sessions';
import { formatDate } from '../../i18n/format';
import { Alert, Checkboxes, CsrfField, Field, FormErrors, Select, TableHead, fieldError } from '../components';
import type { ViewCtx } from '../context';
import { allowed } from '../context';

const hours = (n: number) => String(Math.round(n * 100) / 100).replace('.', ',');

export function SessionsPage(p: { ctx: ViewCtx; projects: Array<{ id: string; label: string }>; projectId: string | undefined; sessions: SessionSummary[] }) {
  const { ctx } = p;
  const { t } = ctx;
  return (
    <article>
      <h1>{t('sessions.title')}</h1>
      <form method="get" action="/sessions" class="row">
        {Select({ name: 'projectId', label: t('sessions.project'), options: p.projects.map((x) => ({ value: x.id, label: x.label })), value: p.projectId ?? null, idPrefix: 'sessions' })}
        <button type="submit">{t('sessions.show')}</button>
      </form>
      {p.projectId && allowed(ctx, 'manageSessions') && (
        <p>
          <a href={`/sessions/new?projectId=${p.projectId}`}>{t('sessions.new')}</a>
        </p>
      )}
      {p.sessions.length === 0 ? (
        <p class="muted">{t('sessions.none')}</p>
      ) : (
        <table>
          <caption>{t('sessions.title')}</caption>
          <TableHead columns={[t('sessions.date'), t('sessions.startsAt'), t('sessions.form'), t('sessions.place'), t('sessions.leader'), { label: t('sessions.groupSize'), num: true }]} />
          <tbody>
            {p.sessions.map((s) => (
              <tr>
                <td>
                  <a href={`/sessions/${s.id}`}>{formatDate(s.sessionOn)}</a>
                </td>
                <td>{s.startsAt}</td>
                <td>{s.formLabel}</td>
                <td>{s.place}</td>
                <td>{s.leaderName}</td>
                <td class="num">{s.groupSize}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

export interface SessionFormProps {
  ctx: ViewCtx;
  action: string;
  title: string;
  projectId: string;
  forms: Array<{ code: string; label: string }>;
  leaders: Array<{ id: string; name: string }>;
  candidates: Array<{ id: string; name: string }>;
  values: { formCode?: string; sessionOn?: string; startsAt?: string; hours?: string; place?: string; leaderId?: string; members: string[] };
  errors?: FieldError[] | undefined;
}

export function SessionFormPage(p: SessionFormProps) {
  const { ctx } = p;
  const { t } = ctx;
  const v = p.values;
  const idPrefix = 'session';
  return (
    <article>
      <p>
        <a href={`/sessions?projectId=${p.projectId}`}>← {t('sessions.title')}</a>
      </p>
      <h1>{p.title}</h1>
      <FormErrors message={p.errors?.length ? t('error.invalid_input') : undefined} errors={p.errors} idPrefix={idPrefix} />
      <form method="post" action={p.action}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="projectId" value={p.projectId} />
        {Select({ idPrefix, name: 'formCode', label: t('sessions.form'), options: p.forms.map((f) => ({ value: f.code, label: f.label })), value: v.formCode ?? null, errors: p.errors, required: true })}
        <div class="row">
          {Field({ idPrefix, name: 'sessionOn', label: t('sessions.date'), type: 'date', value: v.sessionOn, errors: p.errors, required: true })}
          {Field({ idPrefix, name: 'startsAt', label: t('sessions.startsAt'), type: 'time', value: v.startsAt, errors: p.errors, required: true })}
          {Field({ idPrefix, name: 'hours', label: t('sessions.hours'), type: 'number', min: 0.5, max: 24, step: 0.5, value: v.hours, errors: p.errors, required: true })}
        </div>
        {Field({ idPrefix, name: 'place', label: t('sessions.place'), value: v.place, errors: p.errors, required: true, maxlength: 200 })}
        {Select({ idPrefix, name: 'leaderId', label: t('sessions.leader'), options: p.leaders.map((l) => ({ value: l.id, label: l.name })), value: v.leaderId ?? null, errors: p.errors, required: true })}
        <Checkboxes idPrefix={idPrefix} name="members" legend={t('sessions.group')} options={p.candidates.map((c) => ({ value: c.id, label: c.name }))} checked={v.members} error={fieldError(p.errors, 'members')} />
        <button type="submit">{t('sessions.save')}</button>
      </form>
    </article>
  );
}

export interface SheetPageProps {
  ctx: ViewCtx;
  sheet: SessionSheet;
  canEdit: boolean;
  canRecord: boolean;
  canPrint: boolean;
  /** Fresh per render: a sheet sent twice records each person once. */
  formToken: string;
  result?: SheetResult | undefined;
  errors?: FieldError[] | undefined;
  values?: Record<string, string | undefined>;
  message?: string | undefined;
}

export function SessionSheetPage(p: SheetPageProps) {
  const { ctx, sheet } = p;
  const { t } = ctx;
  const open = sheet.members.filter((m) => m.recorded === null);
  const v = (k: string) => p.values?.[k];
  // Field errors of the sheet come as marks.<i>.<field>, in the order of the open rows.
  const rowError = (i: number, field: string) => fieldError(p.errors, `marks.${i}.${field}`);
  return (
    <article>
      <p>
        <a href={`/sessions?projectId=${sheet.projectId}`}>← {t('sessions.title')}</a>
      </p>
      <h1>
        {sheet.formLabel}: {formatDate(sheet.sessionOn)}
      </h1>
      <dl class="facts">
        <dt>{t('sessions.date')}</dt>
        <dd>{t('sessions.when', { date: formatDate(sheet.sessionOn), time: sheet.startsAt, hours: hours(sheet.hours) })}</dd>
        <dt>{t('sessions.place')}</dt>
        <dd>{sheet.place}</dd>
        <dt>{t('sessions.leader')}</dt>
        <dd>{sheet.leaderName}</dd>
        <dt>{t('sessions.groupSize')}</dt>
        <dd>{sheet.members.length}</dd>
      </dl>
      <p class="row">
        {p.canEdit && <a href={`/sessions/${sheet.id}/edit`}>{t('sessions.edit')}</a>}
        {p.canPrint && <a href={`/sessions/${sheet.id}/sheet.pdf`}>{t('sessions.signInPdf')}</a>}
        {p.canPrint && <a href={`/sessions/${sheet.id}/sheet.pdf?filled=true`}>{t('sessions.recordedPdf')}</a>}
      </p>
      {p.message && <Alert kind="ok">{p.message}</Alert>}
      {p.result && p.result.recorded.length > 0 && <Alert kind="ok">{t('sessions.recordedCount', { n: p.result.recorded.length })}</Alert>}
      {p.result && p.result.refused.length > 0 && (
        <Alert kind="error">
          <p>{t('sessions.refusedCount', { n: p.result.refused.length })}</p>
          <ul id="sheet-refused">
            {p.result.refused.map((r) => (
              <li>
                <strong>{r.name}</strong>: {ctx.locale === 'en' ? r.reason.en : r.reason.pl}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {p.errors && p.errors.length > 0 && (
        <Alert kind="error">
          <p>{t('error.invalid_input')}</p>
          <ul>
            {p.errors.map((e) => {
              // marks.<i>.<field>: the i-th open row; link to its control.
              const [, i, field] = /^marks\.(\d+)\.(\w+)$/.exec(e.field) ?? [];
              const m = i !== undefined ? open[Number(i)] : undefined;
              const target = m ? `#${field === 'attendedHours' ? 'hours' : 'just'}-${m.applicationId}` : '#sheet';
              return (
                <li>
                  <a href={target}>{m ? `${m.name}: ${e.message}` : e.message}</a>
                </li>
              );
            })}
          </ul>
        </Alert>
      )}
      <h2 id="sheet-title">{t('sessions.sheet')}</h2>
      <form method="post" action={`/sessions/${sheet.id}/attendance`}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="_rid" value={p.formToken} />
        <table aria-labelledby="sheet-title" id="sheet">
          <TableHead columns={[t('print.attendance.number'), t('sessions.person'), t('sessions.mark'), t('sessions.justification'), t('sessions.attendedHours')]} />
          <tbody>
            {sheet.members.map((m, n) => {
              const i = open.indexOf(m);
              const id = m.applicationId;
              if (m.recorded) {
                return (
                  <tr>
                    <td>{n + 1}</td>
                    <td>
                      <a href={`/participants/${id}`}>{m.name}</a>
                    </td>
                    <td>{t(`mark.${m.recorded.mark}`)}</td>
                    <td>{m.recorded.justification ? t(`field.justification.${m.recorded.justification}`) : ''}</td>
                    <td>
                      {hours(m.recorded.attendedHours)} h <span class="muted">({t('sessions.alreadyRecorded')})</span>
                    </td>
                  </tr>
                );
              }
              const mark = v(`mark.${id}`) ?? 'present';
              const jErr = rowError(i, 'justification');
              const hErr = rowError(i, 'attendedHours');
              return (
                <tr>
                  <td>{n + 1}</td>
                  <td>
                    <a href={`/participants/${id}`}>{m.name}</a>
                  </td>
                  <td>
                    <fieldset class="marks">
                      <legend class="sr-only">{`${t('sessions.mark')}: ${m.name}`}</legend>
                      {ATTENDANCE_MARKS.map((k) => (
                        <label>
                          <input type="radio" name={`mark.${id}`} value={k} checked={mark === k} disabled={!p.canRecord} /> {t(`mark.${k}`)}
                        </label>
                      ))}
                    </fieldset>
                  </td>
                  <td>
                    <label class="sr-only" for={`just-${id}`}>{`${t('sessions.justification')}: ${m.name}`}</label>
                    <select id={`just-${id}`} name={`justification.${id}`} aria-invalid={jErr ? 'true' : undefined} aria-describedby={jErr ? `just-${id}-error` : undefined} disabled={!p.canRecord}>
                      <option value="">{t('common.none')}</option>
                      {JUSTIFICATIONS.map((j) => (
                        <option value={j} selected={v(`justification.${id}`) === j}>
                          {t(`field.justification.${j}`)}
                        </option>
                      ))}
                    </select>
                    {jErr && (
                      <p class="error" id={`just-${id}-error`}>
                        {jErr}
                      </p>
                    )}
                  </td>
                  <td>
                    <label class="sr-only" for={`hours-${id}`}>{`${t('sessions.attendedHours')}: ${m.name}`}</label>
                    <input id={`hours-${id}`} name={`hours.${id}`} type="number" min="0.5" max={sheet.hours} step="0.5" value={v(`hours.${id}`)} aria-invalid={hErr ? 'true' : undefined} disabled={!p.canRecord} />
                    {hErr && <p class="error">{hErr}</p>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {open.length === 0 ? <p class="muted">{t('sessions.allRecorded')}</p> : p.canRecord && <button type="submit">{t('sessions.record')}</button>}
      </form>
    </article>
  );
}

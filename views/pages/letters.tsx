// Letters to candidates for the office: filter by project and status, download the PDF to print, and
// mark each one as sent (a form with the CSRF token and the posting date).
import type { FieldError } from '../../domain/errors';
import { Alert, CsrfField, FormErrors, Select, TableHead } from '../components';
import type { ViewCtx } from '../context';
import { formatDate } from '../../i18n/format';
import type { MessageKey } from '../../i18n';
import { LETTER_STATUSES, type LetterStatus } from '../../domain/lists';
import type { LetterRow } from '../../server/services/letters';

export type { LetterRow };

export interface LettersPageProps {
  ctx: ViewCtx;
  rows: LetterRow[];
  total: number;
  filter: { projectId?: string | undefined; status: LetterStatus };
  projects: Array<{ id: string; label: string }>;
  canDownload: boolean;
  canMark: boolean;
  today: string;
  message?: string | undefined;
  errors?: FieldError[] | undefined;
}

export function lettersQuery(f: LettersPageProps['filter']): string {
  const q = new URLSearchParams({ status: f.status });
  if (f.projectId) q.set('projectId', f.projectId);
  return q.toString();
}

function MarkSent({ ctx, row, filter, today }: { ctx: ViewCtx; row: LetterRow; filter: LettersPageProps['filter']; today: string }) {
  const { t } = ctx;
  const id = `lt-sent-${row.id}`;
  return (
    <form method="post" action={`/letters/${row.id}/sent`} class="inline">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="back" value={lettersQuery(filter)} />
      <label for={id} class="sr-only">
        {t('letters.sentOn')}: {row.participantName}
      </label>
      <input id={id} name="sentOn" type="date" value={today} max={today} required />
      <button type="submit">{t('letters.markSent')}</button>
    </form>
  );
}

export function LettersPage(props: LettersPageProps) {
  const { ctx, rows, filter: f } = props;
  const { t } = ctx;
  return (
    <section>
      <h1>{t('letters.title')}</h1>
      <p class="muted">{t('letters.intro')}</p>
      {props.message && <Alert kind="ok">{props.message}</Alert>}
      <FormErrors message={props.errors?.length ? t('error.invalid_input') : undefined} errors={props.errors} idPrefix="lt" />
      <form method="get" action="/letters" class="row filters">
        <Select idPrefix="lf" name="projectId" label={t('participant.project')} blank={t('list.any')} options={props.projects.map((p) => ({ value: p.id, label: p.label }))} value={f.projectId} />
        <Select
          idPrefix="lf"
          name="status"
          label={t('letters.status')}
          options={LETTER_STATUSES.map((s) => ({ value: s, label: t(`letters.status.${s}` as MessageKey) }))}
          value={f.status}
        />
        <div class="field">
          <button type="submit">{t('common.search')}</button>
        </div>
      </form>
      <p class="muted" role="status">
        {t('letters.count', { n: props.total })}
        {props.total > rows.length ? ` ${t('letters.more', { n: rows.length })}` : ''}
      </p>
      <table id="letters">
        <TableHead columns={[t('letters.participant'), t('participant.project'), t('letters.kind'), t('letters.createdAt'), t('letters.pdf'), t('letters.sentOn')]} />
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colspan={6}>{t('letters.none')}</td>
            </tr>
          )}
          {rows.map((r) => (
            <tr id={`letter-${r.id}`}>
              <td>
                <a href={`/participants/${r.applicationId}`}>{r.participantName}</a>
              </td>
              <td>{r.projectCode}</td>
              <td>{t.label('letter', r.kind)}</td>
              <td>{formatDate(r.createdAt)}</td>
              <td>
                {!r.hasPdf ? (
                  <span class="muted">{t('letters.removed')}</span>
                ) : props.canDownload ? (
                  <a href={`/letters/${r.id}/pdf`} download>
                    {t('letters.download')}
                  </a>
                ) : null}
              </td>
              <td>{r.sentOn ? formatDate(r.sentOn) : r.superseded ? (
                <>
                  <span class="badge">{t('letters.superseded')}</span> {t(`letters.superseded.${r.superseded}`)}
                </>
              ) : props.canMark ? <MarkSent ctx={ctx} row={r} filter={f} today={props.today} /> : t('letters.status.unsent')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

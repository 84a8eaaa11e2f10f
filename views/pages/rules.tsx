// A project's regulations: its versions (in effect from, basis, running journeys on each), the director's
// form for a new version, the preview of a migration of running journeys, and its progress.
import type { FieldError } from '../../domain/errors';
import type { MigrationCandidate, MigrationProgress, RulesVersionView } from '../../server/services/rules';
import { RULES_DAY_FIELDS as DAY_FIELDS, WEEKDAYS } from '../../domain/project';
import { say } from '../../i18n';
import { formatDate, formatDateTime } from '../../i18n/format';
import { Alert, CsrfField, Field, FormErrors, TableHead, TextArea } from '../components';
import { ConfirmStep } from '../confirm';
import type { ViewCtx } from '../context';

interface ProjectRef {
  id: string;
  code: string;
  name: string;
}

export interface RulesPageProps {
  ctx: ViewCtx;
  project: ProjectRef;
  versions: RulesVersionView[];
  migrations: Array<{ id: string; toVersion: number; total: number; done: number; startedAt: Date; finishedAt: Date | null }>;
  today: string;
  /** The director: may issue versions and move journeys. */
  canIssue: boolean;
  form: Record<string, string | undefined>;
  message?: string | undefined;
  errors?: FieldError[] | undefined;
}

const base = (p: ProjectRef) => `/projects/${p.id}/rules`;

function Heading({ project, title }: { project: ProjectRef; title: string }) {
  return (
    <>
      <p>
        <a href={`/projects/${project.id}`}>
          ← {project.code} – {project.name}
        </a>
      </p>
      <h1>{title}</h1>
    </>
  );
}

export function RulesPage(p: RulesPageProps) {
  const { t } = p.ctx;
  const current = p.versions[0];
  const f = (name: string) => ({ idPrefix: 'rv', name, value: p.form[name], errors: p.errors });
  return (
    <section>
      <Heading project={p.project} title={`${t('rules.title')} – ${p.project.code}`} />
      {p.message && <Alert kind="ok">{p.message}</Alert>}
      <h2>{t('rules.versions')}</h2>
      <table>
        <TableHead columns={[{ label: t('rules.version'), num: true }, t('rules.effectiveFrom'), t('rules.act'), t('rules.issued'), { label: t('rules.threshold'), num: true }, { label: t('rules.running'), num: true }, p.canIssue && '']} />
        <tbody>
          {p.versions.map((v) => (
            <tr>
              <td class="num">{v.version}</td>
              <td>{v.effectiveFrom ? formatDate(v.effectiveFrom) : t('rules.fromIssue')}</td>
              <td>{v.approvedByAct ?? '—'}</td>
              <td>
                {formatDateTime(v.issuedAt)}
                {v.issuedBy && <span class="muted"> – {v.issuedBy}</span>}
              </td>
              <td class="num">{Math.round(v.rules.attendanceThreshold * 100)}%</td>
              <td class="num">{v.running}</td>
              {p.canIssue && (
                <td>
                  {v.version > 1 && v === current && (v.effectiveFrom && v.effectiveFrom > p.today ? (
                    <span class="muted">{t('rules.notYet', { date: formatDate(v.effectiveFrom) })}</span>
                  ) : (
                    <a href={`${base(p.project)}/migrate?version=${v.version}`}>{t('rules.migrate', { version: v.version })}</a>
                  ))}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {p.migrations.length > 0 && (
        <>
          <h2>{t('rules.migrations')}</h2>
          <ul>
            {p.migrations.map((m) => (
              <li>
                <a href={`${base(p.project)}/migrations/${m.id}`}>{t('rules.migrationRow', { at: formatDateTime(m.startedAt), version: m.toVersion, done: m.done, total: m.total })}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      {p.canIssue && current && (
        <>
          <h2 id="rv-new">{t('rules.new')}</h2>
          <p>{t('rules.newLead', { version: current.version })}</p>
          <FormErrors message={p.errors?.length ? t('error.invalid_input') : undefined} errors={p.errors} idPrefix="rv" />
          <form method="post" action={base(p.project)} class="stack wide" aria-labelledby="rv-new">
            <CsrfField ctx={p.ctx} />
            <div class="fields">
              <Field {...f('effectiveFrom')} label={t('rules.effectiveFrom')} type="date" hint={t('rules.effectiveFromHint')} required />
              <Field {...f('approvedByAct')} label={t('rules.approvedByAct')} maxlength={200} />
            </div>
            <TextArea {...f('criteria')} label={t('project.criteria')} hint={t('project.criteriaHint')} rows={6} maxlength={5000} required />
            <Field {...f('attendanceThreshold')} label={t('rules.attendanceThreshold')} inputmode="decimal" maxlength={10} required />
            <fieldset>
              <legend>{t('rules.days')}</legend>
              <div class="fields">
                {DAY_FIELDS.map((k) => (
                  <Field {...f(k)} label={t(`rules.${k}`)} type="number" min={1} max={400} required />
                ))}
              </div>
            </fieldset>
            <fieldset>
              <legend>{t('rules.officeHours')}</legend>
              <p class="muted">{t('rules.officeHoursHint')}</p>
              <div class="fields">
                {WEEKDAYS.map((d) => (
                  <>
                    <Field {...f(`oh.${d}.from`)} label={t('rules.openFrom', { day: t(`weekday.${d}`) })} type="time" />
                    <Field {...f(`oh.${d}.to`)} label={t('rules.openTo', { day: t(`weekday.${d}`) })} type="time" />
                  </>
                ))}
              </div>
            </fieldset>
            <button type="submit">{t('rules.issue')}</button>
          </form>
        </>
      )}
    </section>
  );
}

export function MigrationPreviewPage({ ctx, project, version, candidates }: { ctx: ViewCtx; project: ProjectRef; version: number; candidates: MigrationCandidate[] }) {
  const { t } = ctx;
  return (
    <section>
      <Heading project={project} title={t('rules.preview', { version })} />
      {candidates.length === 0 ? (
        <Alert kind="info">{t('rules.none')}</Alert>
      ) : (
        <>
          <p>{t('rules.previewLead')}</p>
          <table>
            <TableHead columns={[t('rules.participant'), t('rules.stage'), { label: t('rules.from'), num: true }]} />
            <tbody>
              {candidates.map((c) => (
                <tr>
                  <td>
                    <a href={`/participants/${c.applicationId}`}>{c.name}</a>
                  </td>
                  <td>{t.label('stage', c.stage)}</td>
                  <td class="num">{c.rulesVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ConfirmStep
            ctx={ctx}
            id="rv-migrate"
            action={t('rules.action')}
            url={`${base(project)}/migrate`}
            fields={{ version: String(version), expected: String(candidates.length) }}
            summary={[
              [t('rules.toVersion'), String(version)],
              [t('rules.count'), String(candidates.length)],
            ]}
            consequence={t('rules.consequence')}
            backHref={base(project)}
          />
        </>
      )}
      <p>
        <a href={base(project)}>← {t('rules.title')}</a>
      </p>
    </section>
  );
}

/** The progress; while the migration runs, htmx asks for it again every second (and stops once it ended). */
export function MigrationProgressView({ ctx, project, m }: { ctx: ViewCtx; project: ProjectRef; m: MigrationProgress }) {
  const { t } = ctx;
  const done = m.migrated + m.skipped.length;
  const url = `${base(project)}/migrations/${m.id}`;
  return (
    <div id="rv-progress" {...(m.finishedAt ? {} : { 'hx-get': url, 'hx-trigger': 'every 1s', 'hx-swap': 'outerHTML', 'hx-select': '#rv-progress' })}>
      <p>{t('rules.startedBy', { at: formatDateTime(m.startedAt), name: m.startedBy ?? '—' })}</p>
      <p>
        <label for="rv-bar">{t('rules.progressLabel')}</label>{' '}
        <progress id="rv-bar" max={m.total} value={done}>
          {done}/{m.total}
        </progress>
      </p>
      <p role="status">
        {t('rules.progressCount', { done: m.migrated, total: m.total })} {m.finishedAt ? t('rules.finished', { at: formatDateTime(m.finishedAt) }) : t('rules.running.now')}
      </p>
      {m.skipped.length > 0 && (
        <>
          <h2>{t('rules.skipped')}</h2>
          <ul>
            {m.skipped.map((s) => (
              <li>
                <a href={`/participants/${s.applicationId}`}>{s.name}</a>: {s.reason ? say(ctx.locale, s.reason) : '—'}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function MigrationProgressPage({ ctx, project, m }: { ctx: ViewCtx; project: ProjectRef; m: MigrationProgress }) {
  const { t } = ctx;
  return (
    <section>
      <Heading project={project} title={t('rules.progress', { version: m.toVersion })} />
      <MigrationProgressView ctx={ctx} project={project} m={m} />
      <p>
        <a href={base(project)}>← {t('rules.title')}</a>
      </p>
    </section>
  );
}

// Projects: the list, a new project (points sheet as lines), one project's configuration as a form.
import type { FieldError } from '../../domain/errors';
import { COUNT_INDICATORS } from '../../domain/indicators';
import { ADULT_ONLY_INDICATORS, ESCALATION_ROLES, ESCALATION_STEPS, PROGRAMME_PERIODS } from '../../domain/project';
import { EMPLOYMENT_CONTRACTS } from '../../domain/types';
import { Alert, Checkboxes, CsrfField, Field, fieldError, FormErrors, Select, TableHead, TextArea } from '../components';
import type { ViewCtx } from '../context';
import { formatDate } from '../../i18n/format';
import { RegulationChecksFields } from '../regulation-checks-fields';

export interface ProjectsPageProps {
  ctx: ViewCtx;
  projects: Array<{ id: string; code: string; name: string; startsOn: string; endsOn: string; places: number; rulesVersion: number }>;
  canCreate: boolean;
  /** Show a link to each project's indicators. */
  canSeeIndicators?: boolean;
  values?: Record<string, string | undefined>;
  errors?: FieldError[] | undefined;
}

export function ProjectsPage({ ctx, projects, canCreate, canSeeIndicators, values = {}, errors }: ProjectsPageProps) {
  const { t } = ctx;
  return (
    <section>
      <h1>{t('nav.projects')}</h1>
      <table>
        <TableHead columns={[t('project.code'), t('project.name'), t('project.period'), { label: t('project.places'), num: true }, { label: t('project.rules'), num: true }, canSeeIndicators && t('nav.indicators')]} />
        <tbody>
          {projects.map((p) => (
            <tr>
              <td>
                <a href={`/projects/${p.id}`}>{p.code}</a>
              </td>
              <td>{p.name}</td>
              <td>
                {formatDate(p.startsOn)} – {formatDate(p.endsOn)}
              </td>
              <td class="num">{p.places}</td>
              <td class="num">{p.rulesVersion}</td>
              {canSeeIndicators && (
                <td>
                  <a href={`/projects/${p.id}/indicators`} aria-label={`${t('project.indicators')}: ${p.code}`}>
                    {t('nav.indicators')}
                  </a>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {canCreate && (
        <>
          <h2 id="pr-new">{t('project.new')}</h2>
          <FormErrors message={errors?.length ? t('error.invalid_input') : undefined} errors={errors} idPrefix="pr" />
          <form method="post" action="/projects" class="stack" aria-labelledby="pr-new">
            <CsrfField ctx={ctx} />
            <Field idPrefix="pr" name="code" label={t('project.code')} value={values.code} errors={errors} required maxlength={50} />
            <Field idPrefix="pr" name="name" label={t('project.name')} value={values.name} errors={errors} required maxlength={300} />
            <div class="row">
              <Field idPrefix="pr" name="startsOn" label={t('project.startsOn')} type="date" value={values.startsOn} errors={errors} required />
              <Field idPrefix="pr" name="endsOn" label={t('project.endsOn')} type="date" value={values.endsOn} errors={errors} required />
            </div>
            <Field idPrefix="pr" name="places" label={t('project.places')} type="number" min={1} value={values.places} errors={errors} required />
            <div class="field">
              <label for="pr-criteria">{t('project.criteria')}</label>
              <textarea id="pr-criteria" name="criteria" rows={5} required maxlength={5000} aria-describedby="pr-criteria-hint">
                {values.criteria ?? ''}
              </textarea>
              <small id="pr-criteria-hint">{t('project.criteriaHint')}</small>
            </div>
            <button type="submit">{t('project.create')}</button>
          </form>
        </>
      )}
    </section>
  );
}

export interface ProjectPageProps {
  ctx: ViewCtx;
  project: {
    id: string;
    code: string;
    name: string;
    startsOn: string;
    endsOn: string;
    places: number;
    rulesVersion: number;
    criteria: Array<{ code: string; label: string; maxPoints: number }>;
    attendanceThreshold: number;
    /** A newer version issued ahead of its effective day. */
    upcomingRules?: { version: number; effectiveFrom: string } | undefined;
  };
  /** The configuration form's values (the stored ones, or what was sent back with errors). */
  form: Record<string, string | undefined>;
  canEdit: boolean;
  /** Reports and documents the viewer may open (absent: none). */
  reports?: ProjectReports | undefined;
  message?: string | undefined;
  errors?: FieldError[] | undefined;
}

export interface ProjectReports {
  indicators: boolean;
  monitoring: boolean;
  letters: boolean;
  /** Support forms to print an attendance list for; absent when the viewer may not. */
  attendanceForms?: Array<{ code: string; label: string }> | undefined;
  today: string;
}

function Reports({ ctx, projectId, r }: { ctx: ViewCtx; projectId: string; r: ProjectReports }) {
  const { t } = ctx;
  const forms = r.attendanceForms?.length ? r.attendanceForms : null;
  if (!r.indicators && !r.monitoring && !r.letters && !forms) return null;
  const monthAgo = new Date(`${r.today}T00:00:00Z`);
  monthAgo.setUTCDate(monthAgo.getUTCDate() - 30);
  return (
    <>
      <h2 id="pr-reports">{t('project.reports')}</h2>
      <ul>
        {r.indicators && (
          <li>
            <a href={`/projects/${projectId}/indicators`}>{t('project.indicators')}</a>
          </li>
        )}
        {r.monitoring && (
          <li>
            {t('project.monitoring')}: <a href={`/projects/${projectId}/monitoring.csv`}>CSV</a> · <a href={`/projects/${projectId}/monitoring.xlsx`}>XLSX</a>
          </li>
        )}
        {r.letters && (
          <li>
            <a href={`/letters?${new URLSearchParams({ projectId, status: 'unsent' }).toString()}`}>{t('project.letters')}</a>
          </li>
        )}
      </ul>
      {forms && (
        <form method="get" action={`/projects/${projectId}/attendance-list.pdf`}>
          <fieldset class="row">
            <legend>{t('project.attendanceList')}</legend>
            <Select idPrefix="al" name="formCode" label={t('project.form')} options={forms.map((f) => ({ value: f.code, label: f.label }))} required />
            <Field idPrefix="al" name="from" label={t('project.from')} type="date" value={monthAgo.toISOString().slice(0, 10)} required />
            <Field idPrefix="al" name="to" label={t('project.to')} type="date" value={r.today} required />
            <div class="field">
              <button type="submit">{t('project.download')}</button>
            </div>
          </fieldset>
        </form>
      )}
    </>
  );
}

export function ProjectPage({ ctx, project: p, form, canEdit, reports, message, errors }: ProjectPageProps) {
  const { t } = ctx;
  const f = (name: string) => ({ idPrefix: 'pc', name, value: form[name], errors, readonly: !canEdit });
  // Checkboxes posted one field each (see project-config-form): checked when their field is in the form.
  const boxes = (name: string, options: Array<{ value: string; label: string }>, legend: string) => (
    <Checkboxes
      idPrefix="pc"
      name={name}
      legend={legend}
      options={options}
      checked={options.map((o) => o.value).filter((v) => form[`${name}.${v}`] === v)}
      error={fieldError(errors, name)}
      fieldPerOption
      disabled={!canEdit}
    />
  );
  return (
    <section>
      <p>
        <a href="/projects">← {t('nav.projects')}</a>
      </p>
      <h1>
        {p.code} – {p.name}
      </h1>
      {message && <Alert kind="ok">{message}</Alert>}
      <dl class="data">
        <dt>{t('project.period')}</dt>
        <dd>
          {formatDate(p.startsOn)} – {formatDate(p.endsOn)}
        </dd>
        <dt>{t('project.places')}</dt>
        <dd>{p.places}</dd>
        <dt>{t('project.rules')}</dt>
        <dd>
          {p.rulesVersion} · <a href={`/projects/${p.id}/rules`}>{t('rules.link')}</a>
          {p.upcomingRules && <div class="muted">{t('rules.upcoming', { version: p.upcomingRules.version, day: formatDate(p.upcomingRules.effectiveFrom) })}</div>}
        </dd>
        <dt>{t('project.threshold')}</dt>
        <dd>{Math.round(p.attendanceThreshold * 100)}%</dd>
      </dl>
      {reports && <Reports ctx={ctx} projectId={p.id} r={reports} />}
      <h2>{t('project.criteria')}</h2>
      <ul>
        {p.criteria.map((c) => (
          <li>
            {c.label} <span class="muted">({c.code}, 0–{c.maxPoints})</span>
          </li>
        ))}
      </ul>
      <h2 id="pr-config">{t('project.config')}</h2>
      <FormErrors message={errors?.length ? t('error.invalid_input') : undefined} errors={errors} idPrefix="pc" />
      <form method="post" action={`/projects/${p.id}/config`} class="stack wide" aria-labelledby="pr-config">
        <CsrfField ctx={ctx} />
        <fieldset>
          <legend>{t('project.basics')}</legend>
          <Field {...f('name')} label={t('project.name')} required maxlength={300} />
          <div class="row">
            <Field {...f('startsOn')} label={t('project.startsOn')} type="date" required />
            <Field {...f('endsOn')} label={t('project.endsOn')} type="date" required />
            <Field {...f('places')} label={t('project.places')} type="number" min={1} required />
          </div>
        </fieldset>
        <TextArea {...f('targetGroups')} label={t('project.targetGroups')} hint={t('project.targetGroupsHint')} rows={5} maxlength={20_000} />
        <TextArea {...f('quotas')} label={t('project.quotas')} hint={t('project.quotasHint')} rows={4} maxlength={20_000} />
        <TextArea {...f('supportCatalogue')} label={t('project.supportCatalogue')} hint={t('project.supportCatalogueHint')} rows={6} maxlength={20_000} />
        <fieldset>
          <legend>{t('project.targets')}</legend>
          <div class="fields">
            {COUNT_INDICATORS.map((k) => (
              <Field {...f(`target.${k}`)} label={t(`indicators.count.${k}`)} type="number" min={0} step="any" />
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('project.indicatorRules')}</legend>
          <div class="fields">
            <Field {...f('ind.resultWindowDays')} label={t('project.resultWindowDays')} type="number" min={1} max={366} required />
            <Field {...f('ind.efficiencyWindowMonths')} label={t('project.efficiencyWindowMonths')} type="number" min={1} max={24} required />
            <Field {...f('ind.adultAge')} label={t('project.adultAge')} type="number" min={0} max={30} required />
          </div>
          {boxes(
            'ind.adultOnly',
            ADULT_ONLY_INDICATORS.map((k) => ({ value: k, label: k === 'employment' ? t('indicators.kind.employment') : t(`indicators.count.${k}`) })),
            t('project.adultOnly'),
          )}
          {boxes(
            'ind.employmentContracts',
            EMPLOYMENT_CONTRACTS.map((c) => ({ value: c, label: t(`field.contractType.${c}`) })),
            t('project.employmentContracts'),
          )}
          <TextArea {...f('ind.efficiencyGroups')} label={t('project.efficiencyGroups')} hint={t('project.efficiencyGroupsHint')} rows={4} maxlength={20_000} />
        </fieldset>
        <fieldset>
          <legend>{t('project.attendanceRules')}</legend>
          <div class="fields">
            <Field {...f('att.minShareOfPlanned')} label={t('project.minShareOfPlanned')} inputmode="decimal" maxlength={10} required />
            <Field {...f('att.maxTrainingAbsence')} label={t('project.maxTrainingAbsence')} inputmode="decimal" maxlength={10} required />
          </div>
          <Field {...f('att.trainingForms')} label={t('project.trainingForms')} hint={t('project.trainingFormsHint')} maxlength={2000} />
        </fieldset>
        <fieldset>
          <legend>{t('project.budget')}</legend>
          <div class="fields">
            {(['total', 'eu', 'state', 'own'] as const).map((k) => (
              <Field {...f(`budget.${k}`)} label={t(`project.budget.${k}`)} inputmode="decimal" maxlength={20} />
            ))}
          </div>
        </fieldset>
        <Field {...f('retentionYears')} label={t('project.retentionYears')} type="number" min={1} max={50} hint={t('project.retentionYearsHint')} />
        <div class="fields">
          <Field {...f('signatory.name')} label={t('project.signatoryName')} maxlength={200} />
          <Field {...f('signatory.function')} label={t('project.signatoryFunction')} maxlength={200} />
        </div>
        <Select {...f('programmePeriod')} label={t('project.programmePeriod')} options={PROGRAMME_PERIODS.map((p) => ({ value: p, label: t(`reports.system.${p === '2021-2027' ? 'smefs' : 'sl2014'}`) }))} />
        <fieldset>
          <legend>{t('project.centre')}</legend>
          <div class="fields">
            {(['name', 'street', 'postcode', 'town', 'phone', 'email'] as const).map((k) => (
              <Field {...f(`centre.${k}`)} label={t(`project.centre.${k}`)} maxlength={200} />
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('project.escalation')}</legend>
          <p class="muted">{t('project.escalationHint')}</p>
          <div class="fields">
            {ESCALATION_STEPS.map((i) => (
              <Select {...f(`esc.${i}`)} label={t('project.escalationStep', { n: i })} blank={t('project.escalationEnd')} options={ESCALATION_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
            ))}
            <Field {...f('esc.days')} label={t('project.escalationDays')} type="number" min={0} max={30} required />
          </div>
        </fieldset>
        <RegulationChecksFields ctx={ctx} f={f} />
        <fieldset>
          <legend>{t('eligibility.section')}</legend>
          <TextArea {...f('elig.residenceAreas')} label={t('eligibility.residenceAreas')} hint={t('eligibility.residenceAreasHint')} rows={4} maxlength={60_000} />
          {boxes('elig.require', (['centreClient', 'targetGroup'] as const).map((k) => ({ value: k, label: t(`eligibility.require.${k}`) })), t('eligibility.require'))}
          <div class="fields">
            <Field {...f('elig.ageMin')} label={t('eligibility.ageMin')} type="number" min={0} max={120} />
            <Field {...f('elig.ageMax')} label={t('eligibility.ageMax')} type="number" min={0} max={120} />
          </div>
        </fieldset>
        {canEdit && <button type="submit">{t('common.save')}</button>}
      </form>
    </section>
  );
}

// The regulations' checks as fields of the project configuration form (server/panel/regulation-checks-form.ts).
import { CHECK_MODES } from '../domain/intake-checks';
import { Field, Select } from './components';
import type { ViewCtx } from './context';
import type { FieldError } from '../domain/errors';

type FieldProps = (name: string) => { idPrefix: string; name: string; value: string | undefined; errors: FieldError[] | undefined; readonly: boolean };

export function RegulationChecksFields({ ctx, f }: { ctx: ViewCtx; f: FieldProps }) {
  const { t } = ctx;
  const modes = (kind: 'applicationDate' | 'originalAtSigning') => CHECK_MODES.map((m) => ({ value: m, label: t(`project.checks.${kind}.${m}`) }));
  return (
    <fieldset>
      <legend>{t('project.checks')}</legend>
      <div class="fields">
        <Select {...f('check.applicationDate')} label={t('project.checks.applicationDate')} options={modes('applicationDate')} />
        <Select {...f('check.originalAtSigning')} label={t('project.checks.originalAtSigning')} options={modes('originalAtSigning')} />
        <Field {...f('check.recruitmentFrom')} type="date" label={t('project.checks.recruitmentFrom')} />
        <Field {...f('check.recruitmentTo')} type="date" label={t('project.checks.recruitmentTo')} />
      </div>
    </fieldset>
  );
}

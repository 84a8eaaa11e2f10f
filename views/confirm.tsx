// The confirmation step of an irreversible action: what will happen (a summary and the consequence), the
// same fields again as hidden inputs with `_confirmed`, and a second submit. A plain form (htmx only
// swaps it in place), so it works without JavaScript; "back" reloads the page without changes.
import { Alert, CsrfField } from './components';
import type { ViewCtx } from './context';

export interface ConfirmProps {
  ctx: ViewCtx;
  /** The element's id (htmx swaps the step in place of the form it replaces). */
  id: string;
  /** What is done, e.g. "Zakończenie udziału". */
  action: string;
  url: string;
  /** The fields of the first submit, sent again with the confirmation. */
  fields: Record<string, string | string[] | undefined>;
  summary: Array<[label: string, value: string]>;
  consequence: string;
  backHref: string;
  /** Posted by htmx into `id` (the participant page); a plain POST otherwise. */
  htmx?: boolean;
}

export function ConfirmStep(p: ConfirmProps) {
  const { t } = p.ctx;
  const headingId = `${p.id}-confirm`;
  const hidden = Object.entries(p.fields)
    .filter(([k]) => k !== '_csrf' && k !== '_confirmed')
    .flatMap(([k, v]) => [v ?? []].flat().map((value) => <input type="hidden" name={k} value={value} />));
  return (
    <div id={p.id} class="card confirm" role="region" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('confirm.title', { action: p.action })}</h3>
      <Alert kind="info">{t('confirm.lead')}</Alert>
      <dl class="data">
        {p.summary.map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      <p>
        <strong>{p.consequence}</strong>
      </p>
      <form method="post" action={p.url} {...(p.htmx ? { 'hx-post': p.url, 'hx-target': `#${p.id}`, 'hx-swap': 'outerHTML' } : {})}>
        <CsrfField ctx={p.ctx} />
        {hidden}
        <input type="hidden" name="_confirmed" value="1" />
        <button type="submit">{t('confirm.submit', { action: p.action })}</button> <a href={p.backHref}>{t('confirm.back')}</a>
      </form>
    </div>
  );
}

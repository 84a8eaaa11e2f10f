// Small building blocks shared by the pages. Every input has a label; errors are tied to their field.
import type { Child } from 'hono/jsx';
import type { FieldError } from '../domain/errors';
import type { ViewCtx } from './context';

export const CsrfField = ({ ctx }: { ctx: ViewCtx }) => <input type="hidden" name="_csrf" value={ctx.csrf} />;

export function fieldError(errors: FieldError[] | undefined, name: string): string | undefined {
  return errors?.find((e) => e.field === name)?.message;
}

export function Field(props: {
  name: string;
  label: string;
  type?: string;
  value?: string | number | null;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  errors?: FieldError[] | undefined;
  min?: string | number;
  max?: string | number;
  step?: string | number;
  maxlength?: number;
  inputmode?: 'numeric' | 'email' | 'tel' | 'text' | 'decimal';
  idPrefix?: string;
  readonly?: boolean;
}) {
  const id = `${props.idPrefix ?? 'f'}-${props.name}`;
  const error = fieldError(props.errors, props.name);
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? undefined}
        required={props.required}
        autocomplete={props.autocomplete}
        min={props.min}
        max={props.max}
        step={props.step}
        maxlength={props.maxlength}
        inputmode={props.inputmode}
        readonly={props.readonly}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described}
      />
      {props.hint && <small id={`${id}-hint`}>{props.hint}</small>}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function Select(props: {
  name: string;
  label: string;
  options: Array<{ value: string; label: string }>;
  value?: string | null;
  errors?: FieldError[] | undefined;
  required?: boolean;
  blank?: string;
  idPrefix?: string;
}) {
  const id = `${props.idPrefix ?? 'f'}-${props.name}`;
  const error = fieldError(props.errors, props.name);
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} required={props.required} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {props.blank !== undefined && <option value="">{props.blank}</option>}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function Alert({ kind, children }: { kind: 'error' | 'ok' | 'info'; children: Child }) {
  return (
    <div class={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** The summary above a form: the overall message plus links to each invalid field. */
export function FormErrors({ message, errors, idPrefix }: { message?: string | undefined; errors?: FieldError[] | undefined; idPrefix?: string }) {
  if (!message && !errors?.length) return null;
  return (
    <Alert kind="error">
      {message && <p>{message}</p>}
      {errors && errors.length > 0 && (
        <ul>
          {errors.map((e) => (
            <li>
              <a href={`#${idPrefix ?? 'f'}-${e.field}`}>{e.message}</a>
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

export function Pagination({ ctx, page, pages, href }: { ctx: ViewCtx; page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={ctx.t('common.page', { page, pages })}>
      {page > 1 ? <a href={href(page - 1)} rel="prev">{ctx.t('common.prev')}</a> : <span />}
      <span>{ctx.t('common.page', { page, pages })}</span>
      {page < pages ? <a href={href(page + 1)} rel="next">{ctx.t('common.next')}</a> : <span />}
    </nav>
  );
}

/** A multi-line field with its label, optional hint and inline error. */
export function TextArea(props: {
  idPrefix: string;
  name: string;
  label: string;
  value?: string | undefined;
  errors?: FieldError[] | undefined;
  required?: boolean;
  hint?: string;
  rows?: number;
  maxlength?: number;
  readonly?: boolean;
}) {
  const id = `${props.idPrefix}-${props.name}`;
  const error = fieldError(props.errors, props.name);
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        maxlength={props.maxlength ?? 2000}
        required={props.required}
        readonly={props.readonly}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described}
      >
        {props.value ?? ''}
      </textarea>
      {props.hint && <small id={`${id}-hint`}>{props.hint}</small>}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

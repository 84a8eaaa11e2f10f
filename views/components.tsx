// Small building blocks shared by the pages. Every input has a label; errors are tied to their field.
import type { Child } from 'hono/jsx';
import type { FieldError } from '../domain/errors';
import type { ViewCtx } from './context';

export const CsrfField = ({ ctx }: { ctx: ViewCtx }) => <input type="hidden" name="_csrf" value={ctx.csrf} />;

export function fieldError(errors: FieldError[] | undefined, name: string): string | undefined {
  return errors?.find((e) => e.field === name)?.message;
}

interface Labelled {
  name: string;
  label: string;
  hint?: string | undefined;
  errors?: FieldError[] | undefined;
  idPrefix?: string | undefined;
}

/** A form control with its label, optional hint and inline error, tied together by ids for screen readers. */
function Labelled(props: Labelled & { control: (a: { id: string; 'aria-invalid': 'true' | undefined; 'aria-describedby': string | undefined }) => Child }) {
  const id = `${props.idPrefix ?? 'f'}-${props.name}`;
  const error = fieldError(props.errors, props.name);
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.control({ id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': described })}
      {props.hint && <small id={`${id}-hint`}>{props.hint}</small>}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function Field(
  props: Labelled & {
    type?: string;
    value?: string | number | null;
    required?: boolean;
    autocomplete?: string;
    min?: string | number;
    max?: string | number;
    step?: string | number;
    maxlength?: number;
    inputmode?: 'numeric' | 'email' | 'tel' | 'text' | 'decimal';
    readonly?: boolean;
  },
) {
  return Labelled({
    ...props,
    control: (a) => (
      <input
        {...a}
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
      />
    ),
  });
}

export function Select(
  props: Labelled & {
    options: Array<{ value: string; label: string }>;
    value?: string | null;
    required?: boolean;
    blank?: string;
  },
) {
  return Labelled({
    ...props,
    control: (a) => (
      <select {...a} name={props.name} required={props.required}>
        {props.blank !== undefined && <option value="">{props.blank}</option>}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    ),
  });
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

/** A multi-line field. */
export function TextArea(props: Labelled & { value?: string | undefined; required?: boolean; rows?: number; maxlength?: number; readonly?: boolean }) {
  return Labelled({
    ...props,
    control: (a) => (
      <textarea {...a} name={props.name} rows={props.rows ?? 3} maxlength={props.maxlength ?? 2000} required={props.required} readonly={props.readonly}>
        {props.value ?? ''}
      </textarea>
    ),
  });
}

/**
 * A group of checkboxes under one legend. By default every box posts under `name` (several values: an
 * array). With fieldPerOption each box is its own field `name.value`, for forms read as one string per
 * field; an empty hidden `name` then says the group was on the page, since unchecked boxes send nothing.
 */
export function Checkboxes(props: {
  idPrefix: string;
  name: string;
  legend: string;
  options: Array<{ value: string; label: string }>;
  checked: string[];
  error?: string | undefined;
  fieldPerOption?: boolean;
  disabled?: boolean;
}) {
  const id = `${props.idPrefix}-${props.name}`;
  return (
    <fieldset id={id} class={props.error ? 'has-error' : undefined} aria-describedby={props.error ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.fieldPerOption && <input type="hidden" name={props.name} value="" />}
      {props.options.map((o) => (
        <div>
          <input
            type="checkbox"
            id={`${id}-${o.value}`}
            name={props.fieldPerOption ? `${props.name}.${o.value}` : props.name}
            value={o.value}
            checked={props.checked.includes(o.value)}
            disabled={props.disabled}
          />{' '}
          <label for={`${id}-${o.value}`}>{o.label}</label>
        </div>
      ))}
      {props.error && (
        <p class="error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

/** A table's column headings; `false` (or undefined) leaves a column out, `num` right-aligns a column of numbers. */
export function TableHead({ columns }: { columns: Array<string | { label: string; num: true } | false | undefined> }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          c === false || c === undefined ? null : typeof c === 'string' ? (
            <th scope="col">{c}</th>
          ) : (
            <th scope="col" class="num">
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

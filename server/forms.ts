// Parsing panel forms with zod, with messages in the user's language.
import { z } from 'zod';
import { AppError, type FieldError } from '../domain/errors';
import type { Locale } from '../i18n';

const localeErrors = { pl: z.locales.pl().localeError, en: z.locales.en().localeError };

/** safeParse with messages in the user's language. */
export const parseLocalized = <S extends z.ZodType>(schema: S, data: unknown, locale: Locale) => schema.safeParse(data, { error: localeErrors[locale] });

export function parseForm<S extends z.ZodType>(schema: S, body: unknown, locale: Locale): z.output<S> {
  const res = parseLocalized(schema, body ?? {}, locale);
  if (!res.success) throw new AppError('invalid_input', 'invalid form', fieldErrors(res.error));
  return res.data;
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || '(form)', message: i.message }));
}

/** A form or query field left empty is absent (for z.preprocess before an optional or defaulted schema). */
export const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

/**
 * A panel filter as the API's query states it: there an empty value is a value, refused where its field's
 * schema refuses it (`?projectId=` is not "every project"); the panel's form sends empty for "any".
 */
export function apiQuery<S extends z.ZodRawShape>(schema: z.ZodObject<S>): z.ZodObject<S> {
  const unblank = (v: z.ZodType): z.ZodType => {
    const inner = v instanceof z.ZodPipe && v._zod.def.in instanceof z.ZodTransform && v._zod.def.in._zod.def.transform === blankToUndefined ? v._zod.def.out : undefined;
    return (inner as z.ZodType | undefined) ?? v;
  };
  return schema.extend(Object.fromEntries(Object.entries(schema.shape).map(([k, v]) => [k, unblank(v as z.ZodType)])) as unknown as S) as z.ZodObject<S>;
}

/** Form text: trimmed, empty means absent, bounded in size. */
export const text = (max = 500) => z.string().trim().max(max);
export const optionalText = (max = 500) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v === '' ? undefined : v));

/**
 * Free text that is stored (a note, an opinion, a reason): trimmed, bounded, and without NUL, which
 * PostgreSQL cannot store (an Update carrying one would retry its activity until the request times out).
 */
export const storedText = (max: number, min = 0, tooShort?: string) =>
  z
    .string()
    .min(min, { error: tooShort, abort: true })
    .max(max, { abort: true })
    .trim()
    .refine((v) => !v.includes('\u0000'), { message: 'Niedozwolony znak (NUL)' })
    .refine((v) => v.length >= min, { message: tooShort ?? (min === 1 ? 'Pole wymagane' : `Co najmniej ${min} znaki`) });

/**
 * Text a person must give: `min` to `max` characters as sent (what the API's document states), and still
 * `min` once trimmed (a rule beyond it: a text of spaces is answered 422, not 400).
 */
export const requiredText = (max: number, required?: string, tooLong?: string, min = 1) =>
  z
    .string()
    .min(min, { error: required, abort: true })
    .max(max, { error: tooLong, abort: true })
    .trim()
    .refine((v) => v.length >= min, required);

/** Whether a form is the second submit of a confirmation step (views/confirm.tsx). */
export const isConfirmed = (form: Record<string, unknown>) => form._confirmed === '1';

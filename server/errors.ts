// One error handler: every failure becomes an AppError with a status; the panel gets a page or an htmx
// fragment in the session's language, the API gets {error, message, fields} with the message in the
// language of Accept-Language (Polish by default) when the error has a text. 5xx details never leave the server.
import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, RequestShapeError, type FieldError } from '../domain/errors';
import { z } from 'zod';
import { errorMessageKey, negotiateLocale, say, translator, type BothLanguages, type Locale, type MessageKey } from '../i18n';
import { ErrorFlash, ErrorPage } from '../views/pages/error';
import { isApi } from './auth';
import { methodNotAllowed } from './input-guard';
import { auditRefusal } from './refusal-audit';
import { isHtmx, redirect, sendFragment, sendPage, viewCtx } from './render';

const POLISH = translator('pl');
const PG_CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '53300']);

/** PostgreSQL is unreachable (down, restarting, refusing connections), not a bad query. */
export function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && (PG_CONNECTION_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  const m = e.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(m);
}

/** Temporal's frontend did not answer (gRPC UNAVAILABLE / DEADLINE_EXCEEDED). */
function isTemporalDown(err: unknown): boolean {
  const e = err as { name?: string; code?: number; cause?: { code?: number } } | null;
  const code = e?.code ?? e?.cause?.code;
  // An Update whose RPC deadline passed (no worker picked it up in time) is safe to retry with its id.
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  return e?.name === 'ServiceError' && (code === 14 || code === 4);
}

const ZOD_EN = z.locales.en();
const ZOD_PL = z.locales.pl();

/**
 * A schema's message in both languages: zod's own texts, or the one the schema set (Polish) with zod's
 * English for an English caller.
 */
function zodText(v: { keyword: string; message?: string; params?: Record<string, unknown> }): { text: BothLanguages } | Record<string, never> {
  const issue = { ...v.params, code: v.keyword } as unknown as z.core.$ZodRawIssue;
  const said = (locale: z.core.$ZodConfig) => {
    const m = locale.localeError?.(issue);
    return typeof m === 'string' ? m : m?.message;
  };
  const en = said(ZOD_EN);
  const pl = said(ZOD_PL);
  if (!en || !pl) return {};
  return { text: { pl: v.message && v.message !== en ? v.message : pl, en } };
}

type Kind = 'database' | 'temporal' | 'csrf' | 'internal' | undefined;

export function toAppError(err: unknown): { error: AppError; kind: Kind } {
  if (err instanceof AppError) return { error: err, kind: undefined };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields: FieldError[] = err.validation.flatMap((v) => {
      const field = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      // A closed object names each key it does not know (see input-guard.ts).
      if (v.keyword === 'unrecognized_keys') {
        const keys = (v.params as { keys?: string[] }).keys ?? [];
        return keys.map((k) => ({ field: field ? `${field}.${k}` : k, code: 'unknown_field', message: 'unknown field', text: { key: 'error.unknownField' as const } }));
      }
      // A field's word-book message (the participant data's 'pd.*'): in the caller's language.
      const key = v.message && v.message.startsWith('pd.') && POLISH.has(v.message) ? (v.message as MessageKey) : undefined;
      const at = { field: field || '(body)', code: v.keyword };
      return [key ? { ...at, message: POLISH(key), text: { key } } : { ...at, message: v.message ?? 'invalid', ...zodText(v) }];
    });
    // A refinement (a rule across fields, which no JSON Schema states) refusing a request that matches the
    // document is 422; anything else the document states is 400.
    const onlyRules = err.validation.every((v) => v.keyword === 'custom');
    return { error: onlyRules ? new AppError('invalid_input', 'invalid input', fields) : new RequestShapeError('invalid input', fields), kind: undefined };
  }
  if (isDatabaseDown(err)) return { error: new AppError('unavailable', 'database unavailable'), kind: 'database' };
  if (isTemporalDown(err)) return { error: new AppError('unavailable', 'Temporal unavailable'), kind: 'temporal' };
  const fe = err as FastifyError;
  if (fe?.code?.startsWith('FST_CSRF_')) return { error: new AppError('forbidden', 'missing or invalid CSRF token'), kind: 'csrf' };
  if (fe?.validation) {
    const fields = fe.validation.map((v) => ({ field: v.instancePath.replace(/^\//, '') || '(body)', message: v.message ?? 'invalid' }));
    return { error: new RequestShapeError('invalid input', fields), kind: undefined };
  }
  const status = fe?.statusCode ?? 500;
  if (status === 429) return { error: new AppError('rate_limited', 'too many requests'), kind: undefined };
  if (status === 404) return { error: new AppError('not_found', 'not found'), kind: undefined };
  if (status === 401) return { error: new AppError('unauthenticated', 'log in first'), kind: undefined };
  if (status === 403) return { error: new AppError('forbidden', 'forbidden'), kind: undefined };
  // Malformed JSON, wrong content type, body too large…: the client's fault, a 400, never a 500.
  if (status >= 400 && status < 500) return { error: new RequestShapeError(fe.message), kind: undefined };
  return { error: new AppError('unavailable', 'internal error'), kind: 'internal' };
}

export const isPasswordChangeRequired = (e: AppError) => e.code === 'forbidden' && e.fields.some((f) => f.message === 'must_change');

function panelMessageKey(error: AppError, kind: Kind): MessageKey {
  if (kind === 'database') return 'error.dbDown.body';
  if (kind === 'temporal') return 'error.temporalDown';
  if (kind === 'csrf') return 'error.csrf';
  if (kind === 'internal') return 'error.internal';
  return errorMessageKey(error.code);
}

/** The error's own text in one language; errors without one (literal details) keep their message. */
const detailIn = (error: AppError, locale: Locale) => (error.text ? say(locale, error.text) : error.message);
/** Field errors as the answer shows them: `text` said in the caller's language, never sent as it is. */
const fieldsIn = (fields: FieldError[], locale: Locale) =>
  fields.map(({ field, message, text, code }) => ({ field, pointer: pointerOf(field), code: code ?? (text && 'key' in text ? text.key : 'invalid'), message: text ? say(locale, text) : message }));

/** A field's path as an RFC 6901 JSON pointer: into the body ('criteria.0.label' -> /criteria/0/label), or /query/…, /params/…, /headers/…. */
const pointerOf = (field: string) =>
  field === '(body)' || field === '_' ? '' : `/${field.split('.').map((s) => s.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

export async function handleError(err: unknown, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { error, kind } = toAppError(err);
  const status = kind === 'internal' ? 500 : error.status;
  if (kind === 'internal' || kind === 'database' || kind === 'temporal') {
    // The stack stays in the log (no request bodies are logged, so no personal data).
    req.log.error({ err, kind }, 'request failed');
  }
  if (status === 429) reply.header('retry-after', '60');
  await auditRefusal(req, error, kind);

  if (isApi(req)) {
    const locale = negotiateLocale(req.headers['accept-language']);
    reply.header('content-language', locale).header('vary', 'Accept-Language');
    // A request the document accepts but a rule beyond it refuses is 422, not 400 (see RequestShapeError).
    const apiStatus = error.code === 'invalid_input' && !(error instanceof RequestShapeError) ? 422 : status;
    const message = status >= 500 ? (kind === 'database' ? 'database unavailable' : kind === 'temporal' ? 'Temporal unavailable' : 'internal error') : detailIn(error, locale);
    const reason = kind === 'internal' ? 'internal' : error.text && 'key' in error.text ? error.text.key : error.code;
    return reply.code(apiStatus).send({ error: kind === 'internal' ? 'internal' : error.code, reason, message, fields: fieldsIn(error.fields, locale), ...(error.details ? { details: error.details } : {}) });
  }

  // Panel: not logged in -> the login page; must change the password -> that page.
  if (error.code === 'unauthenticated') return redirect(reply, `/login?next=${encodeURIComponent(req.url.split('#')[0] ?? '/')}`);
  if (isPasswordChangeRequired(error)) return redirect(reply, '/password');

  // The session lives in the database: with it down, the session must not be saved after this reply.
  if (kind === 'database') Reflect.set(req, 'session', null);
  const locale = req.locale ?? 'pl';
  const t = translator(locale);
  const message = error.code === 'not_allowed_now' || error.code === 'conflict' || error.code === 'duplicate_application' ? `${t(panelMessageKey(error, kind))} ${detailIn(error, locale)}` : t(panelMessageKey(error, kind));
  // With the database down nothing may touch the session (it lives there).
  const ctx = viewCtx(req, reply, { csrf: kind !== 'database' });
  if (isHtmx(req)) {
    reply.header('hx-retarget', '#flash').header('hx-reswap', 'innerHTML');
    return sendFragment(reply, ErrorFlash({ message }), status);
  }
  const title = kind === 'database' ? t('error.dbDown.title') : t('error.title');
  return sendPage(reply, ctx, title, ErrorPage({ ctx, title, message, fields: error.code === 'invalid_input' ? fieldsIn(error.fields, locale) : [] }), status);
}

export function registerErrorHandling(app: FastifyInstance, opts: { notFound: boolean }): void {
  app.setErrorHandler((err, req, reply) => handleError(err, req, reply));
  if (opts.notFound) {
    app.setNotFoundHandler((req, reply) => {
      const wrongMethod = methodNotAllowed(req);
      if (!wrongMethod) return handleError(new AppError('not_found', 'no such page'), req, reply);
      reply.header('allow', wrongMethod.allow);
      return handleError(wrongMethod.error, req, reply);
    });
  }
}

// What every route refuses before a schema, a query or PostgreSQL sees it, in one place rather than per field:
// - control characters (NUL above all: PostgreSQL's text cannot hold it and answered 500) in any query,
//   path parameter, header or body text;
// - unknown properties in an API body (a misspelt `plcaes`, or an `address` the operation does not take, was
//   silently dropped: data lost without a word);
// - a method the path does not serve: 405 with `Allow`, not 404.
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, RequestShapeError, type FieldError } from '../domain/errors';

// C0 controls and DEL; a body text may hold tabs and line breaks (a note), a query, path or header may not
// break lines (a header may hold a tab).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_IN_LINE = /[\u0000-\u0008\u000A-\u001F\u007F]/;

/** The rule as a JSON Schema `pattern` (a string holding none of these characters), for the API document. */
const withoutAny = (controls: RegExp) => `^[^${controls.source.slice(1, -1)}]*$`;
export const TEXT_PATTERN = withoutAny(CONTROL_IN_TEXT);
export const LINE_PATTERN = withoutAny(CONTROL_IN_LINE);

const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** The paths (dotted, as the field errors name them) of every string under `value` that holds a control character. */
function controlled(value: unknown, path: string, pattern: RegExp, out: string[]): string[] {
  if (typeof value === 'string') {
    if (pattern.test(value)) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => controlled(v, at(path, i), pattern, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (pattern.test(k)) out.push(at(path, k));
      else controlled(v, at(path, k), pattern, out);
    }
  }
  return out;
}

function refuseControls(fields: string[]): void {
  if (fields.length === 0) return;
  const errors: FieldError[] = fields.map((field) => ({ field, message: 'control character not allowed', text: { key: 'error.controlCharacter' } }));
  throw new RequestShapeError('control character in input', errors);
}

type Z = z.core.$ZodType;

/**
 * The schema with every object in it closed (unknown keys refused, each named by the validator), its
 * refinements, descriptions and wrappers kept. An intersection of two objects becomes one object, since two
 * closed halves would each refuse the other's keys.
 */
export function closed<T extends Z>(schema: T): T {
  const s = schema as unknown as z.ZodType;
  if (s instanceof z.ZodObject) {
    const shape = Object.fromEntries(Object.entries(s.shape).map(([k, v]) => [k, closed(v as Z)]));
    return s.clone({ ...s._zod.def, shape, catchall: z.never() }) as unknown as T;
  }
  if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) {
    return s.clone({ ...s._zod.def, innerType: closed(s._zod.def.innerType) } as never) as unknown as T;
  }
  if (s instanceof z.ZodArray) return s.clone({ ...s._zod.def, element: closed(s._zod.def.element) }) as unknown as T;
  if (s instanceof z.ZodRecord) return s.clone({ ...s._zod.def, valueType: closed(s._zod.def.valueType) }) as unknown as T;
  if (s instanceof z.ZodUnion) return s.clone({ ...s._zod.def, options: s._zod.def.options.map((o) => closed(o)) } as never) as unknown as T;
  if (s instanceof z.ZodPipe) return s.clone({ ...s._zod.def, in: closed(s._zod.def.in) }) as unknown as T;
  if (s instanceof z.ZodIntersection) {
    const { left, right } = s._zod.def;
    const merge = (a: z.ZodObject, b: z.ZodObject) =>
      a.clone({ ...a._zod.def, shape: { ...a.shape, ...b.shape }, checks: [...(a._zod.def.checks ?? []), ...(b._zod.def.checks ?? [])] });
    if (left instanceof z.ZodObject && right instanceof z.ZodObject) return closed(merge(left, right) as Z) as unknown as T;
    // An object and a union of objects (the shared fields and one variant each): the union of each
    // variant with the object, its discriminator kept.
    for (const [obj, union] of [[left, right], [right, left]] as const) {
      if (obj instanceof z.ZodObject && union instanceof z.ZodUnion && union._zod.def.options.every((o) => o instanceof z.ZodObject)) {
        const options = union._zod.def.options.map((o) => merge(o as z.ZodObject, obj));
        return closed(union.clone({ ...union._zod.def, options } as never) as Z) as unknown as T;
      }
    }
  }
  return schema;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The methods some route serves at this path (for 405 and `Allow`). */
    methodsAt(url: string): string[];
  }
}

/** On the root app, before any route: the control-character rule for every route, and the method index. */
export function registerInputGuard(app: FastifyInstance): void {
  const router = FindMyWay({ ignoreTrailingSlash: false });
  const known = new Set<string>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const key = `${method} ${route.url}`;
      if (known.has(key)) continue;
      known.add(key);
      router.on(method as HTTPMethod, route.url, () => undefined);
    }
  });
  const methods: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  app.decorate('methodsAt', (url: string) => {
    const path = url.split('?')[0] ?? url;
    return methods.filter((m) => router.find(m, path) !== null);
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply) => {
    // A method no route serves here (QUERY, TRACE…) is answered before its body is looked at.
    const wrongMethod = req.routeOptions.url === undefined ? methodNotAllowed(req) : undefined;
    if (wrongMethod) {
      reply.header('allow', wrongMethod.allow);
      throw wrongMethod.error;
    }
    const headers = Object.entries(req.headers).flatMap(([name, v]) => (controlled(v, '', CONTROL_IN_LINE, []).length ? [`headers.${name}`] : []));
    refuseControls(headers);
  });
  app.addHook('preValidation', async (req: FastifyRequest) => {
    refuseControls([
      ...controlled(req.query, 'query', CONTROL_IN_LINE, []),
      ...controlled(req.params, 'params', CONTROL_IN_LINE, []),
      ...controlled(req.body, '', CONTROL_IN_TEXT, []),
    ]);
  });
}

/** 405 with `Allow` when another method serves the path; undefined when nothing does (a real 404). */
export function methodNotAllowed(req: FastifyRequest): { error: AppError; allow: string } | undefined {
  const allowed = req.server.methodsAt(req.url);
  if (allowed.length === 0 || allowed.includes(req.method)) return undefined;
  return { error: new AppError('method_not_allowed', `${req.method} is not served here`), allow: allowed.join(', ') };
}

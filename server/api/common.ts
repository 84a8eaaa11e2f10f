// Shared pieces of the JSON API: error body schema, the Idempotency-Key, the typed route helper.
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyRequest, FastifySchema } from 'fastify';
import { z } from 'zod';
import { ERROR_STATUS, RequestShapeError, type ErrorCode } from '../../domain/errors';
import type { Operation } from '../../domain/permissions';
import { closed } from '../input-guard';

export const errorBody = z
  .object({
    error: z.enum([...(Object.keys(ERROR_STATUS) as ErrorCode[]), 'internal']).describe('the kind of refusal; it decides the status'),
    reason: z.string().describe('this refusal, stable for a program: the text\'s key (e.g. refusal.noFreePlaces) or else the kind'),
    message: z.string().describe('for a person, in the language of Accept-Language (Polish by default)'),
    fields: z.array(
      z.object({
        field: z.string().describe('the path, dotted (criteria.0.label; query.q for a query parameter)'),
        pointer: z.string().describe('the same as an RFC 6901 JSON pointer (/criteria/0/label; /query/q)'),
        code: z.string().describe('what is wrong, stable: too_small, invalid_format, unknown_field, custom, or a text key'),
        message: z.string(),
      }),
    ),
    details: z.record(z.string(), z.string()).optional().describe('e.g. the existing application of a duplicate: applicationId, link'),
  })
  .meta({ id: 'Error' });

/** The error responses every authenticated operation may give. */
export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  422: errorBody.describe('the request matches this document, but a rule beyond it refuses it (named on its field)'),
  431: errorBody.describe('the address and headers together exceed 16 kB (e.g. too many ids in a query)'),
} as const;

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The id of this request, passed to Temporal as the Update id: the same Idempotency-Key twice is one
 * effect. Without the header, a fresh id (the request is then not deduplicated).
 */
export function requestIdOf(req: FastifyRequest): string {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return randomUUID();
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    throw new RequestShapeError('invalid Idempotency-Key', [{ field: 'Idempotency-Key', message: '1-100 characters: letters, digits, . _ : -' }]);
  }
  // Per client (one user's key never collides with another's); hashed when too long for an Update id.
  const id = `${req.actor?.id ?? 'anon'}:${key}`;
  return id.length <= 100 ? id : createHash('sha256').update(id).digest('hex');
}

/** A calendar day (RRRR-MM-DD), as the API's schemas state it. */
export const day = z.iso.date();
/** A file the operation answers with, documented under its own media types (not as JSON). */
export const fileResponse = (description: string, ...mediaTypes: string[]) => ({
  description,
  content: Object.fromEntries(mediaTypes.map((t) => [t, { schema: z.string().meta({ format: 'binary' }) }])),
});
export const PDF = 'application/pdf';
export const pdfResponse = fileResponse('the PDF', PDF);

/** The path of a route about one thing: /…/:id. */
export const idParams = z.object({ id: z.uuid() });

export const idempotencyHeader = z.object({ 'idempotency-key': z.string().regex(IDEMPOTENCY_KEY).optional() });

/**
 * A route's options as one API operation: the permission it needs (config.op, the access matrix) is also
 * its OpenAPI operationId, unless the published name differs.
 */
export function operation<S extends FastifySchema>(op: Operation, schema: S, operationId: string = op) {
  // Bodies are closed: an unknown property is refused by name, never dropped.
  const body = schema.body ? { body: closed(schema.body as z.core.$ZodType) as S['body'] } : {};
  return { config: { op }, schema: { operationId, ...schema, ...body } };
}

// Letters to candidates in the JSON API: the list for the office, one letter's PDF, "mark as sent".
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LETTER_KINDS } from '../../domain/journey';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { sendDownload } from '../downloads';
import { apiQuery } from '../forms';
import { letterFilterSchema, letterPdf, listLetters, markLetterSent, markSentSchema } from '../services/letters';
import { errorResponses, idParams, operation, pdfResponse } from './common';

export async function apiLetterRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const journeyDeps = serviceDeps(app.deps);

  r.get(
    '/letters',
    operation('listLetters', {
      tags: ['letters'],
      description: 'Result and promotion letters, oldest first (status: unsent by default).',
      querystring: apiQuery(letterFilterSchema),
      response: {
        200: z.object({
          total: z.number(),
          items: z.array(
            z.object({
              id: z.uuid(),
              kind: z.enum(LETTER_KINDS),
              applicationId: z.uuid(),
              participantName: z.string(),
              projectId: z.uuid(),
              projectCode: z.string(),
              createdAt: z.string(),
              sentOn: z.string().nullable(),
              hasPdf: z.boolean(),
            }),
          ),
        }),
        ...errorResponses,
      },
    }),
    async (req) => {
      const { rows, total } = await listLetters(db, actorOf(req), req.query);
      return { total, items: rows.map((l) => ({ ...l, createdAt: l.createdAt.toISOString() })) };
    },
  );

  r.get(
    '/letters/:id/pdf',
    operation('getLetterPdf', {
      tags: ['letters'],
      description: 'The letter as the journey generated it (PDF). Audited.',
      params: idParams,
      response: { 200: pdfResponse, ...errorResponses },
    }),
    async (req, reply) => {
      const actor = actorOf(req);
      return sendDownload(db, actor, reply, await letterPdf(db, actor, req.params.id));
    },
  );

  r.post(
    '/letters/:id/sent',
    operation('markLetterSent', {
      tags: ['letters'],
      description: 'Records the day the letter was posted. Idempotent: a letter already marked keeps its date (alreadySent: true).',
      params: idParams,
      body: markSentSchema,
      response: { 200: z.object({ letterId: z.uuid(), applicationId: z.uuid(), sentOn: z.string(), alreadySent: z.boolean() }), ...errorResponses },
    }),
    async (req) => markLetterSent(journeyDeps, actorOf(req), req.params.id, req.body.sentOn),
  );
}

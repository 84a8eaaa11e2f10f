// Participants in the JSON API: one participant's record and the filtered list, read through the
// participants service (scoped by role, every read audited).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STAGES } from '../../domain/types';
import { actorOf } from '../auth';
import { correctionsByEvent } from '../services/corrections';
import { participantFacts } from '../services/journeys';
import { filterSchema, listParticipants, readParticipant } from '../services/participants';
import { anyObject, errorResponses, idParams, operation } from './common';

export async function apiParticipantRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/participants/:id',
    operation('getParticipant', {
      tags: ['journeys'],
      params: idParams,
      response: {
        200: z.object({
          id: z.uuid(),
          projectId: z.uuid(),
          stage: z.enum(STAGES),
          data: anyObject,
          documents: z.array(z.object({ kind: z.string(), signedOn: z.string() })),
          plan: z.array(z.object({ formCode: z.string(), hours: z.number() })),
          attendance: z.array(anyObject),
          followUps: z.array(anyObject),
          events: z.array(anyObject),
        }),
        ...errorResponses,
      },
    }),
    async (req) => {
      const v = await readParticipant(db, actorOf(req), req.params.id, 'api');
      const facts = participantFacts(v.application);
      const corrections = await correctionsByEvent(db, actorOf(req).role, v.application.id);
      return {
        id: v.application.id,
        projectId: v.application.project_id,
        stage: v.application.stage,
        data: { ...facts, receivedAt: facts.receivedAt.toISOString() },
        documents: v.documents,
        plan: v.plan,
        attendance: v.attendance,
        followUps: v.followUps,
        // A correction's event carries its fields' old and new values (for the roles that may read them).
        events: v.events.map((e) => ({ ...e, ...(corrections.has(e.id) ? { corrections: corrections.get(e.id) } : {}) })) as unknown as Array<Record<string, unknown>>,
      };
    },
  );

  r.get(
    '/participants',
    operation('listParticipants', {
      tags: ['journeys'],
      querystring: filterSchema.extend({ pageSize: z.coerce.number().int().min(1).max(200).default(50) }),
      response: {
        200: z.object({
          total: z.number(),
          page: z.number(),
          pages: z.number(),
          items: z.array(z.object({ id: z.uuid(), name: z.string(), pesel: z.string(), projectCode: z.string(), stage: z.enum(STAGES), points: z.number().nullable(), socialWorkerName: z.string().nullable(), nextDueAt: z.string().nullable() })),
        }),
        ...errorResponses,
      },
    }),
    async (req) => {
      const { pageSize, ...f } = req.query;
      const res = await listParticipants(db, actorOf(req), f, pageSize);
      return { total: res.total, page: f.page, pages: res.pages, items: res.rows.map((row) => ({ ...row, nextDueAt: row.nextDueAt?.toISOString() ?? null, overdue: undefined })) };
    },
  );
}

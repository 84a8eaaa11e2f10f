// The IŚR in the JSON API: read it with its revisions, revise it (the journey's reviseIsr Update; the
// Update id from Idempotency-Key), print att. 8. The IŚR service checks, acts and audits.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { sendDownload } from '../downloads';
import { isrPrintout, readIsr, reviseIsr } from '../services/isr';
import { day, errorResponses, idParams, idempotencyHeader, operation, pdfResponse, requestIdOf } from './common';

const item = z.object({
  formCode: z.string().max(50).describe("a code of the project's support-form catalogue"),
  hours: z.number(),
  from: day,
  to: day,
  provider: z.string().max(200),
});

/** One revision of the IŚR as readIsr gives it (the form's label beside its code). */
const isrRevision = z.object({
  revision: z.number().int(), diagnosis: z.string(), goals: z.string(),
  items: z.array(z.object({ formCode: z.string(), label: z.string(), hours: z.number(), from: day, to: day, provider: z.string() })),
  reason: z.string().nullable(), revisedBy: z.string().nullable().describe('who revised it (their name)'), revisedAt: z.iso.datetime(),
});

export async function apiIsrRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const deps = serviceDeps(app.deps);

  r.get(
    '/participants/:id/isr',
    operation('getParticipant', {
      tags: ['journeys'],
      description: 'The IŚR (att. 8) in force and every earlier revision, newest first.',
      params: idParams,
      response: { 200: z.object({ applicationId: z.uuid(), revisions: z.array(isrRevision) }), ...errorResponses },
    }, 'getIsr'),
    async (req) => {
      const v = await readIsr(db, actorOf(req), req.params.id, 'api');
      return { applicationId: v.applicationId, revisions: v.revisions.map((x) => ({ ...x, revisedAt: x.revisedAt.toISOString() })) };
    },
  );

  r.get(
    '/participants/:id/isr/pdf',
    operation('getParticipant', {
      tags: ['journeys'],
      description: 'Att. 8 of the IŚR in force (PDF), to print and sign. Audited.',
      params: idParams,
      response: { 200: pdfResponse, ...errorResponses },
    }, 'getIsrPdf'),
    async (req, reply) => {
      const actor = actorOf(req);
      return sendDownload(db, actor, reply, await isrPrintout(db, actor, req.params.id, actor.locale));
    },
  );

  r.post(
    '/applications/isr',
    operation('planSupport', {
      tags: ['journeys'],
      description: 'Sets up or revises the IŚR: the whole IŚR each time; a reason is required for every revision after the first.',
      headers: idempotencyHeader,
      body: z.object({ applicationId: z.uuid(), diagnosis: z.string().max(4000), goals: z.string().max(4000), reason: z.string().max(4000).optional(), items: z.array(item).max(100) }),
      response: { 200: z.object({ applicationId: z.uuid(), revision: z.number() }), ...errorResponses },
    }, 'reviseIsr'),
    async (req) => {
      const { applicationId, ...input } = req.body;
      const { revision } = await reviseIsr(deps, actorOf(req), { applicationId, input, requestId: requestIdOf(req), via: 'api' });
      return { applicationId, revision };
    },
  );
}

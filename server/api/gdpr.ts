// Personal data in the JSON API: export of one participant, image consent withdrawal, anonymization.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth';
import { anonymizeProject, exportPersonalData, withdrawConsentSchema, withdrawImageConsent } from '../services/gdpr';
import { errorResponses } from './common';

const id = z.object({ id: z.uuid() });

export async function apiGdprRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, temporal, config } = app.deps;
  const journeyDeps = { db, temporal, updateTimeoutMs: config.temporal.updateTimeoutMs };

  r.get(
    '/participants/:id/export',
    { config: { op: 'exportPersonalData' }, schema: { operationId: 'exportPersonalData', tags: ['personal data'], params: id, response: { 200: z.record(z.string(), z.unknown()), ...errorResponses } } },
    async (req) => exportPersonalData(db, actorOf(req), req.params.id),
  );

  r.post(
    '/applications/withdraw-image-consent',
    {
      config: { op: 'withdrawConsent' },
      schema: { operationId: 'withdrawImageConsent', tags: ['personal data'], body: withdrawConsentSchema.extend({ applicationId: z.uuid() }), response: { 200: z.object({ withdrawnOn: z.string() }), ...errorResponses } },
    },
    async (req) => withdrawImageConsent(journeyDeps, actorOf(req), req.body.applicationId, req.body),
  );

  r.post(
    '/projects/:id/anonymize',
    {
      config: { op: 'anonymizeProject' },
      schema: { operationId: 'anonymizeProject', tags: ['personal data'], params: id, response: { 200: z.object({ projectId: z.uuid(), dueOn: z.string(), anonymized: z.number() }), ...errorResponses } },
    },
    async (req) => anonymizeProject(db, actorOf(req), req.params.id),
  );
}

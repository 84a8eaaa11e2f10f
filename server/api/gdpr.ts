// Personal data in the JSON API: export of one participant, image consent withdrawal, anonymization.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { anonymizeProject, exportPersonalData, withdrawConsentSchema, withdrawImageConsent } from '../services/gdpr';
import { errorResponses, idParams, operation } from './common';

export async function apiGdprRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const journeyDeps = serviceDeps(app.deps);

  r.get(
    '/participants/:id/export',
    operation('exportPersonalData', { tags: ['personal data'], params: idParams, response: { 200: z.record(z.string(), z.unknown()), ...errorResponses } }),
    async (req) => exportPersonalData(db, actorOf(req), req.params.id),
  );

  r.post(
    '/applications/withdraw-image-consent',
    operation('withdrawConsent', { tags: ['personal data'], body: withdrawConsentSchema.extend({ applicationId: z.uuid() }), response: { 200: z.object({ withdrawnOn: z.string() }), ...errorResponses } }, 'withdrawImageConsent'),
    async (req) => withdrawImageConsent(journeyDeps, actorOf(req), req.body.applicationId, req.body),
  );

  r.post(
    '/projects/:id/anonymize',
    operation('anonymizeProject', { tags: ['personal data'], params: idParams, response: { 200: z.object({ projectId: z.uuid(), dueOn: z.string(), anonymized: z.number() }), ...errorResponses } }),
    async (req) => anonymizeProject(db, actorOf(req), req.params.id),
  );
}

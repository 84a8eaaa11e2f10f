// Personal data in the JSON API: export of one participant, image consent withdrawal, anonymization.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { anonymizeProject, eraseParticipant, eraseSchema, exportPersonalData, withdrawConsentSchema, withdrawImageConsent } from '../services/gdpr';
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
    '/applications/erase',
    operation('eraseParticipant', {
      tags: ['personal data'],
      description: 'Erases one person (art. 17 GDPR) who never started participating: the application is withdrawn through its journey, then names, PESEL, notes, letters and messages about them are removed. A participant\'s data are kept for the retention period (409).',
      body: eraseSchema.extend({ applicationId: z.uuid() }),
      response: { 200: z.object({ erased: z.literal(true) }), ...errorResponses },
    }),
    async (req) => eraseParticipant(journeyDeps, actorOf(req), req.body.applicationId, { ground: req.body.ground }),
  );

  r.post(
    '/projects/:id/anonymize',
    operation('anonymizeProject', { tags: ['personal data'], params: idParams, response: { 200: z.object({ projectId: z.uuid(), dueOn: z.string(), anonymized: z.number() }), ...errorResponses } }),
    async (req) => anonymizeProject(db, actorOf(req), req.params.id),
  );
}

// Personal data in the JSON API: export of one participant, image consent withdrawal, anonymization.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/types';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { anonymizeProject, eraseParticipant, eraseSchema, exportPersonalData, withdrawConsentSchema, withdrawImageConsent } from '../services/gdpr';
import { errorResponses, idParams, operation } from './common';

// Art. 15 / 20: everything stored about the person, each table's rows with their columns as stored (so the
// rows are open objects on purpose: the export follows the database, not a view of it).
const rows = z.array(z.record(z.string(), z.unknown())).describe('the stored rows, columns as stored');
const personalDataExport = z.object({
  format: z.literal('sciezka-personal-data/1'),
  exportedAt: z.iso.datetime(),
  exportedBy: z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) }),
  project: z.object({ id: z.uuid(), code: z.string(), name: z.string(), starts_on: z.string(), ends_on: z.string() }),
  person: z.record(z.string(), z.unknown()).describe('the application row, columns as stored'),
  documents: rows, supportPlan: rows, isrRevisions: rows, attendance: rows, followUps: rows,
  recruitment: z.object({ decisions: rows, ranking: rows }),
  letters: rows, tasks: rows, events: rows,
  accessLog: rows.describe('who saw or changed the data, when and from where (art. 15(1)(c))'),
});

export async function apiGdprRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const journeyDeps = serviceDeps(app.deps);

  r.get(
    '/participants/:id/export',
    operation('exportPersonalData', { tags: ['personal data'], params: idParams, response: { 200: personalDataExport, ...errorResponses } }),
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

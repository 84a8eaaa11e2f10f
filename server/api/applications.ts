// Applications and the journey's actions in the JSON API: one route per action, the application in the
// body, the Update id from Idempotency-Key; the journeys service checks, acts and audits.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CHANNELS, LABOUR_STATUSES, SEXES } from '../../domain/types';
import { participantDataShape } from '../../domain/participant-data';
import { eligibilityEvidenceSchema } from '../../domain/eligibility';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { ACTION_INPUTS, INPUT_ACTIONS } from '../services/journey-inputs';
import { performAction, recordApplication } from '../services/journeys';
import { correctionSchema, correctParticipant } from '../services/corrections';
import { day, errorResponses, idempotencyHeader, operation, requestIdOf } from './common';

const ROUTES: Record<(typeof INPUT_ACTIONS)[number], string> = {
  screen: '/applications/score',
  recordOriginal: '/applications/original',
  signDocuments: '/applications/sign',
  planSupport: '/applications/plan',
  recordAttendance: '/applications/attendance',
  justifyAbsence: '/applications/justify-absence',
  correctAttendance: '/applications/attendance-correction',
  recordJob: '/applications/job',
  endParticipation: '/applications/end',
  recordFollowUp: '/applications/follow-up',
  recordLetterSent: '/applications/letter-sent',
  withdrawApplication: '/applications/withdraw',
  undoEnding: '/applications/undo-end',
};

export async function apiApplicationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const journeyDeps = serviceDeps(app.deps);

  r.post(
    '/applications',
    operation('submitApplication', {
      tags: ['journeys'],
      headers: idempotencyHeader,
      body: z.object({
        projectId: z.uuid(),
        firstName: z.string().min(1).max(100),
        lastName: z.string().min(1).max(100),
        pesel: z.string().regex(/^[0-9]{11}$/).describe('11 digits; the checksum, birth date and sex are checked (422)'),
        birthDate: day.optional().describe('defaults to the date encoded in the PESEL'),
        sex: z.enum(SEXES),
        disability: z.boolean(),
        targetGroup: z.string().max(50).optional(),
        labourStatus: z.enum(LABOUR_STATUSES).optional().describe('SL2014 labour-market status at entry'),
        channel: z.enum(CHANNELS),
        receivedAt: z.iso.datetime({ offset: true }).optional(),
        socialWorkerId: z.uuid().optional(),
        ...participantDataShape,
        centreClient: z.boolean().optional().describe('a client of the social welfare centre (an eligibility condition)'),
        eligibilityEvidence: eligibilityEvidenceSchema.optional().describe('the evidence of each eligibility condition: statement, certificate or opinion, with its date'),
        accompaniesApplicationId: z.uuid().optional().describe('an "otoczenie" participant: the application of the person at risk they accompany'),
      }),
      response: {
        201: z.object({
          id: z.uuid(),
          warnings: z
            .array(z.object({ code: z.literal('inOtherProject'), applicationId: z.uuid(), projectCode: z.string(), link: z.string() }))
            .describe('the same PESEL in another project of the centre: recorded, and said'),
        }),
        ...errorResponses,
      },
    }),
    async (req, reply) => {
      const { applicationId, warnings } = await recordApplication(journeyDeps, actorOf(req), req.body, requestIdOf(req), 'api');
      return reply.code(201).send({ id: applicationId, warnings: warnings.map((w) => ({ code: 'inOtherProject' as const, ...w })) });
    },
  );

  r.post(
    '/applications/correct',
    operation('correctParticipant', {
      tags: ['journeys'],
      description: 'Corrects personal data (GDPR art. 16) through the journey: only the fields that differ from the record count; a PESEL is checked again (with the birth date and sex), and one already in the project answers 409 duplicate_application.',
      headers: idempotencyHeader,
      body: correctionSchema.extend({ applicationId: z.uuid() }),
      response: {
        200: z.object({
          applicationId: z.uuid(),
          fields: z.array(z.string()),
          roundTold: z.boolean().describe('the recruitment round re-counted its quotas (sex, disability or target group of a scored candidate)'),
          warnings: z.array(z.object({ applicationId: z.uuid(), projectCode: z.string(), link: z.string() })).describe('the corrected PESEL in other projects of the centre'),
        }),
        ...errorResponses,
      },
    }),
    async (req) => {
      const actor = actorOf(req);
      const { applicationId, ...input } = req.body;
      const result = await correctParticipant(journeyDeps, actor, { applicationId, input, requestId: requestIdOf(req), via: 'api', locale: actor.locale });
      return { applicationId, ...result };
    },
  );

  for (const action of INPUT_ACTIONS) {
    const spec = ACTION_INPUTS[action];
    r.post(
      ROUTES[action],
      operation(spec.op, {
        tags: ['journeys'],
        headers: idempotencyHeader,
        body: z.intersection(z.object({ applicationId: z.uuid() }), spec.schema as z.ZodType<object>),
        response: { 200: z.object({ applicationId: z.uuid(), result: spec.result as z.ZodType<object> }), ...errorResponses },
      }, spec.operationId),
      async (req) => {
        const actor = actorOf(req);
        const { applicationId, ...input } = req.body as { applicationId: string } & Record<string, unknown>;
        const result = await performAction(journeyDeps, actor, { applicationId, action, input, requestId: requestIdOf(req), via: 'api', locale: actor.locale });
        return { applicationId, result: result as object };
      },
    );
  }
}

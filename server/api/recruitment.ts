// Recruitment in the JSON API: the ranking, the commission's decisions and sittings, the director's
// approval; the bodies are the recruitment service's own schemas (it checks, sends the Update, audits).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Operation } from '../../domain/permissions';
import { correctDecision, correctDecisionSchema } from '../services/decision-correction';
import { actorOf } from '../auth';
import { say, type Locale } from '../../i18n';
import { DECISIONS } from '../../domain/types';
import type { QuotaStatus } from '../../domain/ranking';
import { CANDIDATE_FLAGS } from '../../domain/intake-checks';
import { candidateDetails } from '../services/commission-view';
import { approveList, approveListSchema, closeSitting, closeSittingSchema, decide, decideSchema, downloadProtocol, viewRanking } from '../services/recruitment';
import { errorResponses, idempotencyHeader, idParams, operation, pdfResponse, requestIdOf } from './common';

/** The round's actions on a whole project: the project in the body, the rest as the service takes it. */
/** A quota against the candidates: in the ranking, and as a decision's warning when it can no longer be met. */
const quotaView = z.object({
  code: z.string(),
  label: z.string(),
  min: z.number(),
  count: z.number(),
  met: z.boolean(),
  unreachable: z.boolean().describe('even with every free place, the minimum cannot be reached'),
  text: z.string().describe('e.g. "27 z co najmniej 39 kobiet", in the caller\'s language'),
});
const quotasIn = (quotas: QuotaStatus[], locale: Locale) => quotas.map((q) => ({ ...q, text: say(locale, q.text) }));

const decideResult = z.object({
  applicationId: z.uuid(),
  decision: z.enum(DECISIONS),
  reservePosition: z.number().nullable(),
  sitting: z.number().describe('the sitting it was taken at (its number in the round)'),
  placesFree: z.number(),
  warnings: z.array(quotaView),
});
const sittingResult = { seq: z.number().describe('the sitting\'s number in the round'), sittingId: z.uuid().describe('for its protocol: getSittingProtocolPdf') };

const PROJECT_ACTIONS = [
  { url: '/projects/close-sitting', op: 'closeSitting', body: closeSittingSchema, run: closeSitting, result: z.object({ ...sittingResult, participants: z.array(z.uuid()), reserve: z.array(z.uuid()) }) },
  { url: '/projects/approve-list', op: 'approveList', body: approveListSchema, run: approveList, result: z.object({ ...sittingResult, approved: z.array(z.uuid()) }) },
] as const satisfies ReadonlyArray<{ url: string; op: Operation; body: z.ZodObject; run: typeof closeSitting | typeof approveList; result: z.ZodObject }>;

export async function apiRecruitmentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, temporal } = app.deps;

  r.get(
    '/projects/:id/ranking',
    operation('getRanking', {
      tags: ['recruitment'],
      params: idParams,
      response: {
        200: z.object({
          projectId: z.uuid(),
          places: z.number(),
          taken: z.number(),
          free: z.number(),
          candidates: z.array(
            z.object({
              position: z.number(),
              applicationId: z.uuid(),
              points: z.number(),
              receivedAt: z.string(),
              status: z.string(),
              reservePosition: z.number().nullable(),
              reason: z.string().nullable(),
              // What the commission reads before deciding (the panel's ranking shows the same).
              scores: z.array(z.object({ label: z.string(), points: z.number(), max: z.number().nullable() })).describe('points per criterion of the candidate\'s rules version'),
              opinion: z.string().nullable().describe('the social worker\'s opinion'),
              flags: z.array(z.enum(CANDIDATE_FLAGS)).describe('original_pending: the original of an e-mailed form has not arrived; outside_period, day_off: when the application came'),
              justification: z.string().nullable().describe('why the commission qualified this candidate out of rank order'),
            }),
          ),
          quotas: z.array(quotaView),
        }),
        ...errorResponses,
      },
    }),
    async (req) => {
      const actor = actorOf(req);
      const page = await viewRanking(db, actor, req.params.id, 'api');
      const details = await candidateDetails(db, req.params.id, page.rows.map((row) => row.applicationId));
      return {
        projectId: page.projectId,
        places: page.places,
        taken: page.taken,
        free: page.free,
        candidates: page.rows.map((row) => ({
          position: row.rank,
          applicationId: row.applicationId,
          points: row.points,
          receivedAt: row.receivedAt.toISOString(),
          status: row.status,
          reservePosition: row.reservePosition,
          reason: row.reason,
          ...(details.get(row.applicationId) ?? { scores: [], opinion: null, flags: [], justification: null }),
        })),
        quotas: quotasIn(page.quotas, actor.locale),
      };
    },
  );

  r.get(
    '/projects/:id/sittings/:sittingId/protocol.pdf',
    operation('getRanking', {
      tags: ['recruitment'],
      description: 'The protocol of a closed sitting of the commission (its id: closeSitting\'s answer). Audited.',
      params: z.object({ id: z.uuid(), sittingId: z.uuid() }),
      response: { 200: pdfResponse, ...errorResponses },
    }, 'getSittingProtocolPdf'),
    async (req, reply) => {
      const pdf = await downloadProtocol(db, actorOf(req), req.params.id, req.params.sittingId);
      // A binary answer: the untyped reply (the schema's 200 documents it as a binary string).
      return (reply as FastifyReply).type('application/pdf').header('content-disposition', `attachment; filename="protokol-${req.params.sittingId}.pdf"`).header('cache-control', 'no-store').send(pdf);
    },
  );

  r.post(
    '/applications/decide',
    operation('decideApplication', { tags: ['recruitment'], headers: idempotencyHeader, body: decideSchema, response: { 200: decideResult, ...errorResponses } }),
    async (req) => {
      const actor = actorOf(req);
      const result = await decide({ db, temporal }, actor, null, { ...req.body, requestId: requestIdOf(req) }, 'api');
      return { ...result, warnings: quotasIn(result.warnings, actor.locale) };
    },
  );

  r.post(
    '/applications/correct-decision',
    operation('correctDecision', { tags: ['recruitment'], headers: idempotencyHeader, body: correctDecisionSchema, response: { 200: decideResult, ...errorResponses } }),
    async (req) => {
      const actor = actorOf(req);
      const result = await correctDecision({ db, temporal }, actor, { ...req.body, requestId: requestIdOf(req) }, 'api');
      return { ...result, warnings: quotasIn(result.warnings, actor.locale) };
    },
  );

  for (const action of PROJECT_ACTIONS) {
    r.post(
      action.url,
      operation(action.op, { tags: ['recruitment'], headers: idempotencyHeader, body: action.body.extend({ projectId: z.uuid() }), response: { 200: action.result, ...errorResponses } }),
      async (req) => {
        const { projectId, ...rest } = req.body as { projectId: string } & Record<string, unknown>;
        return action.run({ db, temporal }, actorOf(req), projectId, { ...rest, requestId: requestIdOf(req) }, 'api');
      },
    );
  }
}

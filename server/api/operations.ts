// The JSON API's business operations (operationIds as in the issue), on the same services as the panel.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { AppError } from '../../domain/errors';
import { canFor } from '../../domain/permissions';
import { parsePesel } from '../../domain/pesel';
import { PESEL_MESSAGES } from '../../i18n';
import { CHANNELS, DECISIONS, LABOUR_STATUSES, SEXES, STAGES } from '../../domain/types';
import { actorOf } from '../auth';
import { audit } from '../audit';
import { ACTION_INPUTS, INPUT_ACTIONS } from '../journey-inputs';
import { filterSchema } from '../panel/participants-list';
import { act, submitApplication } from '../services/journeys';
import { assertCanSee, listParticipants, readParticipant } from '../services/participants';
import { createProject, listProjects } from '../services/projects';
import { approveList, closeSitting, decide, getRanking } from '../services/recruitment';
import { errorResponses, idempotencyHeader, requestIdOf } from './common';

const day = z.iso.date();
const id = z.object({ id: z.uuid() });
const anyObject = z.record(z.string(), z.unknown());

/** Field paths of the service's project shape, in the API's words. */
const renameProjectField = (f: string) => f.replace(/^rules\.criteria/, 'criteria').replace(/^config\.quotas/, 'quotas').replace(/^config\.indicatorTargets/, 'targets').replace(/^config\.targetGroups/, 'targetGroups');

export async function apiOperationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, temporal, config } = app.deps;
  const journeyDeps = { db, temporal, taskQueue: config.temporal.taskQueue, updateTimeoutMs: config.temporal.updateTimeoutMs };

  r.post(
    '/projects',
    {
      config: { op: 'createProject' },
      schema: {
        operationId: 'createProject',
        tags: ['projects'],
        body: z.object({
          code: z.string().max(50),
          name: z.string().max(300),
          startsOn: day,
          endsOn: day,
          places: z.number().int().positive().max(100_000),
          criteria: z.array(z.object({ code: z.string().max(50), label: z.string().max(300), maxPoints: z.number().int().positive().max(1000) })).min(1).max(50),
          quotas: z.array(anyObject).max(50).optional(),
          targets: z.record(z.string().max(50), z.number().nonnegative()).optional(),
          targetGroups: z.array(z.object({ code: z.string().max(50), label: z.string().max(300), planned: z.number().int().nonnegative() })).max(50).optional(),
          supportCatalogue: z.array(z.object({ code: z.string().max(50), label: z.string().max(300) })).max(100).optional(),
          retentionYears: z.number().int().min(1).max(50).optional().describe('years after the end before participants are anonymized'),
        }),
        response: { 201: z.object({ id: z.uuid() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const { version: _v, ...rules } = DEFAULT_RULES;
      try {
        const project = await createProject(db, actorOf(req), {
          code: b.code,
          name: b.name,
          startsOn: b.startsOn,
          endsOn: b.endsOn,
          places: b.places,
          config: { targetGroups: b.targetGroups ?? [], quotas: b.quotas ?? [], supportCatalogue: b.supportCatalogue ?? [], indicatorTargets: b.targets ?? {}, ...(b.retentionYears ? { retentionYears: b.retentionYears } : {}) },
          rules: { ...rules, criteria: b.criteria },
        });
        return reply.code(201).send({ id: project.id });
      } catch (err) {
        if (err instanceof AppError && err.fields.length) throw new AppError(err.code, err.message, err.fields.map((f) => ({ ...f, field: renameProjectField(f.field) })));
        throw err;
      }
    },
  );

  r.get(
    '/projects',
    {
      config: { op: 'listProjects' },
      schema: {
        operationId: 'listProjects',
        tags: ['projects'],
        response: { 200: z.object({ projects: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), startsOn: z.string(), endsOn: z.string(), places: z.number(), rulesVersion: z.number() })) }), ...errorResponses },
      },
    },
    async () => ({ projects: await listProjects(db) }),
  );

  r.post(
    '/applications',
    {
      config: { op: 'submitApplication' },
      schema: {
        operationId: 'submitApplication',
        tags: ['journeys'],
        headers: idempotencyHeader,
        body: z.object({
          projectId: z.uuid(),
          firstName: z.string().max(100),
          lastName: z.string().max(100),
          pesel: z.string().max(20),
          birthDate: day.optional().describe('defaults to the date encoded in the PESEL'),
          sex: z.enum(SEXES),
          disability: z.boolean(),
          targetGroup: z.string().max(50).optional(),
          labourStatus: z.enum(LABOUR_STATUSES).optional().describe('SL2014 labour-market status at entry'),
          channel: z.enum(CHANNELS),
          receivedAt: z.iso.datetime({ offset: true }).optional(),
          socialWorkerId: z.uuid().optional(),
        }),
        response: { 201: z.object({ id: z.uuid() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const decoded = parsePesel(b.pesel.trim());
      if (!b.birthDate && !decoded.ok) throw new AppError('invalid_input', 'invalid PESEL', [{ field: 'pesel', message: PESEL_MESSAGES[decoded.error].pl }]);
      const birthDate = b.birthDate ?? (decoded.ok ? decoded.facts.birthDate : undefined);
      const { applicationId } = await submitApplication(journeyDeps, actorOf(req), { ...b, birthDate }, requestIdOf(req));
      await audit(db, actorOf(req), { action: 'application_submitted', entity: 'application', entityId: applicationId, details: { via: 'api' } });
      return reply.code(201).send({ id: applicationId });
    },
  );

  // The journey's actions: one route per action, the application in the body, the Update id from Idempotency-Key.
  const ROUTES: Record<(typeof INPUT_ACTIONS)[number], string> = {
    screen: '/applications/score',
    recordOriginal: '/applications/original',
    signDocuments: '/applications/sign',
    planSupport: '/applications/plan',
    recordAttendance: '/applications/attendance',
    justifyAbsence: '/applications/justify-absence',
    recordJob: '/applications/job',
    endParticipation: '/applications/end',
    recordFollowUp: '/applications/follow-up',
    recordLetterSent: '/applications/letter-sent',
  };
  for (const action of INPUT_ACTIONS) {
    const spec = ACTION_INPUTS[action];
    r.post(
      ROUTES[action],
      {
        config: { op: spec.op },
        schema: {
          operationId: spec.operationId,
          tags: ['journeys'],
          headers: idempotencyHeader,
          body: z.intersection(z.object({ applicationId: z.uuid() }), spec.schema as z.ZodType<object>),
          response: { 200: z.object({ applicationId: z.uuid(), result: anyObject }), ...errorResponses },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const { applicationId, ...input } = req.body as { applicationId: string } & Record<string, unknown>;
        const { socialWorkerId } = await assertCanSee(db, actor, applicationId);
        if (!canFor(actor.role, spec.op, actor.id, socialWorkerId)) throw new AppError('forbidden', 'only the participant’s own social worker may do this');
        const args = (spec.toArgs as (i: unknown) => object)(input);
        const result = await act(journeyDeps, actor, applicationId, action, args as never, requestIdOf(req));
        await audit(db, actor, { action: `participant_${action}`, entity: 'application', entityId: applicationId, details: { via: 'api' } });
        return { applicationId, result: result as Record<string, unknown> };
      },
    );
  }

  r.get(
    '/projects/:id/ranking',
    {
      config: { op: 'getRanking' },
      schema: {
        operationId: 'getRanking',
        tags: ['recruitment'],
        params: id,
        response: {
          200: z.object({
            projectId: z.uuid(),
            places: z.number(),
            taken: z.number(),
            free: z.number(),
            candidates: z.array(z.object({ position: z.number(), applicationId: z.uuid(), points: z.number(), receivedAt: z.string(), status: z.string(), reservePosition: z.number().nullable(), reason: z.string().nullable() })),
            quotas: z.array(anyObject),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const page = await getRanking(db, req.params.id);
      await audit(db, actorOf(req), { action: 'ranking_viewed', entity: 'project', entityId: req.params.id, details: { via: 'api' } });
      return {
        projectId: page.projectId,
        places: page.places,
        taken: page.taken,
        free: page.free,
        candidates: page.rows.map((row) => ({ position: row.rank, applicationId: row.applicationId, points: row.points, receivedAt: row.receivedAt.toISOString(), status: row.status, reservePosition: row.reservePosition, reason: row.reason })),
        quotas: page.quotas as unknown as Array<Record<string, unknown>>,
      };
    },
  );

  r.post(
    '/applications/decide',
    {
      config: { op: 'decideApplication' },
      schema: {
        operationId: 'decideApplication',
        tags: ['recruitment'],
        headers: idempotencyHeader,
        body: z.object({ applicationId: z.uuid(), decision: z.enum(DECISIONS), reason: z.string().max(2000).optional() }),
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (req) => {
      const app_ = await db.selectFrom('applications').select('project_id').where('id', '=', req.body.applicationId).executeTakeFirst();
      if (!app_) throw new AppError('not_found', 'no such application');
      const result = await decide({ db, temporal }, actorOf(req), app_.project_id, { ...req.body, requestId: requestIdOf(req) });
      await audit(db, actorOf(req), { action: 'application_decided', entity: 'application', entityId: req.body.applicationId, details: { decision: req.body.decision, via: 'api' } });
      return result as unknown as Record<string, unknown>;
    },
  );

  r.post(
    '/projects/close-sitting',
    {
      config: { op: 'closeSitting' },
      schema: {
        operationId: 'closeSitting',
        tags: ['recruitment'],
        headers: idempotencyHeader,
        body: z.object({ projectId: z.uuid(), members: z.array(z.string().max(200)).min(1).max(20), date: day }),
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (req) => {
      const { projectId, ...rest } = req.body;
      const result = await closeSitting({ db, temporal }, actorOf(req), projectId, { ...rest, requestId: requestIdOf(req) });
      await audit(db, actorOf(req), { action: 'sitting_closed', entity: 'project', entityId: projectId, details: { via: 'api' } });
      return result as unknown as Record<string, unknown>;
    },
  );

  r.post(
    '/projects/approve-list',
    {
      config: { op: 'approveList' },
      schema: {
        operationId: 'approveList',
        tags: ['recruitment'],
        headers: idempotencyHeader,
        body: z.object({ projectId: z.uuid(), sitting: z.number().int().positive().optional() }),
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (req) => {
      const { projectId, ...rest } = req.body;
      const result = await approveList({ db, temporal }, actorOf(req), projectId, { ...rest, requestId: requestIdOf(req) });
      await audit(db, actorOf(req), { action: 'list_approved', entity: 'project', entityId: projectId, details: { via: 'api' } });
      return result as unknown as Record<string, unknown>;
    },
  );

  r.get(
    '/participants/:id',
    {
      config: { op: 'getParticipant' },
      schema: {
        operationId: 'getParticipant',
        tags: ['journeys'],
        params: id,
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
      },
    },
    async (req) => {
      const v = await readParticipant(db, actorOf(req), req.params.id, 'api');
      const a = v.application;
      return {
        id: a.id,
        projectId: a.project_id,
        stage: a.stage,
        data: {
          firstName: a.first_name,
          lastName: a.last_name,
          pesel: a.pesel,
          birthDate: a.birth_date,
          sex: a.sex,
          disability: a.disability,
          targetGroup: a.target_group,
          channel: a.channel,
          receivedAt: a.received_at.toISOString(),
          originalPending: a.original_pending,
          socialWorkerId: a.social_worker_id,
          rulesVersion: a.rules_version,
          points: a.points,
          decision: a.decision,
          reservePosition: a.reserve_position,
          rejectionReason: a.rejection_reason,
          participationStartedOn: a.participation_started_on,
          jobFoundOn: a.job_found_on,
          endedOn: a.ended_on,
          endReason: a.end_reason,
        },
        documents: v.documents,
        plan: v.plan,
        attendance: v.attendance,
        followUps: v.followUps,
        events: v.events as unknown as Array<Record<string, unknown>>,
      };
    },
  );

  r.get(
    '/participants',
    {
      config: { op: 'listParticipants' },
      schema: {
        operationId: 'listParticipants',
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
      },
    },
    async (req) => {
      const { pageSize, ...f } = req.query;
      const res = await listParticipants(db, actorOf(req), f, pageSize);
      return { total: res.total, page: f.page, pages: res.pages, items: res.rows.map((row) => ({ ...row, nextDueAt: row.nextDueAt?.toISOString() ?? null, overdue: undefined })) };
    },
  );
}

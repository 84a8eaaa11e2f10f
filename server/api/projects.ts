// Projects in the JSON API: create one (the points sheet and configuration in the API's words) and list them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { CODE_RE, HHMM_RE } from '../../domain/project';
import { QUOTA_FIELDS } from '../../domain/types';
import { AppError } from '../../domain/errors';
import { actorOf } from '../auth';
import { negotiateLocale, say } from '../../i18n';
import { serviceDeps } from '../deps';
import { createProject, listProjects } from '../services/projects';
import { issueRulesVersion, listRulesVersions, migrationPreview, migrationProgress, startRulesMigration } from '../services/rules';
import { day, errorResponses, operation } from './common';

/** Field paths of the service's project shape, in the API's words. */
const renameProjectField = (f: string) => f.replace(/^rules\.criteria/, 'criteria').replace(/^config\.quotas/, 'quotas').replace(/^config\.indicatorTargets/, 'targets').replace(/^config\.targetGroups/, 'targetGroups');

const apiCode = z.string().max(50).regex(CODE_RE);
const apiLabel = z.string().min(1).max(300);
const criterion = z.object({ code: apiCode, label: apiLabel, maxPoints: z.number().int().positive().max(1000) });

export async function apiProjectRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/projects',
    operation('createProject', {
      tags: ['projects'],
      body: z.object({
        code: apiCode,
        name: apiLabel,
        startsOn: day,
        endsOn: day,
        places: z.number().int().positive().max(100_000),
        criteria: z.array(criterion).min(1).max(50),
        quotas: z
          .array(z.object({ code: apiCode, label: apiLabel, field: z.enum(QUOTA_FIELDS), targetGroup: apiCode.optional().describe('field target_group: which group'), min: z.number().int().positive() }))
          .max(50)
          .optional(),
        targets: z.record(apiCode, z.number().nonnegative()).optional(),
        targetGroups: z.array(z.object({ code: apiCode, label: apiLabel, planned: z.number().int().nonnegative() })).max(50).optional(),
        supportCatalogue: z.array(z.object({ code: apiCode, label: apiLabel })).max(100).optional(),
        retentionYears: z.number().int().min(1).max(50).optional().describe('years after the end before participants are anonymized'),
      }),
      response: { 201: z.object({ id: z.uuid() }), ...errorResponses },
    }),
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
    operation('listProjects', {
      tags: ['projects'],
      response: { 200: z.object({ projects: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), startsOn: z.string(), endsOn: z.string(), places: z.number(), rulesVersion: z.number() })) }), ...errorResponses },
    }),
    async (req) => ({ projects: await listProjects(db, actorOf(req)) }),
  );
}

const days = z.number().int().positive().max(3650);
const hours = z.object({ from: z.string().regex(HHMM_RE), to: z.string().regex(HHMM_RE) });
const rulesBody = z.object({
  criteria: z.array(criterion).min(1).max(50),
  attendanceThreshold: z.number().gt(0).max(1).describe('share of planned hours, above 0, at most 1'),
  signingReminderDays: days,
  signingEscalationDays: days,
  absenceJustificationDays: days,
  originalReminderDays: days,
  followUp1Days: days,
  followUp2Days: days,
  officeHours: z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), hours).describe('ISO weekday (1 Monday) to opening hours; a day absent is closed'),
});
const versionView = z.object({
  version: z.number(),
  effectiveFrom: day.nullable(),
  approvedByAct: z.string().nullable(),
  issuedAt: z.iso.datetime(),
  running: z.number().describe('running journeys on this version'),
  rules: rulesBody.extend({ version: z.number() }),
});
const projectParam = z.object({ id: z.uuid() });
/** A rules version is a PostgreSQL integer. */
const MAX_VERSION = 2_147_483_647;

/** Versions of the regulations and the director's migrations of running journeys (issue 15 item 3). */
export async function apiRulesRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/projects/:id/rules',
    operation('listProjects', { tags: ['projects'], params: projectParam, response: { 200: z.object({ versions: z.array(versionView) }), ...errorResponses } }, 'listRulesVersions'),
    async (req) => ({
      versions: (await listRulesVersions(db, actorOf(req), req.params.id)).map(({ issuedBy: _b, issuedAt, ...v }) => ({ ...v, issuedAt: issuedAt.toISOString() })),
    }),
  );

  r.post(
    '/projects/:id/rules',
    operation('issueRules', {
      tags: ['projects'],
      params: projectParam,
      body: z.object({ rules: rulesBody, effectiveFrom: day, approvedByAct: z.string().max(200).optional() }),
      response: { 201: z.object({ version: z.number() }), ...errorResponses },
    }),
    async (req, reply) => reply.code(201).send({ version: await issueRulesVersion(db, actorOf(req), req.params.id, req.body) }),
  );

  r.get(
    '/projects/:id/rules/migration-preview',
    operation(
      'issueRules',
      {
        tags: ['projects'],
        params: projectParam,
        querystring: z.object({ version: z.coerce.number().int().positive().max(MAX_VERSION).describe('the version to move to') }),
        response: { 200: z.object({ applications: z.array(z.object({ applicationId: z.uuid(), name: z.string(), stage: z.string(), rulesVersion: z.number() })) }), ...errorResponses },
      },
      'previewRulesMigration',
    ),
    async (req) => ({ applications: await migrationPreview(db, actorOf(req), req.params.id, req.query.version) }),
  );

  r.post(
    '/projects/:id/rules/migrations',
    operation(
      'issueRules',
      {
        tags: ['projects'],
        params: projectParam,
        body: z.object({ toVersion: z.number().int().positive().max(MAX_VERSION), expected: z.number().int().min(0).max(1_000_000).describe('the preview’s count: a list that changed since is refused (409)') }),
        response: { 202: z.object({ migrationId: z.uuid() }), ...errorResponses },
      },
      'startRulesMigration',
    ),
    async (req, reply) => reply.code(202).send({ migrationId: await startRulesMigration(serviceDeps(app.deps), actorOf(req), req.params.id, req.body) }),
  );

  r.get(
    '/projects/:id/rules/migrations/:migrationId',
    operation(
      'issueRules',
      {
        tags: ['projects'],
        params: projectParam.extend({ migrationId: z.uuid() }),
        response: {
          200: z.object({
            toVersion: z.number(),
            total: z.number(),
            migrated: z.number(),
            skipped: z.array(z.object({ applicationId: z.uuid(), name: z.string(), reason: z.string() })),
            finishedAt: z.iso.datetime().nullable(),
          }),
          ...errorResponses,
        },
      },
      'getRulesMigration',
    ),
    async (req) => {
      const m = await migrationProgress(db, actorOf(req), req.params.id, req.params.migrationId);
      const locale = negotiateLocale(req.headers['accept-language']);
      return {
        toVersion: m.toVersion,
        total: m.total,
        migrated: m.migrated,
        skipped: m.skipped.map((s) => ({ applicationId: s.applicationId, name: s.name, reason: s.reason ? say(locale, s.reason) : '' })),
        finishedAt: m.finishedAt?.toISOString() ?? null,
      };
    },
  );
}

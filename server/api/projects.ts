// Projects in the JSON API: create one (the points sheet and configuration in the API's words) and list them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { AppError } from '../../domain/errors';
import { actorOf } from '../auth';
import { createProject, listProjects } from '../services/projects';
import { anyObject, day, errorResponses, operation } from './common';

/** Field paths of the service's project shape, in the API's words. */
const renameProjectField = (f: string) => f.replace(/^rules\.criteria/, 'criteria').replace(/^config\.quotas/, 'quotas').replace(/^config\.indicatorTargets/, 'targets').replace(/^config\.targetGroups/, 'targetGroups');

export async function apiProjectRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/projects',
    operation('createProject', {
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

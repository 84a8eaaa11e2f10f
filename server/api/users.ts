// Users in the JSON API: the projects a user works in, read and set by the administrator (as on the Users page).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth';
import { getUserProjects, setUserProjects } from '../services/user-projects';
import { errorResponses, idParams, operation } from './common';

const userProjects = z.object({
  allProjects: z.boolean().describe('every project, present and future'),
  projectIds: z.array(z.uuid()).max(500).describe('the projects worked in (ignored with allProjects)'),
});

export async function apiUserRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/users/:id/projects',
    operation('manageUsers', { tags: ['users'], params: idParams, response: { 200: userProjects, ...errorResponses } }, 'getUserProjects'),
    async (req) => getUserProjects(db, actorOf(req), req.params.id),
  );

  r.post(
    '/users/:id/projects',
    operation('manageUsers', { tags: ['users'], params: idParams, body: userProjects, response: { 200: userProjects, ...errorResponses } }, 'setUserProjects'),
    async (req) => setUserProjects(db, actorOf(req), req.params.id, req.body),
  );
}

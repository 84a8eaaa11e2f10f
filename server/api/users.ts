// Users in the JSON API (administrator only, as on the Users page): the list, a new user or service
// account, deactivation, a password reset, and the projects a user works in.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/types';
import { LOCALES } from '../../i18n';
import { actorOf } from '../auth';
import { getUserProjects, setUserProjects } from '../services/user-projects';
import { createUser, newUserBody, resetPassword, resetPasswordSchema, setUserActive, viewUsers } from '../services/users';
import { errorResponses, idParams, operation } from './common';

const userProjects = z.object({
  allProjects: z.boolean().describe('every project, present and future'),
  projectIds: z.array(z.uuid()).max(500).describe('the projects worked in (ignored with allProjects)'),
});

const userBody = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  active: z.boolean(),
  locale: z.enum(LOCALES),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
  serviceAccount: z.boolean().describe('no password login; API tokens only'),
});

export async function apiUserRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['users'];

  r.get('/users', operation('manageUsers', { tags, response: { 200: z.array(userBody), ...errorResponses } }, 'listUsers'), async (req) =>
    (await viewUsers(db, actorOf(req))).users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })),
  );

  r.post(
    '/users',
    operation('manageUsers', {
      tags,
      description: 'A person (who changes the password at the first login) or a service account (serviceAccount: true, no password; API tokens only). 409 when the e-mail is taken.',
      body: newUserBody,
      response: { 201: z.object({ id: z.uuid() }), ...errorResponses },
    }, 'createUser'),
    async (req, reply) => reply.code(201).send(await createUser(db, actorOf(req), req.body)),
  );

  r.post(
    '/users/:id/active',
    operation('manageUsers', {
      tags,
      description: 'Deactivating ends the user\'s sessions; nobody deactivates themselves (409).',
      params: idParams,
      body: z.object({ active: z.boolean() }),
      response: { 204: z.null(), ...errorResponses },
    }, 'setUserActive'),
    async (req, reply) => {
      await setUserActive(db, actorOf(req), req.params.id, req.body.active);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/users/:id/password',
    operation('manageUsers', {
      tags,
      description: 'A new password the user must change at the next login; their sessions and API tokens end.',
      params: idParams,
      body: resetPasswordSchema,
      response: { 204: z.null(), ...errorResponses },
    }, 'resetUserPassword'),
    async (req, reply) => {
      await resetPassword(db, actorOf(req), req.params.id, req.body.password);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/users/:id/projects',
    operation('manageUsers', { tags, params: idParams, response: { 200: userProjects, ...errorResponses } }, 'getUserProjects'),
    async (req) => getUserProjects(db, actorOf(req), req.params.id),
  );

  r.post(
    '/users/:id/projects',
    operation('manageUsers', { tags, params: idParams, body: userProjects, response: { 200: userProjects, ...errorResponses } }, 'setUserProjects'),
    async (req) => setUserProjects(db, actorOf(req), req.params.id, req.body),
  );
}

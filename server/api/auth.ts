import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/types';
import type { LoginLimits } from '../login-throttle';
import { actorOf } from '../auth';
import { closed } from '../input-guard';
import { throttledLogin } from '../login-throttle';
import { authenticate, recordLogout } from '../services/users';
import { errorBody, errorResponses } from './common';

const userBody = z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: z.enum(ROLES), mustChangePassword: z.boolean() });

export function apiAuthRoutes(rateLimit: LoginLimits) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/login',
      {
        schema: {
          operationId: 'login',
          summary: 'Start a session (cookie). Later writes with the cookie send the returned csrfToken as x-csrf-token.',
          tags: ['auth'],
          body: closed(z.object({ email: z.string().max(200), password: z.string().max(200) })),
          response: { 200: z.object({ user: userBody, csrfToken: z.string() }), 400: errorBody, 401: errorBody, 429: errorBody },
        },
        config: { access: 'public', csrf: false },
      },
      async (req, reply) => {
        const user = await throttledLogin(app.deps.db, rateLimit, { email: req.body.email, ip: req.ip }, () => authenticate(app.deps.db, req.body.email, req.body.password, req.ip));
        await req.session.regenerate();
        req.session.userId = user.id;
        return {
          user: { id: user.id, email: user.email, name: user.name, role: user.role, mustChangePassword: user.mustChangePassword },
          csrfToken: reply.generateCsrf(),
        };
      },
    );

    r.post(
      '/logout',
      { schema: { operationId: 'logout', tags: ['auth'], response: { 204: z.null(), ...errorResponses } }, config: { access: 'public', allowPasswordChange: true } },
      async (req, reply) => {
        if (req.actor) await recordLogout(app.deps.db, req.actor);
        await req.session.destroy();
        return reply.code(204).send(null);
      },
    );

    r.get(
      '/me',
      { schema: { operationId: 'me', tags: ['auth'], response: { 200: userBody, ...errorResponses } }, config: { allowPasswordChange: true } },
      async (req) => {
        const a = actorOf(req);
        return { id: a.id, email: a.email, name: a.name, role: a.role, mustChangePassword: a.mustChangePassword };
      },
    );
  };
}

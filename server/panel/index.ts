import type { FastifyInstance } from 'fastify';
import { adminPageRoutes } from './admin-pages';
import { authRoutes, type LoginRateLimit } from './auth-routes';
import { outboxRoutes } from './outbox';
import { userRoutes } from './users';

/** The HTML panel. */
export function panelRoutes(loginRateLimit: LoginRateLimit) {
  return async (app: FastifyInstance) => {
    await app.register(authRoutes(loginRateLimit));
    await app.register(adminPageRoutes);
    await app.register(userRoutes);
    await app.register(outboxRoutes);
  };
}

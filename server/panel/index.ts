import type { FastifyInstance } from 'fastify';
import { adminPageRoutes } from './admin-pages';
import { authRoutes, type LoginRateLimit } from './auth-routes';
import { userRoutes } from './users';
import { participantRoutes } from './participant';
import { participantListRoutes } from './participants-list';
import { gdprPanelRoutes } from './gdpr';

/** The HTML panel. */
export function panelRoutes(loginRateLimit: LoginRateLimit) {
  return async (app: FastifyInstance) => {
    await app.register(authRoutes(loginRateLimit));
    await app.register(adminPageRoutes);
    await app.register(userRoutes);
    await app.register(participantListRoutes);
    await app.register(participantRoutes);
    await app.register(gdprPanelRoutes);
  };
}

import type { FastifyInstance } from 'fastify';
import { adminPageRoutes } from './admin-pages';
import { authRoutes, type LoginRateLimit } from './auth-routes';
import { outboxRoutes } from './outbox';
import { userRoutes } from './users';
import { tokenRoutes } from './tokens';
import { participantRoutes } from './participant';
import { participantListRoutes } from './participants-list';
import { applyRoutes } from './apply';
import { recruitmentRoutes } from './recruitment';
import { projectRoutes } from './projects';
import { rulesRoutes } from './rules';
import { gdprPanelRoutes } from './gdpr';
import { letterRoutes } from './letters';
import { reportRoutes } from './reports';
import { codecRoutes } from './codec';
import { isrRoutes } from './isr';
import { taskRoutes } from './tasks';
import { sessionRoutes } from './sessions';

/** The HTML panel. */
export function panelRoutes(loginRateLimit: LoginRateLimit) {
  return async (app: FastifyInstance) => {
    await app.register(authRoutes(loginRateLimit));
    await app.register(adminPageRoutes);
    await app.register(userRoutes);
    await app.register(tokenRoutes);
    await app.register(participantListRoutes);
    await app.register(applyRoutes);
    await app.register(recruitmentRoutes);
    await app.register(projectRoutes);
    await app.register(rulesRoutes);
    await app.register(participantRoutes);
    await app.register(outboxRoutes);
    await app.register(gdprPanelRoutes);
    await app.register(reportRoutes);
    await app.register(letterRoutes);
    await app.register(codecRoutes);
    await app.register(isrRoutes);
    await app.register(taskRoutes);
    await app.register(sessionRoutes);
  };
}

import type { FastifyPluginAsync } from 'fastify';
import { checkHealth } from '../health';

export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async (_req, reply) => {
    const health = await checkHealth(app.deps);
    return reply.code(health.ok ? 200 : 503).send(health);
  });
};

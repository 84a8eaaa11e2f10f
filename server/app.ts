// The Fastify application, without listen(): the start scripts and the tests build it the same way.
import { createRequire } from 'node:module';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { ServerDeps } from './deps';
import { healthRoutes } from './routes/health';

const require = createRequire(import.meta.url);
const htmxDir = path.dirname(require.resolve('htmx.org/dist/htmx.min.js'));

export async function buildApp(deps: ServerDeps, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger
      ? {
          level: deps.config.logLevel,
          // Personal data never reach the log: no bodies, no query strings.
          serializers: { req: (req) => ({ method: req.method, url: req.url.split('?')[0] }) },
        }
      : false,
    trustProxy: true,
  });
  app.decorate('deps', deps);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(formbody);
  await app.register(fastifyStatic, { root: htmxDir, prefix: '/static/htmx/', decorateReply: false });
  await app.register(healthRoutes);
  return app;
}

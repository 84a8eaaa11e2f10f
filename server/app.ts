// The Fastify application, without listen(): the start scripts and the tests build it the same way.
import { STATUS_CODES } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import session from '@fastify/session';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ServerDeps } from './deps';
import { healthRoutes } from './routes/health';
import { authPlugin, isApi } from './auth';
import { RequestShapeError } from '../domain/errors';
import { translator } from '../i18n';
import { handleError, registerErrorHandling } from './errors';
import { registerInputGuard } from './input-guard';
import { createSessionStore } from './session-store';
import { sessionSecret } from './secrets';
import { panelRoutes } from './panel';
import { apiRoutes } from './api';
import type { LoginRateLimit } from './panel/auth-routes';

const require = createRequire(import.meta.url);
const htmxDir = path.dirname(require.resolve('htmx.org/dist/htmx.min.js'));
const staticDir = path.resolve(import.meta.dirname, '../static');

/** Trust the nearest `hops` proxies (Fastify's types take a function for a hop count). */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

export const SESSION_COOKIE = 'sciezka_session';
const SESSION_TTL_MS = 8 * 3600_000;

export async function buildApp(
  deps: ServerDeps,
  opts: {
    logger?: boolean;
    loginRateLimit?: LoginRateLimit;
    /** Where the log goes instead of stdout (tests read it). */
    logStream?: { write(line: string): void };
    /** The sessions' clock (tests move it to expire an idle session). */
    now?: () => Date;
  } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger || opts.logStream
      ? {
          level: deps.config.logLevel,
          // Personal data never reach the log: no bodies, no query strings.
          serializers: { req: (req) => ({ method: req.method, url: req.url.split('?')[0] }) },
          ...(opts.logStream ? { stream: opts.logStream } : {}),
        }
      : false,
    // X-Forwarded-For only from configured proxies (the audit's "from where" and the login rate limit use req.ip).
    trustProxy: typeof deps.config.trustProxy === 'number' ? trustHops(deps.config.trustProxy) : deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    // A path parameter too long or badly encoded is the client's fault: 400 in the error body every
    // refusal has (Fastify's own answer was a 414 or 400 in its format, undocumented).
    // A request Node's parser refuses before Fastify sees it (headers or URL over 16 kB, malformed): the
    // error body every refusal has, not Fastify's own.
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const body = JSON.stringify({ error: 'invalid_input', reason: 'malformed_request', message: translator('pl')('error.malformedRequest'), fields: [] });
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
    frameworkErrors: (err, req, reply) => {
      // The caller's words in the log only: the answer says it in their language, without echoing the path.
      const error = new RequestShapeError(err.message, [{ field: 'params', message: 'invalid path parameter', text: { key: 'error.badPath' } }], { key: 'error.badPath' });
      if (isApi(req)) return void handleError(error, req, reply);
      return void (reply as FastifyReply).code(400).type('text/plain; charset=utf-8').send(translator('pl')('error.badPath'));
    },
  });
  registerInputGuard(app);
  app.decorate('deps', deps);
  app.decorate('routeAccess', []);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

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
  registerErrorHandling(app, { notFound: false });
  // Static files and the health check live outside the session context: no database read per asset.
  await app.register(fastifyStatic, { root: htmxDir, prefix: '/static/htmx/', decorateReply: false });
  await app.register(fastifyStatic, { root: staticDir, prefix: '/static/app/', decorateReply: false });
  await app.register(healthRoutes);

  const secure = deps.config.publicUrl.startsWith('https:');
  const secret = await sessionSecret(deps.db, deps.config.sessionSecret);
  await app.register(async (web) => {
    await web.register(cookie);
    await web.register(session, {
      secret,
      cookieName: SESSION_COOKIE,
      store: createSessionStore(deps.db, opts.now ? { now: opts.now } : {}),
      saveUninitialized: false,
      // Absolute lifetime (the idle timeout is the store's); not rolled on every request (which would also write the database on every read).
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_TTL_MS },
    });
    await web.register(csrf, { sessionPlugin: '@fastify/session', getToken: (req) => (req.headers['x-csrf-token'] as string | undefined) ?? (req.body as { _csrf?: string } | undefined)?._csrf });
    await web.register(authPlugin);
    registerErrorHandling(web, { notFound: true });
    await web.register(panelRoutes(opts.loginRateLimit ?? { max: 10, timeWindow: 15 * 60_000 }));
    await web.register(apiRoutes(opts.loginRateLimit ?? { max: 10, timeWindow: 15 * 60_000 }), { prefix: '/api' });
  });
  return app;
}

// Who is calling: a Bearer token or the session cookie. Guards for routes, CSRF for cookie-authenticated writes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../domain/errors';
import { assertCan, type Operation } from '../domain/permissions';
import { isLocale } from '../i18n';
import type { Actor } from './actor';
import { userForToken } from './services/users';

declare module 'fastify' {
  interface Session {
    userId?: string;
    locale?: string;
  }
  interface FastifyContextConfig {
    /** The operation this route performs: only roles the permission table allows reach the handler. */
    op?: Operation;
    /** Without an op: 'public' (login, static docs) or 'user' (any logged-in user). Default: 'user'. */
    access?: 'public' | 'user';
    /** false: no CSRF check (JSON login, which has no session yet). */
    csrf?: boolean;
    /** true: reachable while the user must still change a default password. */
    allowPasswordChange?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Answered in JSON (errors too): the API, and the codec endpoints the Temporal UI calls (server/panel/codec.ts). */
export const isApi = (req: FastifyRequest) => req.url.startsWith('/api/') || req.url === '/api' || req.url.startsWith('/codec/');

async function loadActor(app: FastifyInstance, req: FastifyRequest): Promise<Actor | null> {
  const db = app.deps.db;
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const row = await userForToken(db, header.slice(7).trim());
    if (!row) throw new AppError('unauthenticated', 'invalid or revoked API token');
    return { id: row.id, email: row.email, name: row.name, role: row.role, locale: row.locale, mustChangePassword: false, via: 'token', ip: req.ip };
  }
  const userId = req.session?.userId;
  if (!userId) return null;
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'locale', 'must_change_password', 'active'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || !user.active) {
    await req.session.destroy();
    return null;
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale, mustChangePassword: user.must_change_password, via: 'session', ip: req.ip };
}

export interface RouteAccess {
  method: string;
  url: string;
  op: Operation | null;
  access: 'public' | 'user' | 'op';
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the panel and API with who may call it (the access-matrix test walks this). */
    routeAccess: RouteAccess[];
  }
}

export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('locale', 'pl');

  // Access is declared on each route (config.op / config.access) and enforced here, so no route can
  // forget it: a route that declares nothing needs a logged-in user.
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { op?: Operation; access?: 'public' | 'user' };
    const docs = route.url.startsWith('/api/docs') || route.url === '/api/openapi.json';
    const access = config.op ? 'op' : docs ? 'public' : (config.access ?? 'user');
    const guard = config.op ? requireOp(config.op) : access === 'user' ? requireUser : undefined;
    // preValidation: who may call is decided before the body is validated (403 before 400).
    if (guard) route.preValidation = [guard, ...(route.preValidation ? [route.preValidation].flat() : [])];
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.routeAccess.push({ method, url: route.url, op: config.op ?? null, access });
    }
  });

  // After body parsing (the form's CSRF field), before validation and the route's guard.
  app.addHook('preValidation', async (req, reply) => {
    req.actor = await loadActor(app, req);
    const sessionLocale = req.session?.locale;
    req.locale = req.actor?.locale ?? (isLocale(sessionLocale) ? sessionLocale : 'pl');

    // CSRF: every state-changing request that a browser could send with our cookie carries the token.
    // (Nobody logged in on a route that needs someone: the guard answers 401/login first.)
    const config = req.routeOptions.config;
    const needsCheck = req.actor ? req.actor.via === 'session' : config.access === 'public';
    if (!SAFE_METHODS.has(req.method) && needsCheck && config.csrf !== false) {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(req, reply, (err?: Error) => (err ? reject(err) : resolve()));
      });
    }

    const a = req.actor;
    if (a?.mustChangePassword && !req.routeOptions.config.allowPasswordChange) {
      throw new AppError('forbidden', 'password change required', [{ field: 'password', message: 'must_change' }]);
    }
  });
});

/** preHandler: someone must be logged in (or hold a token). */
export async function requireUser(req: FastifyRequest): Promise<void> {
  if (!req.actor) throw new AppError('unauthenticated', 'log in first');
}

/** preHandler: the actor's role may do this operation (the one permission table decides). */
export function requireOp(op: Operation) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!req.actor) throw new AppError('unauthenticated', 'log in first');
    assertCan(req.actor.role, op);
  };
}

/** The actor of a route guarded by requireUser/requireOp. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated', 'log in first');
  return req.actor;
}

// Who is calling: a Bearer token or the session cookie. Guards for routes, CSRF for cookie-authenticated writes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../domain/errors';
import { can, type Operation } from '../domain/permissions';
import { isLocale } from '../views/i18n';
import type { Actor } from './actor';
import { userForToken } from './services/api-tokens';

declare module 'fastify' {
  interface Session {
    userId?: string;
    locale?: string;
  }
  interface FastifyContextConfig {
    /** false: no CSRF check (JSON login, which has no session yet). */
    csrf?: boolean;
    /** true: reachable while the user must still change a default password. */
    allowPasswordChange?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isApi = (req: FastifyRequest) => req.url.startsWith('/api/') || req.url === '/api';

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

export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('locale', 'pl');

  app.addHook('preHandler', async (req, reply) => {
    req.actor = await loadActor(app, req);
    const sessionLocale = req.session?.locale;
    req.locale = req.actor?.locale ?? (isLocale(sessionLocale) ? sessionLocale : 'pl');

    // CSRF: every state-changing request that a browser could send with our cookie carries the token.
    if (!SAFE_METHODS.has(req.method) && req.actor?.via !== 'token' && req.routeOptions.config.csrf !== false) {
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
    if (!can(req.actor.role, op)) throw new AppError('forbidden', `role ${req.actor.role} may not ${op}`);
  };
}

/** The actor of a route guarded by requireUser/requireOp. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated', 'log in first');
  return req.actor;
}

// Refused attempts leave a trace in the audit log: every 403 (a role without the right, a missing or
// forged CSRF token) and every 404 on a route that names a record (/participants/:id, ...), which is how
// someone probing for participants they may not see shows up. Not unknown URLs (scanners would flood
// the log) nor the forced password change. Details name the route pattern, never the URL's values.
import type { FastifyRequest } from 'fastify';
import type { AppError } from '../domain/errors';
import type { Actor } from './actor';
import { audit } from './audit';
import { isPasswordChangeRequired } from './errors';

export async function auditRefusal(req: FastifyRequest, error: AppError, kind: string | undefined): Promise<void> {
  const route = req.routeOptions?.url;
  const id = (req.params as { id?: unknown } | undefined)?.id;
  const probe = error.code === 'not_found' && route !== undefined && route.includes(':');
  const refused = error.code === 'forbidden' && !isPasswordChangeRequired(error);
  if (!probe && !refused) return;
  const actor = (req as { actor?: Actor | null }).actor ?? null;
  await audit(req.server.deps.db, { id: actor?.id ?? null, ip: req.ip }, {
    action: 'access_refused',
    entity: 'route',
    entityId: typeof id === 'string' ? id.slice(0, 100) : null,
    details: { status: error.status, reason: kind === 'csrf' ? 'csrf' : error.code, method: req.method, route: route ?? null },
  }).catch((err: unknown) => req.log.warn({ err }, 'could not audit a refused request'));
}

// Today, Operations, Audit log.
import type { FastifyInstance } from 'fastify';
import { can } from '../../domain/permissions';
import { AuditPage } from '../../views/pages/audit';
import { OperationsPage } from '../../views/pages/operations';
import { TodayPage } from '../../views/pages/today';
import { actorOf } from '../auth';
import { parseForm } from '../forms';
import { sendPage, viewCtx } from '../render';
import { auditQuerySchema, viewAuditLog } from '../services/audit-log';
import { retryActivity, retrySchema, viewOperations } from '../services/operations';
import { todayFor } from '../services/tasks';
import { workflowUiUrl } from '../temporal-links';

export async function adminPageRoutes(app: FastifyInstance) {
  const { db, temporal } = app.deps;

  app.get('/', { config: { op: 'viewToday' } }, async (req, reply) => {
    const { items, waiting } = await todayFor(db, actorOf(req));
    const ctx = viewCtx(req, reply);
    return sendPage(reply, ctx, ctx.t('today.title'), TodayPage({ ctx, items, waiting }));
  });

  async function operationsPage(req: Parameters<typeof viewCtx>[0], reply: Parameters<typeof viewCtx>[1], message?: string) {
    const actor = actorOf(req);
    const { stuck, actions } = await viewOperations(temporal, db, actor);
    const ctx = viewCtx(req, reply);
    return sendPage(
      reply,
      ctx,
      ctx.t('ops.title'),
      OperationsPage({ ctx, stuck, actions, workflowUrl: (id) => workflowUiUrl(app.deps, actor.role, id), canRetry: can(actor.role, 'retryActivity'), message }),
    );
  }

  app.get('/operations', { config: { op: 'viewOperations' } }, (req, reply) => operationsPage(req, reply));

  app.post('/operations/retry', { config: { op: 'retryActivity' } }, async (req, reply) => {
    const form = parseForm(retrySchema, req.body, req.locale);
    await retryActivity(temporal, db, actorOf(req), form);
    return operationsPage(req, reply, viewCtx(req, reply, { csrf: false }).t('ops.retried'));
  });

  app.get('/audit', { config: { op: 'viewAudit' } }, async (req, reply) => {
    const q = parseForm(auditQuerySchema, req.query, req.locale);
    const filter = { action: q.action || undefined, entity: q.entity || undefined, entityId: q.entityId || undefined, userId: q.userId || undefined, from: q.from || undefined, to: q.to || undefined };
    const { actions, ...result } = await viewAuditLog(db, actorOf(req), filter, q.page);
    const ctx = viewCtx(req, reply);
    return sendPage(reply, ctx, ctx.t('audit.title'), AuditPage({ ctx, filter, actions, rows: result.rows, page: q.page, pages: result.pages, total: result.total }));
  });
}

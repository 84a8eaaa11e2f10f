// A project's regulations on the rules service: the versions, the director's new version (a form
// prefilled from the version in force), the preview and confirmation of a migration of running journeys,
// and its progress (polled by htmx while the workflow runs).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type FieldError } from '../../domain/errors';
import { can } from '../../domain/permissions';
import { todayInWarsaw } from '../../i18n/format';
import { MigrationPreviewPage, MigrationProgressPage, RulesPage } from '../../views/pages/rules';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { isConfirmed, parseForm } from '../forms';
import { redirect, sendPage, viewCtx } from '../render';
import { viewProject } from '../services/projects';
import { issueRulesVersion, listRulesVersions, migrationPreview, migrationProgress, recentMigrations, startRulesMigration } from '../services/rules';
import type { ConfigForm } from './project-config-form';
import { formToRules, rulesFormErrors, rulesToForm } from './rules-form';

const idParam = z.object({ id: z.uuid() });
const migrationParam = idParam.extend({ mid: z.uuid() });
const versionQuery = z.object({ version: z.coerce.number().int().positive() });
const migrateForm = versionQuery.extend({ expected: z.coerce.number().int().min(0), _confirmed: z.string().optional() });

/** The string fields of a posted form (no CSRF token). */
const formOf = (body: unknown): ConfigForm =>
  Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).flatMap(([k, v]) => (typeof v === 'string' && k !== '_csrf' ? [[k, v]] : [])));

export async function rulesRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  async function page(req: FastifyRequest, reply: FastifyReply, id: string, extra: { message?: string; errors?: FieldError[]; form?: ConfigForm } = {}, status = 200) {
    const actor = actorOf(req);
    const [project, versions, migrations] = await Promise.all([viewProject(db, actor, id), listRulesVersions(db, actor, id), recentMigrations(db, id)]);
    const ctx = viewCtx(req, reply);
    const current = versions[0];
    const form = extra.form ?? (current ? rulesToForm(current.rules) : {});
    return sendPage(
      reply,
      ctx,
      ctx.t('rules.title'),
      RulesPage({ ctx, project, versions, migrations, today: todayInWarsaw(), canIssue: can(actor.role, 'issueRules'), form, message: extra.message, errors: extra.errors }),
      status,
    );
  }

  app.get('/projects/:id/rules', { config: { op: 'listProjects' } }, (req, reply) => page(req, reply, parseForm(idParam, req.params, req.locale).id));

  app.post('/projects/:id/rules', { config: { op: 'issueRules' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const form = formOf(req.body);
    try {
      const version = await issueRulesVersion(db, actorOf(req), id, formToRules(form));
      return await page(req, reply, id, { message: viewCtx(req, reply, { csrf: false }).t('rules.issuedOk', { version }) });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'invalid_input') throw err;
      return page(req, reply, id, { errors: rulesFormErrors(err.fields), form }, 400);
    }
  });

  app.get('/projects/:id/rules/migrate', { config: { op: 'issueRules' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const { version } = parseForm(versionQuery, req.query, req.locale);
    const actor = actorOf(req);
    const project = await viewProject(db, actor, id);
    const candidates = await migrationPreview(db, actor, id, version);
    const ctx = viewCtx(req, reply);
    return sendPage(reply, ctx, ctx.t('rules.preview', { version }), MigrationPreviewPage({ ctx, project, version, candidates }));
  });

  app.post('/projects/:id/rules/migrate', { config: { op: 'issueRules' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const f = parseForm(migrateForm, req.body, req.locale);
    // Only from the preview's confirmation: anything else shows the preview first.
    if (!isConfirmed(f)) return redirect(reply, `/projects/${id}/rules/migrate?version=${f.version}`);
    const migrationId = await startRulesMigration(serviceDeps(app.deps), actorOf(req), id, { toVersion: f.version, expected: f.expected });
    return redirect(reply, `/projects/${id}/rules/migrations/${migrationId}`);
  });

  app.get('/projects/:id/rules/migrations/:mid', { config: { op: 'issueRules' } }, async (req, reply) => {
    const { id, mid } = parseForm(migrationParam, req.params, req.locale);
    const actor = actorOf(req);
    const [project, m] = await Promise.all([viewProject(db, actor, id), migrationProgress(db, actor, id, mid)]);
    const ctx = viewCtx(req, reply);
    return sendPage(reply, ctx, ctx.t('rules.progress', { version: m.toVersion }), MigrationProgressPage({ ctx, project, m }));
  });
}

// Projects (configuration) on the projects service: list, create (points sheet as lines, default
// regulations), one project's configuration edited as a form (project-config-form) and validated by the service.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { AppError, type FieldError } from '../../domain/errors';
import { can } from '../../domain/permissions';
import { ProjectPage, ProjectsPage } from '../../views/pages/projects';
import { actorOf } from '../auth';
import { parseForm } from '../forms';
import { redirect, sendPage, viewCtx } from '../render';
import { attendanceForms } from '../services/attendance-list';
import { rulesOnDay } from '../services/rules';
import { createProject, listProjects, updateConfig, viewProject } from '../services/projects';
import { todayInWarsaw } from '../../i18n/format';
import { configToForm, formErrors, formToUpdate, type ConfigForm } from './project-config-form';

export async function projectRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  async function list(req: FastifyRequest, reply: FastifyReply, values?: Record<string, string | undefined>, errors?: FieldError[], status = 200) {
    const ctx = viewCtx(req, reply);
    const projects = await listProjects(db, actorOf(req));
    const role = actorOf(req).role;
    return sendPage(reply, ctx, ctx.t('nav.projects'), ProjectsPage({ ctx, projects, canCreate: can(role, 'createProject'), canSeeIndicators: can(role, 'getIndicators'), values, errors }), status);
  }

  app.get('/projects', { config: { op: 'listProjects' } }, (req, reply) => list(req, reply));

  app.post('/projects', { config: { op: 'createProject' } }, async (req, reply) => {
    const form = Object.fromEntries(Object.entries((req.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
    const criteria = (form.criteria ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [code = '', label = '', max = ''] = l.split(';').map((x) => x.trim());
        return { code, label, maxPoints: Number(max) };
      });
    const { version: _v, ...rules } = DEFAULT_RULES;
    try {
      const p = await createProject(db, actorOf(req), {
        code: form.code?.trim(),
        name: form.name?.trim(),
        startsOn: form.startsOn,
        endsOn: form.endsOn,
        places: Number(form.places),
        config: { targetGroups: [], quotas: [], supportCatalogue: [], indicatorTargets: {} },
        rules: { ...rules, criteria },
      });
      return redirect(reply, `/projects/${p.id}`);
    } catch (err) {
      if (!(err instanceof AppError) || !['invalid_input', 'conflict'].includes(err.code)) throw err;
      const errors = err.fields.map((f) => ({ ...f, field: f.field.replace(/^rules\.criteria.*/, 'criteria') }));
      return list(req, reply, form, errors, err.status);
    }
  });

  async function one(req: FastifyRequest, reply: FastifyReply, id: string, extra: { message?: string; errors?: FieldError[]; form?: ConfigForm } = {}, status = 200) {
    const p = await viewProject(db, actorOf(req), id);
    const ctx = viewCtx(req, reply);
    const role = actorOf(req).role;
    const reports = {
      indicators: can(role, 'getIndicators'),
      monitoring: can(role, 'exportMonitoring'),
      letters: can(role, 'listLetters'),
      attendanceForms: can(role, 'exportAttendanceList') ? await attendanceForms(db, p) : undefined,
      today: todayInWarsaw(),
    };
    // The version in effect today; one issued ahead is named with its day (it does not apply yet).
    const { inForce, upcoming } = await rulesOnDay(db, p, reports.today);
    return sendPage(
      reply,
      ctx,
      p.code,
      ProjectPage({
        ctx,
        project: { ...p, rulesVersion: inForce.version, criteria: inForce.criteria, attendanceThreshold: inForce.attendanceThreshold, upcomingRules: upcoming },
        form: extra.form ?? configToForm(p),
        canEdit: can(role, 'updateProject'),
        reports,
        message: extra.message,
        errors: extra.errors,
      }),
      status,
    );
  }

  const idParam = z.object({ id: z.uuid() });
  app.get('/projects/:id', { config: { op: 'listProjects' } }, (req, reply) => one(req, reply, parseForm(idParam, req.params, req.locale).id));

  app.post('/projects/:id/config', { config: { op: 'updateProject' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const form: ConfigForm = Object.fromEntries(
      Object.entries((req.body ?? {}) as Record<string, unknown>).flatMap(([k, v]) => (typeof v === 'string' && k !== '_csrf' ? [[k, v]] : [])),
    );
    const t = viewCtx(req, reply, { csrf: false }).t;
    try {
      const p = await viewProject(db, actorOf(req), id);
      await updateConfig(app.deps, actorOf(req), id, formToUpdate(form, p.config));
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'invalid_input') throw err;
      return one(req, reply, id, { errors: formErrors(err.fields), form }, 400);
    }
    return one(req, reply, id, { message: t('project.saved') });
  });
}

// Group sessions in the panel: a project's list, a session's form (new and changed), its sheet (the
// whole group in one submit, each member through their journey) and its sign-in sheet PDFs.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type FieldError } from '../../domain/errors';
import { can } from '../../domain/permissions';
import { SessionFormPage, SessionSheetPage, SessionsPage, type SessionFormProps } from '../../views/pages/sessions';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { sendDownload } from '../downloads';
import { blankToUndefined, parseForm } from '../forms';
import { redirect, sendPage, viewCtx } from '../render';
import { projectOptions } from '../services/projects';
import { createSession, getSessionSheet, listSessions, recordSheet, sessionFormOptions, sessionSheetPdf, updateSession, type SessionSheet, type SheetResult } from '../services/sessions';

const idParam = z.object({ id: z.uuid() });
const projectQuery = z.object({ projectId: z.preprocess(blankToUndefined, z.uuid().optional()) });
const RID = /^[0-9a-f-]{36}$/;
type Form = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
const num = (v: string | string[] | undefined) => (one(v) === '' ? undefined : Number(one(v).replace(',', '.')));

/** The session form's fields in the service's shape. */
function formToSession(form: Form) {
  return {
    formCode: one(form.formCode),
    sessionOn: one(form.sessionOn),
    startsAt: one(form.startsAt),
    hours: num(form.hours),
    place: one(form.place),
    leaderId: one(form.leaderId),
    members: [form.members ?? []].flat().filter(Boolean),
  };
}

/** The sheet's rows not yet recorded, in the sheet's order (field errors point back by index). */
function formToSheet(sheet: SessionSheet, form: Form) {
  return {
    marks: sheet.members
      .filter((m) => m.recorded === null)
      .map((m) => ({
        applicationId: m.applicationId,
        mark: one(form[`mark.${m.applicationId}`]),
        justification: one(form[`justification.${m.applicationId}`]) || undefined,
        attendedHours: num(form[`hours.${m.applicationId}`]),
      })),
  };
}

const flat = (form: Form) => Object.fromEntries(Object.entries(form).map(([k, v]) => [k, one(v)]));

export async function sessionRoutes(app: FastifyInstance) {
  const { db } = app.deps;
  const deps = serviceDeps(app.deps);

  app.get('/sessions', { config: { op: 'viewSessions' } }, async (req, reply) => {
    const actor = actorOf(req);
    const projects = await projectOptions(db, actor);
    const projectId = parseForm(projectQuery, req.query, req.locale).projectId ?? projects[0]?.id;
    const sessions = projectId ? await listSessions(db, actor, projectId) : [];
    const ctx = viewCtx(req, reply);
    return sendPage(reply, ctx, ctx.t('sessions.title'), SessionsPage({ ctx, projects, projectId, sessions }));
  });

  async function formPage(req: FastifyRequest, reply: FastifyReply, o: { projectId: string; sessionId?: string; values: SessionFormProps['values']; errors?: FieldError[] }, status = 200) {
    const actor = actorOf(req);
    const { forms, leaders, candidates } = await sessionFormOptions(db, actor, o.projectId);
    const ctx = viewCtx(req, reply);
    const title = o.sessionId ? ctx.t('sessions.edit') : ctx.t('sessions.new');
    const action = o.sessionId ? `/sessions/${o.sessionId}/edit` : '/sessions/new';
    return sendPage(reply, ctx, title, SessionFormPage({ ctx, action, title, projectId: o.projectId, forms, leaders, candidates, values: o.values, errors: o.errors }), status);
  }

  app.get('/sessions/new', { config: { op: 'manageSessions' } }, async (req, reply) => {
    const { projectId } = parseForm(projectQuery, req.query, req.locale);
    if (!projectId) throw new AppError('invalid_input', 'choose a project', [{ field: 'projectId', message: 'Wybierz projekt' }]);
    return formPage(req, reply, { projectId, values: { leaderId: actorOf(req).id, members: [] } });
  });

  app.post('/sessions/new', { config: { op: 'manageSessions' } }, async (req, reply) => {
    const form = (req.body ?? {}) as Form;
    const { projectId } = parseForm(z.object({ projectId: z.uuid() }), { projectId: one(form.projectId) }, req.locale);
    const input = formToSession(form);
    try {
      const { id } = await createSession(db, actorOf(req), projectId, input, req.locale);
      return redirect(reply, `/sessions/${id}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'invalid_input') throw err;
      return formPage(req, reply, { projectId, values: { ...flat(form), members: input.members }, errors: err.fields }, 400);
    }
  });

  async function sheetPage(req: FastifyRequest, reply: FastifyReply, id: string, extra: { result?: SheetResult; errors?: FieldError[]; values?: Record<string, string>; message?: string } = {}, status = 200) {
    const actor = actorOf(req);
    const sheet = await getSessionSheet(db, actor, id);
    const ctx = viewCtx(req, reply);
    return sendPage(
      reply,
      ctx,
      `${sheet.formLabel} ${sheet.sessionOn}`,
      SessionSheetPage({
        ctx, sheet, formToken: randomUUID(),
        canEdit: can(actor.role, 'manageSessions'), canRecord: can(actor.role, 'recordSessionAttendance'), canPrint: can(actor.role, 'exportAttendanceList'),
        ...extra,
      }),
      status,
    );
  }

  app.get('/sessions/:id', { config: { op: 'viewSessions' } }, (req, reply) => sheetPage(req, reply, parseForm(idParam, req.params, req.locale).id));

  app.get('/sessions/:id/edit', { config: { op: 'manageSessions' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const s = await getSessionSheet(db, actorOf(req), id);
    return formPage(req, reply, {
      projectId: s.projectId,
      sessionId: id,
      values: { formCode: s.formCode, sessionOn: s.sessionOn, startsAt: s.startsAt, hours: String(s.hours), place: s.place, leaderId: s.leaderId, members: s.members.map((m) => m.applicationId) },
    });
  });

  app.post('/sessions/:id/edit', { config: { op: 'manageSessions' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const form = (req.body ?? {}) as Form;
    const input = formToSession(form);
    try {
      await updateSession(db, actorOf(req), id, input, req.locale);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'invalid_input') throw err;
      const s = await getSessionSheet(db, actorOf(req), id);
      return formPage(req, reply, { projectId: s.projectId, sessionId: id, values: { ...flat(form), members: input.members }, errors: err.fields }, 400);
    }
    return sheetPage(req, reply, id, { message: viewCtx(req, reply, { csrf: false }).t('sessions.saved') });
  });

  app.post('/sessions/:id/attendance', { config: { op: 'recordSessionAttendance' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const actor = actorOf(req);
    const form = (req.body ?? {}) as Form;
    const rid = RID.test(one(form._rid)) ? one(form._rid) : randomUUID();
    const sheet = await getSessionSheet(db, actor, id);
    try {
      const result = await recordSheet(deps, actor, id, formToSheet(sheet, form), { requestId: `panel:${actor.id}:${rid}`, via: 'panel', locale: req.locale });
      return sheetPage(req, reply, id, { result }, result.recorded.length === 0 && result.refused.length > 0 ? 409 : 200);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'invalid_input') throw err;
      return sheetPage(req, reply, id, { errors: err.fields, values: flat(form) }, 400);
    }
  });

  app.get('/sessions/:id/sheet.pdf', { config: { op: 'viewSessions' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const filled = (req.query as { filled?: string }).filled === 'true';
    const actor = actorOf(req);
    return sendDownload(db, actor, reply, await sessionSheetPdf(db, actor, id, filled, req.locale));
  });
}

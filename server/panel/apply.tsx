// Recording a received application (form no. 1) from the panel: the same service as the API.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../../domain/errors';
import { warsawLocalToIso } from '../../i18n/format';
import { ApplyPage, PeselCheck, TargetGroupSelect } from '../../views/pages/apply';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { redirect, sendFragment, sendPage, viewCtx } from '../render';
import { checkPerson } from '../services/duplicates';
import { recordApplication } from '../services/journeys';
import { formToParticipantData } from '../services/participant-data';
import { evidenceFieldOf, evidenceFromForm } from './eligibility-form';
import { projectOptions } from '../services/projects';
import { activeSocialWorkers } from '../services/users';

const RID = /^[0-9a-f-]{36}$/;

export async function applyRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  async function render(req: FastifyRequest, reply: FastifyReply, values: Record<string, string | undefined>, errors?: FieldError[], status = 200, duplicateOf?: string) {
    const [projects, workers] = await Promise.all([projectOptions(db, actorOf(req)), activeSocialWorkers(db, actorOf(req))]);
    const ctx = viewCtx(req, reply);
    return sendPage(
      reply,
      ctx,
      ctx.t('apply.title'),
      ApplyPage({
        ctx,
        projects,
        socialWorkers: workers,
        values,
        errors,
        formToken: randomUUID(),
        duplicateOf,
      }),
      status,
    );
  }

  app.get('/participants/new', { config: { op: 'submitApplication' } }, (req, reply) => {
    const actor = actorOf(req);
    return render(req, reply, { channel: 'in_person', disabilityAnswer: 'no', socialWorkerId: actor.role === 'social_worker' ? actor.id : undefined });
  });

  // The project chosen on the form changed: its own target groups.
  app.get('/participants/new/target-groups', { config: { op: 'submitApplication' } }, async (req, reply) => {
    const projectId = (req.query as { projectId?: unknown }).projectId;
    const project = (await projectOptions(db, actorOf(req))).find((p) => p.id === projectId);
    return sendFragment(reply, TargetGroupSelect({ ctx: viewCtx(req, reply), groups: project?.targetGroups ?? [] }));
  });

  // While the form is filled in: the same person in this project (refused on saving) or in others (a warning).
  app.post('/participants/new/pesel-check', { config: { op: 'submitApplication' } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = await checkPerson(db, actorOf(req), String(body.projectId ?? ''), String(body.pesel ?? '').trim());
    return sendFragment(reply, PeselCheck({ ctx: viewCtx(req, reply), result }));
  });

  app.post('/participants/new', { config: { op: 'submitApplication' } }, async (req, reply) => {
    const actor = actorOf(req);
    const form = Object.fromEntries(Object.entries((req.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : undefined]));
    const { evidence, errors: evidenceErrors } = evidenceFromForm(form);
    try {
      const receivedAt = form.receivedAt ? warsawLocalToIso(form.receivedAt) : undefined;
      if (form.receivedAt && !receivedAt) throw new AppError('invalid_input', 'invalid date', [{ field: 'receivedAt', message: 'RRRR-MM-DD GG:MM' }]);
      if (evidenceErrors.length) throw new AppError('invalid_input', 'evidence half filled in', evidenceErrors);
      const { applicationId } = await recordApplication(
        serviceDeps(app.deps),
        actor,
        {
          projectId: form.projectId,
          firstName: form.firstName,
          lastName: form.lastName,
          pesel: form.pesel ?? '',
          birthDate: form.birthDate,
          sex: form.sex,
          disability: form.disability === 'true',
          ...formToParticipantData(form),
          targetGroup: form.targetGroup || null,
          labourStatus: form.labourStatus || null,
          channel: form.channel,
          ...(receivedAt ? { receivedAt } : {}),
          socialWorkerId: form.socialWorkerId || null,
          ...(form.centreClient === 'true' || form.centreClient === 'false' ? { centreClient: form.centreClient === 'true' } : {}),
          ...(evidence.length ? { eligibilityEvidence: evidence } : {}),
        },
        // The form's own id: sending it twice records one application.
        `panel:${actor.id}:${form._rid && RID.test(form._rid) ? form._rid : randomUUID()}`,
        'panel',
      );
      return redirect(reply, `/participants/${applicationId}`);
    } catch (err) {
      if (err instanceof AppError && err.code === 'duplicate_application') return render(req, reply, form, err.fields, 409, err.details?.applicationId);
      if (!(err instanceof AppError) || (err.code !== 'invalid_input' && err.code !== 'not_found')) throw err;
      const errors = err.code === 'not_found' ? [{ field: 'projectId', message: err.message }] : err.fields.map((f) => ({ ...f, field: evidenceFieldOf(f.field, evidence) }));
      return render(req, reply, form, errors, err.code === 'not_found' ? 404 : 400);
    }
  });
}

// The Participant page: read (audited), live refresh by htmx polling, and the actions as forms that
// send the journey's Updates; a refusal comes back inline with the journey's reason.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors';
import { can, canFor } from '../../domain/permissions';
import { todayInWarsaw } from '../../i18n/format';
import { STAGES } from '../../domain/types';
import { ParticipantLive, ParticipantPage } from '../../views/pages/participant';
import { ActionForm, ActionsSection, type ActionFailure } from '../../views/pages/participant-actions';
import { journeyWorkflowId } from '../../contracts/journey';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { ACTION_INPUTS, INPUT_ACTIONS, formToInput, type InputAction } from '../services/journey-inputs';
import { isHtmx, redirect, sendFragment, sendPage, viewCtx } from '../render';
import { checkAction, getParticipant, NotAllowedNowError, performAction } from '../services/journeys';
import { ConfirmStep } from '../../views/confirm';
import { formatDate } from '../../i18n/format';
import type { ViewCtx } from '../../views/context';
import type { JourneyActions } from '../../domain/journey';
import { isConfirmed } from '../forms';
import { readParticipant } from '../services/participants';
import { correctParticipant, formToCorrection } from '../services/corrections';
import { say } from '../../i18n';
import type { CorrectionProps } from '../../views/pages/participant-correction';
import { workflowUiUrl } from '../temporal-links';
import { pageModel } from './participant-data';

const RID = /^[0-9a-f-]{36}$/;

export async function participantRoutes(app: FastifyInstance) {
  const { db } = app.deps;
  const actDeps = serviceDeps(app.deps);
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;

  async function model(req: FastifyRequest) {
    const actor = actorOf(req);
    const id = idOf(req);
    const view = await readParticipant(db, actor, id, 'panel');
    return pageModel(db, actor, view, workflowUiUrl(app.deps, actor.role, journeyWorkflowId(id)));
  }

  /** The page; after a refused correction, with its form open again (`correction`). */
  async function page(req: FastifyRequest, reply: FastifyReply, correction: Pick<CorrectionProps, 'failure' | 'done'> = {}, status = 200) {
    const m = await model(req);
    const ctx = viewCtx(req, reply);
    const title = `${m.data.firstName} ${m.data.lastName}`;
    const actor = actorOf(req);
    const gdpr = {
      participantId: m.data.id,
      canExport: can(actor.role, 'exportPersonalData'),
      canWithdrawImageConsent: Boolean(m.data.documents.image_consent) && canFor(actor.role, 'withdrawConsent', actor.id, m.socialWorkerId),
      today: todayInWarsaw(),
      canErase: can(actor.role, 'eraseParticipant') && !m.data.participationStartedOn,
    };
    const correctionProps = m.correction && { ...m.correction, ...correction, formToken: randomUUID() };
    return sendPage(reply, ctx, title, ParticipantPage({ ctx, p: m.data, actions: { ...m.actions, formToken: randomUUID() }, gdpr, correction: correctionProps }), status);
  }

  app.get('/participants/:id', { config: { op: 'getParticipant' } }, (req, reply) => page(req, reply, { done: (req.query as { corrected?: string }).corrected === '1' }));

  // A correction of the participant's data (a plain form: the page is drawn again either way).
  app.post('/participants/:id/correct', { config: { op: 'correctParticipant' } }, async (req, reply) => {
    const actor = actorOf(req);
    const id = idOf(req);
    const form = (req.body ?? {}) as Record<string, string | string[] | undefined>;
    const rid = typeof form._rid === 'string' && RID.test(form._rid) ? form._rid : randomUUID();
    try {
      await correctParticipant(actDeps, actor, { applicationId: id, input: formToCorrection(form), requestId: `panel:${actor.id}:${rid}:correct`, via: 'panel', locale: req.locale });
      return redirect(reply, `/participants/${id}?corrected=1#p-timeline`);
    } catch (err) {
      if (!(err instanceof AppError) || !['invalid_input', 'not_allowed_now', 'duplicate_application'].includes(err.code)) throw err;
      const t = viewCtx(req, reply).t;
      // The service names fields as the API does (changes.pesel); the form's are plain (pesel).
      const errors = err.fields.map((f) => ({ field: f.field.replace(/^changes\./, ''), message: f.text ? say(req.locale, f.text) : f.message }));
      const message = err.code === 'invalid_input' ? t('error.invalid_input') : err instanceof NotAllowedNowError ? (req.locale === 'en' ? err.reason.en : err.reason.pl) : err.text ? say(req.locale, err.text) : err.message;
      const values = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? v.at(-1) : v]));
      return page(req, reply, { failure: { message, errors, values, ...(err.details?.link ? { link: err.details.link } : {}) } }, err.status);
    }
  });

  // The live part, polled every few seconds: read from the database only. When the stage moved since
  // the page was drawn, the actions are redrawn too (out of band), since what is allowed has changed.
  app.get('/participants/:id/live', { config: { op: 'getParticipant' } }, async (req, reply) => {
    const actor = actorOf(req);
    const id = idOf(req);
    // Audited like the page: every poll reads (and shows) the personal data again.
    const m = await pageModel(db, actor, await readParticipant(db, actor, id, 'live'), workflowUiUrl(app.deps, actor.role, journeyWorkflowId(id)));
    const ctx = viewCtx(req, reply);
    const shownStage = (req.query as { stage?: string }).stage;
    const live = ParticipantLive({ ctx, p: m.data });
    if (shownStage && STAGES.includes(shownStage as never) && shownStage !== m.data.stage) {
      return sendFragment(reply, [live, ActionsSection({ ctx, participantId: id, ...m.actions, formToken: randomUUID(), oob: true })]);
    }
    return sendFragment(reply, live);
  });

  for (const action of INPUT_ACTIONS) {
    app.post(`/participants/:id/actions/${action}`, { config: { op: ACTION_INPUTS[action].op } }, (req, reply) => runAction(req, reply, action));
  }

  async function runAction(req: FastifyRequest, reply: FastifyReply, action: InputAction) {
    const actor = actorOf(req);
    const id = idOf(req);
    const form = (req.body ?? {}) as Record<string, string | string[] | undefined>;
    const rid = typeof form._rid === 'string' && RID.test(form._rid) ? form._rid : randomUUID();
    const ctx = viewCtx(req, reply);
    let failure: ActionFailure | undefined;
    let status = 200;
    try {
      if (isConfirmable(action) && !isConfirmed(form)) {
        // Irreversible: first what will happen, then the second submit (the same fields, confirmed).
        const args = await checkAction(db, actor, { applicationId: id, action, input: formToInput(action, form), locale: req.locale });
        const app = await getParticipant(db, actor, id);
        const name = `${app.application.first_name} ${app.application.last_name}`;
        const step = ConfirmStep({
          ctx,
          id: `action-${action}`,
          action: ctx.t(`action.${action}`),
          url: `/participants/${id}/actions/${action}`,
          fields: { ...form, _rid: rid },
          ...confirmSummary(ctx, action, args as never, name),
          backHref: `/participants/${id}`,
          htmx: true,
        });
        if (isHtmx(req)) return sendFragment(reply, step);
        return sendPage(reply, ctx, ctx.t('confirm.title', { action: ctx.t(`action.${action}`) }), <article>{step}</article>);
      }
      const requestId = `panel:${actor.id}:${rid}:${action}`;
      await performAction(actDeps, actor, { applicationId: id, action, input: formToInput(action, form), requestId, via: 'panel', locale: req.locale });
    } catch (err) {
      if (!(err instanceof AppError) || !['invalid_input', 'not_allowed_now'].includes(err.code)) throw err;
      status = err.status;
      // A refusal the service gives before asking the journey (e.g. eligibility at screening) says its reasons.
      const message = err instanceof NotAllowedNowError ? (req.locale === 'en' ? err.reason.en : err.reason.pl)
        : err.code === 'not_allowed_now' && err.text ? [say(req.locale, err.text), ...err.fields.map((f) => (f.text ? say(req.locale, f.text) : f.message))].join('. ')
        : ctx.t('error.invalid_input');
      failure = { action, message, errors: err.fields, values: form };
    }
    const m = await pageModel(db, actor, await getParticipant(db, actor, id), workflowUiUrl(app.deps, actor.role, journeyWorkflowId(id)));
    const props = { ctx, participantId: id, ...m.actions, formToken: randomUUID() };
    if (isHtmx(req)) {
      if (failure) return sendFragment(reply, ActionForm({ ...props, available: m.actions.available, failure, action }), status);
      // Success: the whole actions section (what is allowed has changed) and the live part, both out of band
      // (the live part knows the new stage, so a later poll does not redraw the actions and lose the message).
      // Out of band, not a retarget: htmx finds them in the document even when a poll replaced the form
      // while this request was on its way (a retarget is resolved from the form, then detached).
      reply.header('hx-reswap', 'none');
      return sendFragment(reply, [ActionsSection({ ...props, done: action, oob: true }), ParticipantLive({ ctx, p: m.data, oob: true })]);
    }
    const title = `${m.data.firstName} ${m.data.lastName}`;
    return sendPage(reply, ctx, title, ParticipantPage({ ctx, p: m.data, actions: { ...m.actions, failure, done: failure ? undefined : action, formToken: randomUUID() } }), status);
  }
}

/** Actions that cannot be undone: the panel asks for confirmation with a summary first. */
const CONFIRMABLE = ['endParticipation', 'withdrawApplication', 'undoEnding'] as const;
type Confirmable = (typeof CONFIRMABLE)[number];
const isConfirmable = (a: InputAction): a is Confirmable => (CONFIRMABLE as readonly string[]).includes(a);

function confirmSummary<A extends Confirmable>(ctx: ViewCtx, action: A, args: Omit<JourneyActions[A][0], 'actorId'>, name: string): { summary: Array<[string, string]>; consequence: string } {
  const { t } = ctx;
  const note = (n: string | undefined): Array<[string, string]> => (n ? [[t('field.note'), n]] : []);
  if (action === 'endParticipation') {
    const a = args as JourneyActions['endParticipation'][0];
    return {
      summary: [[t('confirm.person'), name], [t('field.endedOn'), formatDate(a.endedOn)], [t('field.reason'), t(`endReason.${a.reason}`)], ...note(a.note)],
      consequence: t(a.reason === 'completed' ? 'confirm.endParticipation.completed' : 'confirm.endParticipation.early'),
    };
  }
  if (action === 'undoEnding') {
    const a = args as JourneyActions['undoEnding'][0];
    return { summary: [[t('confirm.person'), name], [t('field.undoReason'), a.reason]], consequence: t('confirm.undoEnding') };
  }
  const a = args as JourneyActions['withdrawApplication'][0];
  return {
    summary: [[t('confirm.person'), name], [t('field.withdrawalReason'), t(`withdrawalReason.${a.reason}`)], ...note(a.note)],
    consequence: t('confirm.withdrawApplication'),
  };
}

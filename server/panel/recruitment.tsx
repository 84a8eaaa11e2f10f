// The Recruitment page on the recruitment service: ranking (names for those allowed to see them),
// decisions (commission), closing a sitting with its protocol (commission), approval (director).
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors';
import { can } from '../../domain/permissions';
import { FREED_BY_CONFIG } from '../../domain/round';
import { RecruitmentPage } from '../../views/pages/recruitment';
import { actorOf } from '../auth';
import { isConfirmed, parseForm } from '../forms';
import { ConfirmStep } from '../../views/confirm';
import { redirect, sendPage, viewCtx } from '../render';
import { participantNames } from '../services/participants';
import { candidateDetails } from '../services/commission-view';
import { listProjects } from '../services/projects';
import { correctDecision } from '../services/decision-correction';
import { approveList, closeSitting, decide, downloadProtocol, viewRanking, withDecision, type RankingPage } from '../services/recruitment';

const RID = /^[0-9a-f-]{36}(-[0-9a-z-]+)?$/;
/** The form's id, per user, as the Update id (hashed: the round accepts ids up to 100 characters). */
const rid = (req: FastifyRequest) => {
  const v = (req.body as { _rid?: unknown } | undefined)?._rid;
  return typeof v === 'string' && RID.test(v) ? createHash('sha256').update(`${req.actor?.id}:${v}`).digest('hex') : randomUUID();
};

export async function recruitmentRoutes(app: FastifyInstance) {
  const { db, temporal } = app.deps;
  const deps = { db, temporal };

  /** What an action just changed, laid over the ranking as read (the round writes its rows after answering). */
  type Overlay = (page: RankingPage) => RankingPage;

  async function render(req: FastifyRequest, reply: FastifyReply, projectId: string, extra: { message?: string; error?: string } = {}, status = 200, overlay: Overlay = (p) => p) {
    const actor = actorOf(req);
    const [projects, read] = await Promise.all([listProjects(db, actor), viewRanking(db, actor, projectId, 'panel')]);
    const page = overlay(read);
    const freers = page.promotions.map((p) => p.freedBy).filter((x): x is string => x !== null && x !== FREED_BY_CONFIG);
    const [names, details] = await Promise.all([
      participantNames(db, [...page.rows.map((r) => r.applicationId), ...page.promotions.map((p) => p.applicationId), ...freers]),
      candidateDetails(db, projectId, page.rows.map((r) => r.applicationId)),
    ]);
    const ctx = viewCtx(req, reply);
    return sendPage(
      reply,
      ctx,
      ctx.t('nav.recruitment'),
      RecruitmentPage({
        ctx,
        projects: projects.map((p) => ({ id: p.id, label: `${p.code} – ${p.name}` })),
        projectId,
        places: page.places,
        taken: page.taken,
        free: page.free,
        rows: page.rows.map((r) => ({ ...r, name: names.get(r.applicationId) ?? r.applicationId, details: details.get(r.applicationId) })),
        quotas: page.quotas,
        sittings: page.sittings,
        configChanges: page.configChanges,
        promotions: page.promotions.map((p) => ({ ...p, name: names.get(p.applicationId) ?? p.applicationId, freedByName: p.freedBy ? (names.get(p.freedBy) ?? null) : null })),
        canDecide: can(actor.role, 'decideApplication'),
        canApprove: can(actor.role, 'approveList'),
        canClose: can(actor.role, 'closeSitting'),
        formToken: randomUUID(),
        ...extra,
      }),
      status,
    );
  }

  /** Runs a commission or director action; a refusal is shown on the page with the round's reason. */
  async function perform(req: FastifyRequest, reply: FastifyReply, projectId: string, run: () => Promise<Overlay | unknown>, done: 'recruitment.decided' | 'recruitment.closed' | 'recruitment.approved') {
    const t = viewCtx(req, reply, { csrf: false }).t;
    let overlay: Overlay | undefined;
    try {
      const changed = await run();
      if (typeof changed === 'function') overlay = changed as Overlay;
    } catch (err) {
      if (!(err instanceof AppError) || !['invalid_input', 'not_allowed_now', 'not_found', 'conflict'].includes(err.code)) throw err;
      const detail = err.fields.length ? err.fields.map((f) => f.message).join('; ') : err.message;
      return render(req, reply, projectId, { error: `${t(`error.${err.code}`)} ${detail}` }, err.status);
    }
    return render(req, reply, projectId, { message: t(done) }, 200, overlay);
  }

  app.get('/recruitment', { config: { op: 'getRanking' } }, async (req, reply) => {
    const q = parseForm(z.object({ projectId: z.uuid().optional() }), req.query, req.locale);
    const projectId = q.projectId ?? (await listProjects(db, actorOf(req)))[0]?.id;
    if (!projectId) {
      const ctx = viewCtx(req, reply);
      return sendPage(reply, ctx, ctx.t('nav.recruitment'), <p>{ctx.t('recruitment.noProjects')}</p>);
    }
    return redirect(reply, `/recruitment/${projectId}`);
  });

  const params = z.object({ projectId: z.uuid() });
  app.get('/recruitment/:projectId', { config: { op: 'getRanking' } }, async (req, reply) => render(req, reply, parseForm(params, req.params, req.locale).projectId));

  app.get('/recruitment/:projectId/sittings/:sittingId/protocol.pdf', { config: { op: 'getRanking' } }, async (req, reply) => {
    const p = parseForm(z.object({ projectId: z.uuid(), sittingId: z.uuid() }), req.params, req.locale);
    const pdf = await downloadProtocol(db, actorOf(req), p.projectId, p.sittingId);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="protokol-${p.sittingId}.pdf"`).header('cache-control', 'no-store').send(pdf);
  });

  /** The confirmation step of an irreversible decision (a plain page: the recruitment page posts without htmx). */
  async function confirm(req: FastifyRequest, reply: FastifyReply, projectId: string, kind: 'decide' | 'approve', summary: Array<[string, string]>, consequence: string) {
    const ctx = viewCtx(req, reply);
    const action = ctx.t(kind === 'decide' ? 'decision.rejected' : 'recruitment.approve');
    const base = `/recruitment/${projectId}`;
    const step = ConfirmStep({ ctx, id: `rc-confirm`, action, url: `${base}/${kind}`, fields: req.body as Record<string, string>, summary, consequence, backHref: base });
    return sendPage(reply, ctx, ctx.t('confirm.title', { action }), <article>{step}</article>);
  }

  app.post('/recruitment/:projectId/decide', { config: { op: 'decideApplication' } }, async (req, reply) => {
    const { projectId } = parseForm(params, req.params, req.locale);
    const body = (req.body ?? {}) as Record<string, string>;
    // A rejection closes the candidate's file: confirmed first, with who and why (a missing reason is the round's refusal).
    if (body.decision === 'rejected' && body.reason?.trim() && !isConfirmed(body)) {
      const t = viewCtx(req, reply, { csrf: false }).t;
      const page = await viewRanking(db, actorOf(req), projectId, 'panel');
      const row = page.rows.find((r) => r.applicationId === body.applicationId);
      if (row) {
        const names = await participantNames(db, [row.applicationId]);
        return confirm(req, reply, projectId, 'decide', [
          [t('confirm.person'), names.get(row.applicationId) ?? ''],
          [t('participant.points'), String(row.points)],
          [t('confirm.decision'), t('decision.rejected')],
          [t('recruitment.reason'), body.reason.trim()],
        ], t('confirm.reject'));
      }
    }
    const input = { requestId: rid(req), applicationId: body.applicationId, decision: body.decision, reason: body.reason?.trim() || undefined, justification: body.justification?.trim() || undefined };
    return perform(req, reply, projectId, async () => {
      const decided = await decide(deps, actorOf(req), projectId, input, 'panel');
      return (page: RankingPage) => withDecision(page, decided, input.reason ?? null);
    }, 'recruitment.decided');
  });

  // The commission corrects a decision of the open sitting, with the reason for the protocol.
  app.post('/recruitment/:projectId/correct-decision', { config: { op: 'correctDecision' } }, async (req, reply) => {
    const { projectId } = parseForm(params, req.params, req.locale);
    const body = (req.body ?? {}) as Record<string, string>;
    const input = { requestId: rid(req), applicationId: body.applicationId, decision: body.decision, reason: body.reason?.trim() ?? '' };
    return perform(req, reply, projectId, () => correctDecision(deps, actorOf(req), input, 'panel'), 'recruitment.decided');
  });

  app.post('/recruitment/:projectId/close-sitting', { config: { op: 'closeSitting' } }, async (req, reply) => {
    const { projectId } = parseForm(params, req.params, req.locale);
    const body = (req.body ?? {}) as Record<string, string>;
    const members = (body.members ?? '').split(/\r?\n/).map((m) => m.trim()).filter(Boolean);
    return perform(req, reply, projectId, () => closeSitting(deps, actorOf(req), projectId, { requestId: rid(req), members, date: body.date }, 'panel'), 'recruitment.closed');
  });

  app.post('/recruitment/:projectId/approve', { config: { op: 'approveList' } }, async (req, reply) => {
    const { projectId } = parseForm(params, req.params, req.locale);
    const sitting = Number((req.body as { sitting?: string } | undefined)?.sitting) || undefined;
    if (sitting && !isConfirmed((req.body ?? {}) as Record<string, unknown>)) {
      const t = viewCtx(req, reply, { csrf: false }).t;
      const page = await viewRanking(db, actorOf(req), projectId, 'panel');
      const qualified = page.rows.filter((r) => r.sitting === sitting && r.status === 'qualified');
      const names = await participantNames(db, qualified.map((r) => r.applicationId));
      return confirm(req, reply, projectId, 'approve', [
        [t('recruitment.sitting'), t('confirm.sitting', { seq: sitting })],
        [t('decision.qualified'), qualified.map((r) => names.get(r.applicationId) ?? '').join(', ') || t('common.none')],
      ], t('confirm.approve', { seq: sitting }));
    }
    return perform(req, reply, projectId, () => approveList(deps, actorOf(req), projectId, { requestId: rid(req), ...(sitting ? { sitting } : {}) }, 'panel'), 'recruitment.approved');
  });
}

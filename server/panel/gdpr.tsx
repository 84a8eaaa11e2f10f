// Personal data in the panel: the JSON export of one participant, the withdrawal of the image consent.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { parseForm } from '../forms';
import { redirect } from '../render';
import { eraseParticipant, eraseSchema, exportPersonalData, withdrawConsentSchema, withdrawImageConsent } from '../services/gdpr';
import { isConfirmed } from '../forms';
import { sendPage, viewCtx } from '../render';
import { ConfirmStep } from '../../views/confirm';

const idParam = z.object({ id: z.uuid() });

export async function gdprPanelRoutes(app: FastifyInstance) {
  const { db } = app.deps;
  const journeyDeps = serviceDeps(app.deps);

  app.get('/participants/:id/export.json', { config: { op: 'exportPersonalData' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const data = await exportPersonalData(db, actorOf(req), id);
    return reply
      .header('content-disposition', `attachment; filename="dane-uczestnika-${id}.json"`)
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  app.post('/participants/:id/withdraw-image-consent', { config: { op: 'withdrawConsent' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const form = parseForm(withdrawConsentSchema, req.body, req.locale);
    await withdrawImageConsent(journeyDeps, actorOf(req), id, form);
    return redirect(reply, `/participants/${id}`);
  });

  // Irreversible: the first submit shows what will go, the second (confirmed) erases.
  app.post('/participants/:id/erase', { config: { op: 'eraseParticipant' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const body = (req.body ?? {}) as Record<string, string>;
    const { ground } = parseForm(eraseSchema, body, req.locale);
    if (!isConfirmed(body)) {
      const ctx = viewCtx(req, reply);
      const { t } = ctx;
      const step = ConfirmStep({
        ctx, id: 'gdpr-erase', action: t('gdpr.erase'), url: `/participants/${id}/erase`, fields: { ground },
        summary: [[t('gdpr.eraseGround'), t(`gdpr.ground.${ground}`)]], consequence: t('gdpr.eraseConsequence'), backHref: `/participants/${id}`,
      });
      return sendPage(reply, ctx, t('gdpr.erase'), <section><h1>{t('gdpr.erase')}</h1>{step}</section>);
    }
    await eraseParticipant(journeyDeps, actorOf(req), id, { ground });
    return redirect(reply, '/participants');
  });
}

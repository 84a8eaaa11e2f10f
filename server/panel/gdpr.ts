// Personal data in the panel: the JSON export of one participant, the withdrawal of the image consent.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { parseForm } from '../forms';
import { redirect } from '../render';
import { exportPersonalData, withdrawConsentSchema, withdrawImageConsent } from '../services/gdpr';

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
}

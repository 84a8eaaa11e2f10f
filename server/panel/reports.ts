// A project's reporting in the panel: the indicators page (as of now or the end of a chosen day), the
// monitoring data as CSV / XLSX, and the attendance list of one support form over a period as a PDF.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { can } from '../../domain/permissions';
import { todayInWarsaw } from '../../i18n/format';
import { IndicatorProjectsPage, IndicatorsPage } from '../../views/pages/indicators';
import { actorOf } from '../auth';
import { sendDownload } from '../downloads';
import { blankToUndefined, parseForm } from '../forms';
import { sendPage, viewCtx } from '../render';
import { attendanceListPdf, attendanceListQuery } from '../services/attendance-list';
import { asOfFromInput, indicatorReportFile, viewIndicatorDashboard } from '../services/indicators';
import { MONITORING_SYSTEMS, monitoringCsv, monitoringXlsx } from '../services/exports';
import { listProjects } from '../services/projects';

const idParam = z.object({ id: z.uuid() });
/** The panel asks about a day (a date input); the service also takes an instant (the API). */
export const asOfQuery = z.object({ asOf: z.preprocess(blankToUndefined, z.iso.date().optional()) });
/** The export's query: the day, and the system (default: the project's programme period's). */
const exportQuery = asOfQuery.extend({ system: z.preprocess(blankToUndefined, z.enum(MONITORING_SYSTEMS).optional()) });

export async function reportRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get('/indicators', { config: { op: 'getIndicators' } }, async (req, reply) => {
    const ctx = viewCtx(req, reply);
    return sendPage(reply, ctx, ctx.t('nav.indicators'), IndicatorProjectsPage({ ctx, projects: await listProjects(db, actorOf(req)) }));
  });

  app.get('/projects/:id/indicators', { config: { op: 'getIndicators' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const { asOf } = parseForm(asOfQuery, req.query, req.locale);
    const computedAt = new Date();
    const actor = actorOf(req);
    const data = await viewIndicatorDashboard(db, actor, id, asOfFromInput(asOf, computedAt));
    const ctx = viewCtx(req, reply);
    return sendPage(
      reply,
      ctx,
      `${ctx.t('nav.indicators')}: ${data.project.code}`,
      IndicatorsPage({ ctx, data, asOfDay: asOf, computedAt, today: todayInWarsaw(computedAt), canExport: can(actor.role, 'exportMonitoring') }),
    );
  });

  app.get('/projects/:id/indicators.pdf', { config: { op: 'getIndicators' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const { asOf } = parseForm(asOfQuery, req.query, req.locale);
    const actor = actorOf(req);
    return sendDownload(db, actor, reply, await indicatorReportFile(db, actor, id, asOfFromInput(asOf), req.locale));
  });

  for (const [ext, make] of [['csv', monitoringCsv], ['xlsx', monitoringXlsx]] as const) {
    app.get(`/projects/:id/monitoring.${ext}`, { config: { op: 'exportMonitoring' } }, async (req, reply) => {
      const { id } = parseForm(idParam, req.params, req.locale);
      const { asOf, system } = parseForm(exportQuery, req.query, req.locale);
      const actor = actorOf(req);
      return sendDownload(db, actor, reply, await make(db, actor, id, asOfFromInput(asOf), system));
    });
  }

  app.get('/projects/:id/attendance-list.pdf', { config: { op: 'exportAttendanceList' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const q = parseForm(attendanceListQuery, req.query, req.locale);
    const actor = actorOf(req);
    return sendDownload(db, actor, reply, await attendanceListPdf(db, actor, { projectId: id, ...q }));
  });
}

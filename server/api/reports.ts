// Reporting in the JSON API: a project's indicators as of a moment, the monitoring export (CSV or XLSX)
// and the attendance list (PDF), on the same services as the panel.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COUNT_INDICATORS, EFFICIENCY_KINDS } from '../../domain/indicators';
import { actorOf } from '../auth';
import { sendDownload } from '../downloads';
import { attendanceListPdf, attendanceListQuery } from '../services/attendance-list';
import { asOfFromInput, viewIndicatorReport } from '../services/indicators';
import { MONITORING_SYSTEMS, monitoringCsv, monitoringXlsx } from '../services/exports';
import { errorResponses, fileResponse, idParams, operation, pdfResponse } from './common';

const asOf = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .optional()
  .describe('the moment: an instant with its offset, or a day (its end, Europe/Warsaw); default now; never the future');
const ids = z.array(z.string());
const exclusion = z.object({ applicationId: z.string(), reason: z.string() });

const countFigure = z
  .object({
    code: z.enum([...COUNT_INDICATORS, 'targetGroup']),
    key: z.string().describe("unique in the report: the code, or 'targetGroup-<code>' for one target group against its plan"),
    targetGroup: z.object({ code: z.string(), label: z.string() }).optional(),
    kind: z.enum(['product', 'result']),
    asOf: z.string(),
    value: z.number(),
    ids,
    target: z.number().nullable(),
    met: z.boolean().nullable(),
    split: z.object({ disabled: ids, others: ids }),
    excluded: z.array(exclusion),
  })
  .meta({ id: 'CountFigure' });

const shareFigure = z
  .object({
    kind: z.enum(EFFICIENCY_KINDS),
    group: z.string(),
    groupLabel: z.string(),
    asOf: z.string(),
    value: z.number().nullable().describe('ids / baseIds; null while the base is empty'),
    ids,
    baseIds: ids,
    threshold: z.number().nullable().describe('null: the project sets no minimum'),
    met: z.boolean().nullable(),
    excluded: z.array(exclusion),
  })
  .meta({ id: 'ShareFigure' });

export async function apiReportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/projects/:id/indicators',
    operation('getIndicators', {
      tags: ['reporting'],
      description: 'Product and result indicators and the efficiency shares, rebuilt from the journey event log as of a moment; every figure lists the applications behind it.',
      params: idParams,
      querystring: z.object({ asOf }),
      response: {
        200: z.object({
          projectId: z.uuid(),
          projectCode: z.string(),
          asOf: z.string().describe('the moment the figures describe'),
          asOfDay: z.string().describe('its calendar day in Europe/Warsaw'),
          computedAt: z.string().describe('when this answer was computed'),
          counts: z.array(countFigure),
          efficiency: z.array(shareFigure),
        }),
        ...errorResponses,
      },
    }),
    async (req) => {
      const computedAt = new Date();
      const d = await viewIndicatorReport(db, actorOf(req), req.params.id, asOfFromInput(req.query.asOf, computedAt), 'api');
      return {
        projectId: d.project.id,
        projectCode: d.project.code,
        asOf: d.report.asOf,
        asOfDay: d.report.asOfDay,
        computedAt: computedAt.toISOString(),
        counts: d.report.counts,
        efficiency: d.report.efficiency.map((f) => ({ ...f, groupLabel: d.groups[f.group]?.[actorOf(req).locale] ?? f.group })),
      };
    },
  );

  r.get(
    '/projects/:id/monitoring',
    operation('exportMonitoring', {
      tags: ['reporting'],
      description: 'Participant monitoring data in the columns of SL2014 (2014-2020) or SM EFS / CST2021 (2021-2027): CSV (UTF-8 with BOM, semicolons) or XLSX. Audited.',
      params: idParams,
      querystring: z.object({
        format: z.enum(['csv', 'xlsx']).default('csv'),
        asOf,
        system: z.enum(MONITORING_SYSTEMS).optional().describe("sl2014 or smefs (SM EFS / CST2021); default: the project's programme period's system"),
      }),
      response: { 200: fileResponse('the CSV or XLSX file', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), ...errorResponses },
    }),
    async (req, reply) => {
      const actor = actorOf(req);
      const make = req.query.format === 'xlsx' ? monitoringXlsx : monitoringCsv;
      return sendDownload(db, actor, reply, await make(db, actor, req.params.id, asOfFromInput(req.query.asOf), req.query.system));
    },
  );

  r.get(
    '/projects/:id/attendance-list',
    operation('exportAttendanceList', {
      tags: ['reporting'],
      description: 'The attendance list of one support form over a period, as a PDF to print and sign. Audited.',
      params: idParams,
      querystring: attendanceListQuery,
      response: { 200: pdfResponse, ...errorResponses },
    }),
    async (req, reply) => {
      const actor = actorOf(req);
      return sendDownload(db, actor, reply, await attendanceListPdf(db, actor, { projectId: req.params.id, ...req.query }));
    },
  );
}

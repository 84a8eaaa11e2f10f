// Sessions of the support forms in the JSON API: plan and change one, read its sheet, record the whole
// group in one call (each member through their journey; who was refused and why comes back), and its
// sign-in sheet as a PDF. The sessions service checks, acts and audits.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth';
import { serviceDeps } from '../deps';
import { sendDownload } from '../downloads';
import { ATTENDANCE_MARKS, JUSTIFICATIONS } from '../../domain/sessions';
import { createSession, getSessionSheet, listSessions, recordSheet, sessionInput, sessionSheetPdf, sheetInput, updateSession, type SessionSheet, type SessionSummary } from '../services/sessions';
import { errorResponses, idempotencyHeader, idParams, operation, pdfResponse, requestIdOf } from './common';

const person = z.object({ applicationId: z.uuid(), name: z.string() });

const sessionSummary = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  formCode: z.string(),
  formLabel: z.string(),
  sessionOn: z.iso.date(),
  startsAt: z.string().describe('GG:MM'),
  hours: z.number(),
  place: z.string(),
  leaderId: z.uuid(),
  leaderName: z.string(),
  groupSize: z.number(),
}) satisfies z.ZodType<SessionSummary>;
const sessionSheet = sessionSummary.extend({
  project: z.object({ id: z.uuid(), code: z.string(), name: z.string(), startsOn: z.iso.date(), endsOn: z.iso.date() }),
  members: z.array(
    z.object({
      applicationId: z.uuid(),
      name: z.string(),
      recorded: z.object({ mark: z.enum(ATTENDANCE_MARKS), attendedHours: z.number(), justification: z.enum(JUSTIFICATIONS).nullable() }).nullable().describe('what is recorded for this session, if anything'),
    }),
  ),
}) satisfies z.ZodType<SessionSheet>;

export async function apiSessionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = serviceDeps(app.deps);
  const { db } = deps;

  r.get('/projects/:id/sessions', operation('viewSessions', { tags: ['sessions'], params: idParams, response: { 200: z.object({ sessions: z.array(sessionSummary) }), ...errorResponses } }), async (req) => ({
    sessions: await listSessions(db, actorOf(req), req.params.id),
  }));

  r.post(
    '/projects/:id/sessions',
    operation('manageSessions', { tags: ['sessions'], params: idParams, body: sessionInput, response: { 201: z.object({ id: z.uuid() }), ...errorResponses } }, 'createSession'),
    async (req, reply) => {
      const actor = actorOf(req);
      return reply.code(201).send(await createSession(db, actor, req.params.id, req.body, actor.locale));
    },
  );

  r.put(
    '/sessions/:id',
    operation('manageSessions', { tags: ['sessions'], params: idParams, body: sessionInput, response: { 200: z.object({ id: z.uuid() }), ...errorResponses } }, 'updateSession'),
    async (req) => {
      const actor = actorOf(req);
      await updateSession(db, actor, req.params.id, req.body, actor.locale);
      return { id: req.params.id };
    },
  );

  r.get('/sessions/:id', operation('viewSessions', { tags: ['sessions'], params: idParams, response: { 200: sessionSheet, ...errorResponses } }, 'getSessionSheet'), async (req) => getSessionSheet(db, actorOf(req), req.params.id));

  r.post(
    '/sessions/:id/attendance',
    operation('recordSessionAttendance', {
      tags: ['sessions'],
      description: 'Records the whole group: one Update per member; those refused come back with the reason, the others stay recorded.',
      params: idParams,
      headers: idempotencyHeader,
      body: sheetInput,
      response: { 200: z.object({ recorded: z.array(person), refused: z.array(person.extend({ reason: z.string() })) }), ...errorResponses },
    }),
    async (req) => {
      const actor = actorOf(req);
      const res = await recordSheet(deps, actor, req.params.id, req.body, { requestId: requestIdOf(req), via: 'api', locale: actor.locale });
      return { recorded: res.recorded, refused: res.refused.map((x) => ({ applicationId: x.applicationId, name: x.name, reason: x.reason[actor.locale] })) };
    },
  );

  r.get(
    '/sessions/:id/sheet.pdf',
    operation('viewSessions', {
      tags: ['sessions'],
      description: 'The sign-in sheet of a session: names and a signature column (filled=true: with the recorded attendance). Audited.',
      params: idParams,
      querystring: z.object({ filled: z.enum(['true', 'false']).default('false') }),
      response: { 200: pdfResponse, ...errorResponses },
    }, 'getSessionSheetPdf'),
    async (req, reply) => {
      const actor = actorOf(req);
      return sendDownload(db, actor, reply, await sessionSheetPdf(db, actor, req.params.id, req.query.filled === 'true', actor.locale));
    },
  );
}

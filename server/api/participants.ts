// Participants in the JSON API: one participant's record and the filtered list, read through the
// participants service (scoped by project and role, every read audited). The record holds what the
// panel's participant page shows, no more: follow-ups as their dates, the timeline as its events without
// their payloads (the social workers' free-text notes, opinions and follow-up answers stay out; the
// person's own full data go out only through the audited GDPR export, to the roles that may make it).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CORRECTABLE_FIELDS } from '../../domain/corrections';
import { CHANNELS, DECISIONS, END_REASONS, LABOUR_STATUSES, SEXES, STAGES } from '../../domain/types';
import { CANDIDATE_FLAGS } from '../../domain/intake-checks';
import { JUSTIFICATIONS } from '../../domain/sessions';
import { actorOf } from '../auth';
import { correctionsByEvent } from '../services/corrections';
import { participantFacts } from '../services/journeys';
import { apiQuery } from '../forms';
import { bulkBody, filterSchema, listParticipants, previewBulk, readParticipant, runBulk } from '../services/participants';
import { serviceDeps } from '../deps';
import { attendanceStandings } from '../services/planned-hours';
import { day, errorResponses, idParams, operation } from './common';

/** The application's own facts (participantFacts), as the API sends them. */
const participantData = z.object({
  firstName: z.string(), lastName: z.string(), pesel: z.string(), birthDate: day, sex: z.enum(SEXES), disability: z.boolean(),
  targetGroup: z.string().nullable(), labourStatus: z.enum(LABOUR_STATUSES).nullable(), channel: z.enum(CHANNELS),
  receivedAt: z.iso.datetime(), originalPending: z.boolean(), intakeFlags: z.array(z.enum(CANDIDATE_FLAGS)).describe('the regulations\' flags of the application'),
  socialWorkerId: z.uuid().nullable(), rulesVersion: z.number().int(), points: z.number().nullable(), decision: z.enum(DECISIONS).nullable(),
  reservePosition: z.number().int().nullable(), rejectionReason: z.string().nullable(),
  participationStartedOn: day.nullable(), jobFoundOn: day.nullable(), endedOn: day.nullable(), endReason: z.enum(END_REASONS).nullable(),
}) satisfies z.ZodType<Omit<ReturnType<typeof participantFacts>, 'receivedAt'> & { receivedAt: string }>;

const attendanceRow = z.object({
  sessionOn: day, formCode: z.string(), plannedHours: z.number(), attendedHours: z.number(), absent: z.boolean(), justified: z.boolean(),
  justification: z.enum(JUSTIFICATIONS).nullable(), justifiedOn: day.nullable(), sessionId: z.uuid().nullable().describe('the group session whose sheet recorded it'),
});

const attendanceStanding = z.object({
  plannedHours: z.number(), attendedHours: z.number(), share: z.number(), ok: z.boolean(), reachable: z.boolean().describe('the minimum can still be met'),
  trainings: z.array(z.object({ formCode: z.string(), plannedHours: z.number(), missedHours: z.number(), missedShare: z.number(), ok: z.boolean() })),
}) satisfies z.ZodType<import('../../domain/sessions').AttendanceStanding>;

export async function apiParticipantRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/participants/:id',
    operation('getParticipant', {
      tags: ['journeys'],
      params: idParams,
      response: {
        200: z.object({
          id: z.uuid(),
          projectId: z.uuid(),
          stage: z.enum(STAGES),
          data: participantData,
          documents: z.array(z.object({ kind: z.string(), signedOn: z.string() })),
          plan: z.array(z.object({ formCode: z.string(), hours: z.number() })),
          attendance: z.array(attendanceRow),
          attendanceStanding: attendanceStanding.nullable().describe('against the project\'s attendance rules: share of all planned hours attended, missed share per training'),
          followUps: z.array(z.object({ number: z.number(), recordedOn: z.string(), onTime: z.boolean() })),
          events: z.array(z.object({
            type: z.string(), occurredAt: z.string(), actorId: z.uuid().nullable(), stageBefore: z.enum(STAGES).nullable(), stageAfter: z.enum(STAGES).nullable(),
            // As the panel's timeline shows them: the values and the reason only for the roles that may read them.
            corrections: z.array(z.object({
              field: z.enum(CORRECTABLE_FIELDS), oldValue: z.string().nullable(), newValue: z.string().nullable(), reason: z.string().nullable(), valuesShown: z.boolean(),
            })).optional().describe('a data_corrected event: what it changed'),
          })),
        }),
        ...errorResponses,
      },
    }),
    async (req) => {
      const v = await readParticipant(db, actorOf(req), req.params.id, 'api');
      const facts = participantFacts(v.application);
      const standing = (await attendanceStandings(db, [v.application.id])).get(v.application.id) ?? null;
      const corrections = await correctionsByEvent(db, actorOf(req).role, v.application.id);
      return {
        id: v.application.id,
        projectId: v.application.project_id,
        stage: v.application.stage,
        data: { ...facts, receivedAt: facts.receivedAt.toISOString() },
        documents: v.documents,
        plan: v.plan,
        attendance: v.attendance,
        attendanceStanding: standing,
        followUps: v.followUps.map((f) => ({ number: f.number, recordedOn: f.recordedOn, onTime: f.onTime })),
        // A correction's event names its fields' old and new values (for the roles that may read them).
        events: v.events.map((e) => ({
          type: e.type, occurredAt: e.occurredAt, actorId: e.actorId, stageBefore: e.stageBefore, stageAfter: e.stageAfter,
          ...(corrections.has(e.id) ? { corrections: corrections.get(e.id) } : {}),
        })),
      };
    },
  );

  r.get(
    '/participants',
    operation('listParticipants', {
      tags: ['journeys'],
      querystring: apiQuery(filterSchema).extend({ pageSize: z.coerce.number().int().min(1).max(200).default(50) }),
      response: {
        200: z.object({
          total: z.number(),
          page: z.number(),
          pages: z.number(),
          items: z.array(z.object({ id: z.uuid(), name: z.string(), pesel: z.string(), projectCode: z.string(), stage: z.enum(STAGES), points: z.number().nullable(), socialWorkerName: z.string().nullable(), nextDueAt: z.string().nullable() })),
        }),
        ...errorResponses,
      },
    }),
    async (req) => {
      const { pageSize, ...f } = req.query;
      const res = await listParticipants(db, actorOf(req), f, pageSize);
      return { total: res.total, page: f.page, pages: res.pages, items: res.rows.map((row) => ({ ...row, nextDueAt: row.nextDueAt?.toISOString() ?? null, overdue: undefined })) };
    },
  );

  r.post(
    '/participants/bulk/preview',
    operation('bulkParticipants', {
      tags: ['journeys'],
      description: 'Which of the selected participants the action applies to; nothing changes.',
      body: bulkBody,
      response: { 200: z.object({ selected: z.number(), applicable: z.array(z.uuid()) }), ...errorResponses },
    }, 'previewBulkAction'),
    async (req) => ({ selected: req.body.ids.length, applicable: (await previewBulk(db, actorOf(req), req.body)).ids }),
  );

  r.post(
    '/participants/bulk/run',
    operation('bulkParticipants', {
      tags: ['journeys'],
      description: 'Does the action, through each journey, to the selected participants it still applies to (the others are skipped); one audit row for the batch.',
      body: bulkBody,
      response: { 200: z.object({ selected: z.number(), done: z.number() }), ...errorResponses },
    }, 'runBulkAction'),
    async (req) => runBulk(serviceDeps(app.deps), actorOf(req), req.body),
  );
}

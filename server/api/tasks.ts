// Tasks in the JSON API: the list (mine, or for a coordinator everyone's) and the three ways to work
// one, through the same services as the panel (they check the owner and audit).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/types';
import { actorOf } from '../auth';
import { completeTask, dismissTask, snoozeTask } from '../services/task-actions';
import { TASK_SCOPES, taskList, type TaskListItem } from '../services/task-list';
import { day, errorResponses, operation } from './common';

const taskParams = z.object({ id: z.string().max(100) });
const result = z.object({ taskId: z.string(), state: z.enum(['open', 'done', 'dismissed']), snoozedUntil: z.string().nullable(), closed: z.number() });
const asJson = (i: TaskListItem) => ({
  ...i,
  dueAt: i.dueAt.toISOString(),
  snoozedUntil: i.snoozedUntil?.toISOString() ?? null,
  closedAt: i.closedAt?.toISOString() ?? null,
});
const taskItem = z.object({
  id: z.string(), kind: z.string().describe('the task kind (a follow-up due, an unsigned contract, an absence…)'), dueAt: z.iso.datetime(), overdue: z.boolean(),
  state: z.enum(['open', 'done', 'dismissed']), snoozedUntil: z.iso.datetime().nullable(), escalationLevel: z.number().int(),
  ownerName: z.string().nullable(), ownerRole: z.enum(ROLES), participantName: z.string().nullable(), href: z.string().nullable().describe('the panel page to work it on'),
  sessionOn: day.nullable(), closedAt: z.iso.datetime().nullable(), closeReason: z.string().nullable(), closedAutomatically: z.boolean(), closedByName: z.string().nullable(),
  workable: z.boolean().describe('this user may work it (its owner, or a coordinator)'),
}) satisfies z.ZodType<ReturnType<typeof asJson>>;
const answer = (r: { taskId: string; state: 'open' | 'done' | 'dismissed'; snoozedUntil: Date | null; closed: number }) => ({ ...r, snoozedUntil: r.snoozedUntil?.toISOString() ?? null });

export async function apiTaskRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const deps = { db };

  r.get(
    '/tasks',
    operation('viewToday', {
      tags: ['tasks'],
      description: "Open tasks (snoozed ones too, with their date) and the last closed ones: mine, or with scope=all a coordinator's view of everyone's.",
      querystring: z.object({ scope: z.enum(TASK_SCOPES).default('mine') }),
      response: { 200: z.object({ scope: z.enum(TASK_SCOPES), open: z.array(taskItem), closed: z.array(taskItem) }), ...errorResponses },
    }, 'listTasks'),
    async (req) => {
      const list = await taskList(db, actorOf(req), req.query.scope);
      return { scope: list.scope, open: list.open.map(asJson), closed: list.closed.map(asJson) };
    },
  );

  r.post(
    '/tasks/:id/done',
    operation('workTask', { tags: ['tasks'], description: 'The task is done (with the open steps of its escalation).', params: taskParams, response: { 200: result, ...errorResponses } }, 'completeTask'),
    async (req) => answer(await completeTask(deps, actorOf(req), { taskId: req.params.id })),
  );
  r.post(
    '/tasks/:id/snooze',
    operation('workTask', {
      tags: ['tasks'],
      description: 'Off Today and not escalated until the start of this day (Warsaw); still open.',
      params: taskParams,
      body: z.object({ until: day }),
      response: { 200: result, ...errorResponses },
    }, 'snoozeTask'),
    async (req) => answer(await snoozeTask(deps, actorOf(req), { taskId: req.params.id, until: req.body.until })),
  );
  r.post(
    '/tasks/:id/dismiss',
    operation('workTask', {
      tags: ['tasks'],
      description: 'Not to be done, with the reason.',
      params: taskParams,
      body: z.object({ reason: z.string().max(500) }),
      response: { 200: result, ...errorResponses },
    }, 'dismissTask'),
    async (req) => answer(await dismissTask(deps, actorOf(req), { taskId: req.params.id, reason: req.body.reason })),
  );
}

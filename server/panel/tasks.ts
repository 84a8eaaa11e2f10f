// The Tasks page: the list (mine, or for a coordinator everyone's) and the three ways to work a task,
// through the task-actions services; with htmx each form answers with the list, its message or error inline.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors';
import { say } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { TasksPage, TasksSection, type TasksProps } from '../../views/pages/tasks';
import { actorOf } from '../auth';
import { parseForm } from '../forms';
import { isHtmx, sendFragment, sendPage, viewCtx } from '../render';
import { completeTask, dismissTask, snoozeTask } from '../services/task-actions';
import { TASK_SCOPES, taskList, type TaskScope } from '../services/task-list';

const scopeOf = (v: unknown): TaskScope => (TASK_SCOPES.includes(v as TaskScope) ? (v as TaskScope) : 'mine');
const ERROR_WORDS = { forbidden: 'tasks.error.forbidden', not_allowed_now: 'tasks.error.closed', not_found: 'tasks.error.notFound' } as const;

export async function taskRoutes(app: FastifyInstance) {
  const { db } = app.deps;
  const deps = { db };

  async function render(req: FastifyRequest, reply: FastifyReply, scope: TaskScope, extra: Pick<TasksProps, 'message' | 'failure'> = {}, status = 200) {
    const actor = actorOf(req);
    const ctx = viewCtx(req, reply);
    const list = await taskList(db, actor, scope);
    const props: TasksProps = { ctx, ...list, canSeeAll: actor.role === 'coordinator', ...extra };
    if (isHtmx(req) && req.method === 'POST') return sendFragment(reply, TasksSection(props), status);
    return sendPage(reply, ctx, ctx.t('tasks.title'), TasksPage(props), status);
  }

  app.get('/tasks', { config: { op: 'viewToday' } }, async (req, reply) => render(req, reply, scopeOf((req.query as { scope?: string }).scope)));

  const work = (action: 'done' | 'snooze' | 'dismiss') =>
    app.post(`/tasks/:id/${action}`, { config: { op: 'workTask' } }, async (req, reply) => {
      const { id } = parseForm(z.object({ id: z.string().max(100) }), req.params, req.locale);
      const form = (req.body ?? {}) as Record<string, unknown>;
      const scope = scopeOf(form.scope);
      const t = viewCtx(req, reply, { csrf: false }).t;
      const actor = actorOf(req);
      try {
        if (action === 'done') await completeTask(deps, actor, { taskId: id });
        if (action === 'dismiss') await dismissTask(deps, actor, { taskId: id, reason: form.reason as string });
        if (action === 'snooze') await snoozeTask(deps, actor, { taskId: id, until: form.until as string });
        const message = action === 'snooze' ? t('tasks.message.snoozed', { date: formatDate(String(form.until)) }) : t(action === 'done' ? 'tasks.message.done' : 'tasks.message.dismissed');
        return render(req, reply, scope, { message });
      } catch (err) {
        if (!(err instanceof AppError) || !['invalid_input', 'not_found', 'forbidden', 'not_allowed_now'].includes(err.code)) throw err;
        const message = err.code === 'invalid_input' ? t('error.invalid_input') : t(ERROR_WORDS[err.code as keyof typeof ERROR_WORDS]);
        const errors = err.fields.map((f) => ({ ...f, message: f.text ? say(req.locale, f.text) : f.message }));
        return render(req, reply, scope, { failure: { taskId: id, message, errors } }, err.status);
      }
    });
  work('done');
  work('snooze');
  work('dismiss');
}

// Rendering hono/jsx views from Fastify: full pages get the layout, htmx requests get the fragment.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Child } from 'hono/jsx';
import type { ViewCtx } from '../views/context';
import { translator } from '../i18n';
import { Layout } from '../views/layout';
import { menuCounts } from './services/task-list';

export const isHtmx = (req: FastifyRequest) => req.headers['hx-request'] === 'true';

export async function toHtml(node: Child): Promise<string> {
  return String(await (node as { toString(): string | Promise<string> }).toString());
}

/** The view context of this request; `csrf: false` where the session cannot be written (database down). */
export function viewCtx(req: FastifyRequest, reply: FastifyReply, opts: { csrf?: boolean } = {}): ViewCtx {
  const a = req.actor;
  let csrf = '';
  if (opts.csrf !== false && req.session && typeof req.session.get === 'function') csrf = reply.generateCsrf();
  return {
    t: translator(req.locale),
    locale: req.locale,
    user: a ? { id: a.id, name: a.name, email: a.email, role: a.role } : null,
    csrf,
    path: req.url.split('?')[0] ?? '/',
  };
}

/** A page: the layout around the content, or only the content for htmx (Vary keeps caches apart). */
export async function sendPage(reply: FastifyReply, ctx: ViewCtx, title: string, content: Child, status = 200): Promise<FastifyReply> {
  reply.header('vary', 'HX-Request').header('cache-control', 'no-store').type('text/html; charset=utf-8').code(status);
  const html = isHtmx(reply.request) ? await toHtml(content) : await toHtml(Layout({ ctx: await withCounts(reply, ctx), title, children: content }));
  return reply.send(html);
}

/** The menu's counts for a signed-in user; a page still renders without them (e.g. the database is down). */
async function withCounts(reply: FastifyReply, ctx: ViewCtx): Promise<ViewCtx> {
  const actor = reply.request.actor;
  if (!ctx.user || !actor) return ctx;
  try {
    const c = await menuCounts(reply.server.deps.db, actor);
    return { ...ctx, counts: { '/': c.today, '/tasks': c.tasks } };
  } catch {
    return ctx;
  }
}

/** A fragment for htmx (a refreshed part of a page), never wrapped in the layout. */
export async function sendFragment(reply: FastifyReply, content: Child, status = 200): Promise<FastifyReply> {
  reply.header('vary', 'HX-Request').header('cache-control', 'no-store').type('text/html; charset=utf-8').code(status);
  return reply.send(await toHtml(content));
}

/** After a form: a normal redirect, or HX-Location for htmx so the page reloads through htmx. */
export function redirect(reply: FastifyReply, to: string): FastifyReply {
  if (isHtmx(reply.request)) return reply.header('hx-redirect', to).code(204).send();
  return reply.redirect(to, 303);
}

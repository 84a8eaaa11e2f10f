// Users and API tokens (administrator only).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors';
import { UsersPage, type UsersPageProps } from '../../views/pages/users';
import { actorOf } from '../auth';
import { parseForm } from '../forms';
import { redirect, sendPage, viewCtx } from '../render';
import { projectOptions } from '../services/projects';
import { projectsByUser, setUserProjects, userProjectsSchema } from '../services/user-projects';
import { createApiToken, createUser, newUserSchema, resetPassword, resetPasswordSchema, revokeApiToken, setUserActive, viewUsers } from '../services/users';

const idParam = z.object({ id: z.uuid() });

export async function userRoutes(app: FastifyInstance) {
  const { db } = app.deps;
  const guard = { config: { op: 'manageUsers' as const } };

  async function render(req: FastifyRequest, reply: FastifyReply, extra: Omit<UsersPageProps, 'ctx' | 'users' | 'tokens' | 'projects' | 'userProjects'> = {}, status = 200) {
    const ctx = viewCtx(req, reply);
    const { users, tokens } = await viewUsers(db, actorOf(req));
    // Every project is a choice, whichever the administrator works in.
    const [projects, userProjects] = await Promise.all([projectOptions(db, { id: null, role: 'admin' }), projectsByUser(db)]);
    return sendPage(reply, ctx, ctx.t('users.title'), UsersPage({ ctx, users, tokens, projects, userProjects, ...extra }), status);
  }

  app.get('/users', guard, (req, reply) => render(req, reply));

  app.post('/users', guard, async (req, reply) => {
    const t = viewCtx(req, reply, { csrf: false }).t;
    const body = (req.body ?? {}) as Record<string, string>;
    const draft = { email: body.email, name: body.name, role: body.role };
    try {
      const form = parseForm(newUserSchema, req.body, req.locale);
      parseForm(userProjectsSchema, req.body, req.locale);
      const { id } = await createUser(db, actorOf(req), form);
      await setUserProjects(db, actorOf(req), id, req.body);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'invalid_input' && err.code !== 'conflict')) throw err;
      const errors = err.fields.map((f) => (f.message === 'taken' ? { ...f, message: t('users.emailTaken') } : f));
      return render(req, reply, { errors, errorMessage: t('error.invalid_input'), draft }, err.status);
    }
    return render(req, reply, { message: t('users.created') });
  });

  app.post('/users/:id/active', guard, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const active = (req.body as { active?: string } | undefined)?.active === 'true';
    await setUserActive(db, actorOf(req), id, active);
    return redirect(reply, '/users');
  });

  app.post('/users/:id/projects', guard, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    await setUserProjects(db, actorOf(req), id, req.body);
    return redirect(reply, `/users#u-${id}`);
  });

  app.post('/users/:id/password', guard, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    const { password } = parseForm(resetPasswordSchema, req.body, req.locale);
    await resetPassword(db, actorOf(req), id, password);
    return redirect(reply, '/users');
  });

  app.post('/tokens', { config: { op: 'manageApiTokens' } }, async (req, reply) => {
    const form = parseForm(z.object({ userId: z.uuid(), name: z.string().trim().min(1).max(100) }), req.body, req.locale);
    const { token } = await createApiToken(db, actorOf(req), form.userId, form.name);
    return render(req, reply, { newToken: token });
  });

  app.post('/tokens/:id/revoke', { config: { op: 'manageApiTokens' } }, async (req, reply) => {
    const { id } = parseForm(idParam, req.params, req.locale);
    await revokeApiToken(db, actorOf(req), id);
    return redirect(reply, '/users#tokens');
  });
}

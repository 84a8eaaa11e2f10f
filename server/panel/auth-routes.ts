// Login, logout, password change, language switch.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors';
import { translator, isLocale, type MessageKey } from '../../i18n';
import { LoginPage, PasswordPage } from '../../views/pages/auth';
import { actorOf } from '../auth';
import { parseForm } from '../forms';
import { throttledLogin, type LoginLimits } from '../login-throttle';
import { localPath } from '../safe-redirect';
import { redirect, sendPage, viewCtx } from '../render';
import { authenticate, changeOwnPassword, recordLogout, setLocale } from '../services/users';

export type { LoginLimits as LoginRateLimit } from '../login-throttle';

/** Only a local path may follow login (no open redirect). */
export const safeNext = localPath;

const PASSWORD_MESSAGES: Record<string, MessageKey> = {
  too_short: 'password.tooShort',
  mismatch: 'password.mismatch',
  wrong_current: 'password.wrongCurrent',
  same: 'password.same',
};

const loginForm = z.object({ email: z.string().trim().max(200), password: z.string().max(200), next: z.string().max(500).optional() });

export function authRoutes(rateLimit: LoginLimits) {
  return async (app: FastifyInstance) => {
    const { db } = app.deps;

    app.get('/login', { config: { access: 'public' } }, async (req, reply) => {
      if (req.actor) return redirect(reply, '/');
      const ctx = viewCtx(req, reply);
      const next = (req.query as { next?: string }).next;
      return sendPage(reply, ctx, ctx.t('login.title'), LoginPage({ ctx, next: next ? safeNext(next) : undefined }));
    });

    app.post(
      '/login',
      {
        config: { access: 'public' },
      },
      async (req, reply) => {
        const form = parseForm(loginForm, req.body, req.locale);
        try {
          const user = await throttledLogin(db, rateLimit, { email: form.email, ip: req.ip }, () => authenticate(db, form.email, form.password, req.ip));
          // A new session id at login: a session id planted before login is worth nothing (fixation).
          await req.session.regenerate();
          req.session.userId = user.id;
          return redirect(reply, user.mustChangePassword ? '/password' : safeNext(form.next));
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'unauthenticated') throw err;
          const ctx = viewCtx(req, reply);
          return sendPage(reply, ctx, ctx.t('login.title'), LoginPage({ ctx, email: form.email, next: form.next, error: ctx.t('login.failed') }), 401);
        }
      },
    );

    app.post('/logout', { config: { access: 'public', allowPasswordChange: true } }, async (req, reply) => {
      if (req.actor) await recordLogout(db, req.actor);
      await req.session.destroy();
      return redirect(reply, '/login');
    });

    app.get('/password', { config: { allowPasswordChange: true } }, async (req, reply) => {
      const ctx = viewCtx(req, reply);
      return sendPage(reply, ctx, ctx.t('password.title'), PasswordPage({ ctx, mustChange: actorOf(req).mustChangePassword }));
    });

    const passwordForm = z.object({ currentPassword: z.string().max(200), newPassword: z.string().max(200), repeatPassword: z.string().max(200) });
    app.post('/password', { config: { allowPasswordChange: true } }, async (req, reply) => {
      const actor = actorOf(req);
      const form = parseForm(passwordForm, req.body, req.locale);
      try {
        await changeOwnPassword(db, actor, form.currentPassword, form.newPassword, form.repeatPassword, req.session.sessionId);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'invalid_input') throw err;
        const t = translator(req.locale);
        const errors = err.fields.map((f) => ({ field: f.field, message: PASSWORD_MESSAGES[f.message] ? t(PASSWORD_MESSAGES[f.message]!) : f.message }));
        const ctx = viewCtx(req, reply);
        return sendPage(reply, ctx, ctx.t('password.title'), PasswordPage({ ctx, mustChange: actor.mustChangePassword, errors }), 400);
      }
      // A fresh session id after a privilege-relevant change too.
      await req.session.regenerate(['userId']);
      req.actor = { ...actor, mustChangePassword: false };
      const ctx = viewCtx(req, reply);
      return sendPage(reply, ctx, ctx.t('password.title'), PasswordPage({ ctx, mustChange: false, done: true }));
    });

    app.post('/locale', { config: { access: 'public', allowPasswordChange: true } }, async (req, reply) => {
      const { locale, back } = (req.body ?? {}) as { locale?: unknown; back?: unknown };
      if (!isLocale(locale)) throw new AppError('invalid_input', 'unknown locale', [{ field: 'locale', message: 'pl | en' }]);
      if (req.actor) await setLocale(db, req.actor, locale);
      else req.session.locale = locale;
      // Back to the page it was switched on (the form says which: no Referer under our referrer policy).
      return redirect(reply, safeNext(back));
    });
  };
}

// Login and password change.
import type { FieldError } from '../../domain/errors';
import { CsrfField, Field, FormErrors, Alert } from '../components';
import type { ViewCtx } from '../context';

export function LoginPage({ ctx, email, next, error }: { ctx: ViewCtx; email?: string; next?: string; error?: string }) {
  const { t } = ctx;
  return (
    <section class="centered">
      <h1>{t('login.title')}</h1>
      {error && <Alert kind="error">{error}</Alert>}
      <form method="post" action="/login" class="stack">
        <CsrfField ctx={ctx} />
        {next && <input type="hidden" name="next" value={next} />}
        <Field name="email" label={t('login.email')} type="email" value={email} required autocomplete="username" maxlength={200} />
        <Field name="password" label={t('login.password')} type="password" required autocomplete="current-password" maxlength={200} />
        <button type="submit">{t('login.submit')}</button>
      </form>
    </section>
  );
}

export function PasswordPage({ ctx, mustChange, errors, done }: { ctx: ViewCtx; mustChange: boolean; errors?: FieldError[]; done?: boolean }) {
  const { t } = ctx;
  return (
    <section class="centered">
      <h1>{t('password.title')}</h1>
      {mustChange && <Alert kind="info">{t('password.mustChange')}</Alert>}
      {done && <Alert kind="ok">{t('password.changed')}</Alert>}
      <FormErrors message={errors?.length ? t('error.invalid_input') : undefined} errors={errors} />
      <form method="post" action="/password" class="stack">
        <CsrfField ctx={ctx} />
        <Field name="currentPassword" label={t('password.current')} type="password" required autocomplete="current-password" errors={errors} maxlength={200} />
        <Field name="newPassword" label={t('password.new')} type="password" required autocomplete="new-password" hint={t('password.hint')} errors={errors} maxlength={200} />
        <Field name="repeatPassword" label={t('password.repeat')} type="password" required autocomplete="new-password" errors={errors} maxlength={200} />
        <button type="submit">{t('password.submit')}</button>
      </form>
    </section>
  );
}

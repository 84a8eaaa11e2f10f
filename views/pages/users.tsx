// Users (administrator); API tokens are on their own page (views/pages/tokens.tsx).
import type { FieldError } from '../../domain/errors';
import { ROLES } from '../../domain/types';
import { Alert, CsrfField, Field, FormErrors, Select, TableHead } from '../components';
import type { ViewCtx } from '../context';

export interface UserRowView {
  id: string;
  email: string;
  name: string;
  role: (typeof ROLES)[number];
  active: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
  serviceAccount: boolean;
}
export interface UsersPageProps {
  ctx: ViewCtx;
  users: UserRowView[];
  message?: string | undefined;
  errors?: FieldError[] | undefined;
  errorMessage?: string | undefined;
  draft?: { email?: string; name?: string; role?: string; serviceAccount?: string } | undefined;
}

export function UsersPage({ ctx, users, message, errors, errorMessage, draft }: UsersPageProps) {
  const { t } = ctx;
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  return (
    <section>
      <h1>{t('users.title')}</h1>
      {message && <Alert kind="ok">{message}</Alert>}
      <table>
        <caption class="sr-only">{t('users.title')}</caption>
        <TableHead columns={[t('users.name'), t('users.email'), t('users.role'), t('users.status'), t('users.actions')]} />
        <tbody>
          {users.map((u) => (
            <tr>
              <td>
                {u.name}
                {u.serviceAccount && <span class="badge"> {t('users.serviceBadge')}</span>}
              </td>
              <td>{u.email}</td>
              <td>{t(`role.${u.role}`)}</td>
              <td>
                <span class={u.active ? 'badge ok' : 'badge'}>{u.active ? t('users.active') : t('users.inactive')}</span>
              </td>
              <td>
                {u.id !== ctx.user?.id && (
                  <form method="post" action={`/users/${u.id}/active`} class="inline">
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="active" value={u.active ? 'false' : 'true'} />
                    <button type="submit" class="secondary">
                      {u.active ? t('users.deactivate') : t('users.activate')}
                    </button>
                  </form>
                )}{' '}
                <form method="post" action={`/users/${u.id}/password`} class="inline">
                  <CsrfField ctx={ctx} />
                  <label for={`pw-${u.id}`} class="sr-only">
                    {t('users.tempPassword')} ({u.email})
                  </label>
                  <input id={`pw-${u.id}`} name="password" type="password" autocomplete="new-password" minlength={10} maxlength={200} required />
                  <button type="submit" class="secondary">
                    {t('users.resetPassword')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="new-user">{t('users.create')}</h2>
      <FormErrors message={errorMessage} errors={errors} idPrefix="nu" />
      <form method="post" action="/users" class="stack" aria-labelledby="new-user">
        <CsrfField ctx={ctx} />
        <Field idPrefix="nu" name="name" label={t('users.name')} value={draft?.name} required maxlength={200} errors={errors} />
        <Field idPrefix="nu" name="email" label={t('users.email')} type="email" value={draft?.email} required maxlength={200} errors={errors} />
        <Select idPrefix="nu" name="role" label={t('users.role')} options={roleOptions} value={draft?.role ?? 'social_worker'} errors={errors} required />
        <div>
          <input type="checkbox" id="nu-serviceAccount" name="serviceAccount" value="on" checked={draft?.serviceAccount === 'on'} />{' '}
          <label for="nu-serviceAccount">{t('users.serviceAccount')}</label>
        </div>
        <Field idPrefix="nu" name="password" label={t('users.tempPassword')} type="password" hint={`${t('users.tempPasswordHint')} ${t('users.serviceHint')}`} errors={errors} maxlength={200} />
        <button type="submit">{t('users.create')}</button>
      </form>

      <p>
        <a href="/tokens">{t('tokens.title')}</a>
      </p>
    </section>
  );
}

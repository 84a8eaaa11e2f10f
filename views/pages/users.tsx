// Users and API tokens (administrator).
import type { FieldError } from '../../domain/errors';
import { ROLES } from '../../domain/types';
import { Alert, Checkboxes, CsrfField, Field, FormErrors, Select, TableHead } from '../components';
import type { ViewCtx } from '../context';
import { formatDate, formatDateTime } from '../../i18n/format';

export interface UserRowView {
  id: string;
  email: string;
  name: string;
  role: (typeof ROLES)[number];
  active: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
}
export interface TokenRowView {
  id: string;
  name: string;
  userEmail: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface UsersPageProps {
  ctx: ViewCtx;
  users: UserRowView[];
  tokens: TokenRowView[];
  message?: string | undefined;
  newToken?: string | undefined;
  errors?: FieldError[] | undefined;
  errorMessage?: string | undefined;
  draft?: { email?: string; name?: string; role?: string } | undefined;
  /** Every project, as choices. */
  projects: Array<{ id: string; label: string }>;
  /** Each user's projects: all, or these ids. */
  userProjects: Map<string, 'all' | string[]>;
}

/** The projects a user works in: "all projects" or some of them (checkboxes; also in the new-user form). */
function ProjectChoice({ ctx, idPrefix, projects, current }: { ctx: ViewCtx; idPrefix: string; projects: UsersPageProps['projects']; current: 'all' | string[] }) {
  const { t } = ctx;
  return (
    <>
      <div>
        <input type="checkbox" id={`${idPrefix}-all`} name="allProjects" value="true" checked={current === 'all'} />{' '}
        <label for={`${idPrefix}-all`}>{t('users.allProjects')}</label>
      </div>
      <Checkboxes idPrefix={idPrefix} name="projectIds" legend={t('users.projects')} options={projects.map((p) => ({ value: p.id, label: p.label }))} checked={current === 'all' ? [] : current} />
    </>
  );
}

export function UsersPage({ ctx, users, tokens, message, newToken, errors, errorMessage, draft, projects, userProjects }: UsersPageProps) {
  const { t } = ctx;
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  return (
    <section>
      <h1>{t('users.title')}</h1>
      {message && <Alert kind="ok">{message}</Alert>}
      {newToken && (
        <Alert kind="ok">
          <p>{t('tokens.createdOnce')}</p>
          <p class="token" id="new-token">
            {newToken}
          </p>
        </Alert>
      )}
      <table>
        <caption class="sr-only">{t('users.title')}</caption>
        <TableHead columns={[t('users.name'), t('users.email'), t('users.role'), t('users.status'), t('users.projects'), t('users.actions')]} />
        <tbody>
          {users.map((u) => {
            const current = userProjects.get(u.id) ?? [];
            const codes = current === 'all' ? t('users.allProjects') : projects.filter((p) => current.includes(p.id)).map((p) => p.label).join(', ') || t('users.noProjects');
            return (
            <tr id={`u-${u.id}`}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>{t(`role.${u.role}`)}</td>
              <td>
                <span class={u.active ? 'badge ok' : 'badge'}>{u.active ? t('users.active') : t('users.inactive')}</span>
              </td>
              <td>
                <details>
                  <summary>{codes}</summary>
                  <form method="post" action={`/users/${u.id}/projects`} class="stack">
                    <CsrfField ctx={ctx} />
                    <ProjectChoice ctx={ctx} idPrefix={`up-${u.id}`} projects={projects} current={current} />
                    <button type="submit" class="secondary">
                      {t('users.saveProjects')} ({u.email})
                    </button>
                  </form>
                </details>
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
            );
          })}
        </tbody>
      </table>

      <h2 id="new-user">{t('users.create')}</h2>
      <FormErrors message={errorMessage} errors={errors} idPrefix="nu" />
      <form method="post" action="/users" class="stack" aria-labelledby="new-user">
        <CsrfField ctx={ctx} />
        <Field idPrefix="nu" name="name" label={t('users.name')} value={draft?.name} required maxlength={200} errors={errors} />
        <Field idPrefix="nu" name="email" label={t('users.email')} type="email" value={draft?.email} required maxlength={200} errors={errors} />
        <Select idPrefix="nu" name="role" label={t('users.role')} options={roleOptions} value={draft?.role ?? 'social_worker'} errors={errors} required />
        <Field idPrefix="nu" name="password" label={t('users.tempPassword')} type="password" required hint={t('users.tempPasswordHint')} errors={errors} maxlength={200} />
        <ProjectChoice ctx={ctx} idPrefix="nu" projects={projects} current={[]} />
        <button type="submit">{t('users.create')}</button>
      </form>

      <h2 id="tokens">{t('tokens.title')}</h2>
      {tokens.length === 0 ? (
        <p>{t('tokens.none')}</p>
      ) : (
        <table>
          <TableHead columns={[t('tokens.name'), t('tokens.user'), t('audit.when'), t('tokens.lastUsed'), t('users.actions')]} />
          <tbody>
            {tokens.map((tk) => (
              <tr>
                <td>{tk.name}</td>
                <td>{tk.userEmail}</td>
                <td>{formatDate(tk.createdAt)}</td>
                <td>{formatDateTime(tk.lastUsedAt) || t('common.none')}</td>
                <td>
                  {tk.revokedAt ? (
                    <span class="badge">{t('tokens.revoked')}</span>
                  ) : (
                    <form method="post" action={`/tokens/${tk.id}/revoke`} class="inline">
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="danger">
                        {t('tokens.revoke')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/tokens" class="stack" aria-labelledby="tokens">
        <CsrfField ctx={ctx} />
        <Select idPrefix="tk" name="userId" label={t('tokens.user')} options={users.filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))} required />
        <Field idPrefix="tk" name="name" label={t('tokens.name')} required maxlength={100} />
        <button type="submit">{t('tokens.create')}</button>
      </form>
    </section>
  );
}

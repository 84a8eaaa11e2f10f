// Users (administrator); API tokens are on their own page (views/pages/tokens.tsx).
import type { FieldError } from '../../domain/errors';
import { ROLES } from '../../domain/types';
import { Alert, Checkboxes, CsrfField, Field, FormErrors, Select, TableHead } from '../components';
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

export function UsersPage({ ctx, users, message, errors, errorMessage, draft, projects, userProjects }: UsersPageProps) {
  const { t } = ctx;
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  return (
    <section>
      <h1>{t('users.title')}</h1>
      {message && <Alert kind="ok">{message}</Alert>}
      <table>
        <caption class="sr-only">{t('users.title')}</caption>
        <TableHead columns={[t('users.name'), t('users.email'), t('users.role'), t('users.status'), t('users.projects'), t('users.actions')]} />
        <tbody>
          {users.map((u) => {
            const current = userProjects.get(u.id) ?? [];
            const codes = current === 'all' ? t('users.allProjects') : projects.filter((p) => current.includes(p.id)).map((p) => p.label).join(', ') || t('users.noProjects');
            return (
            <tr id={`u-${u.id}`}>
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
        <div>
          <input type="checkbox" id="nu-serviceAccount" name="serviceAccount" value="on" checked={draft?.serviceAccount === 'on'} />{' '}
          <label for="nu-serviceAccount">{t('users.serviceAccount')}</label>
        </div>
        <Field idPrefix="nu" name="password" label={t('users.tempPassword')} type="password" hint={`${t('users.tempPasswordHint')} ${t('users.serviceHint')}`} errors={errors} maxlength={200} />
        <ProjectChoice ctx={ctx} idPrefix="nu" projects={projects} current={[]} />
        <button type="submit">{t('users.create')}</button>
      </form>

      <p>
        <a href="/tokens">{t('tokens.title')}</a>
      </p>
    </section>
  );
}

// The Tasks page: open tasks with owner, due date and state, each with its forms (done; snooze to a day;
// dismiss with a reason) when this user may work it; below, the recently closed ones and how they
// closed. With htmx a form answers with the whole list (the message or the error inline).
import type { FieldError } from '../../domain/errors';
import type { TaskListItem, TaskScope } from '../../server/services/task-list';
import { Alert, CsrfField, TableHead, fieldError } from '../components';
import type { ViewCtx } from '../context';
import { formatDate, todayInWarsaw } from '../../i18n/format';
import { closeCauseLabel, taskKindLabel } from '../../i18n/task-kinds';
import type { Translate } from '../../i18n';
import { addCalendarDays } from '../../domain/working-days';

export interface TasksProps {
  ctx: ViewCtx;
  open: TaskListItem[];
  closed: TaskListItem[];
  scope: TaskScope;
  canSeeAll: boolean;
  message?: string | undefined;
  /** A refused action: the task and its errors (shown by its forms). */
  failure?: { taskId: string; message: string; errors: FieldError[] } | undefined;
}

function owner(t: Translate, i: TaskListItem) {
  return i.ownerName ?? t('tasks.ownerRole', { role: t(`role.${i.ownerRole}`) });
}

function stateText(t: Translate, i: TaskListItem) {
  if (i.state !== 'open') return t(`tasks.state.${i.state}`);
  if (i.snoozedUntil) return t('tasks.state.snoozed', { date: formatDate(i.snoozedUntil) });
  return i.overdue ? t('tasks.state.overdue') : t('tasks.state.open');
}

function About({ ctx, i }: { ctx: ViewCtx; i: TaskListItem }) {
  const who = i.participantName ?? (i.href ? ctx.t('today.open') : '—');
  return (
    <>
      {i.href ? <a href={i.href}>{who}</a> : who}
      {i.sessionOn && <span class="muted"> ({ctx.t('today.session', { date: formatDate(i.sessionOn) })})</span>}
    </>
  );
}

function Forms({ ctx, i, failure, scope }: { ctx: ViewCtx; i: TaskListItem; failure: TasksProps['failure']; scope: TaskScope }) {
  const { t } = ctx;
  const errors = failure?.taskId === i.id ? failure.errors : undefined;
  const post = (action: string) => ({ method: 'post' as const, action: `/tasks/${i.id}/${action}`, 'hx-post': `/tasks/${i.id}/${action}`, 'hx-target': '#tasks', 'hx-swap': 'outerHTML' });
  const until = fieldError(errors, 'until');
  const reason = fieldError(errors, 'reason');
  const tomorrow = addCalendarDays(todayInWarsaw(), 1);
  return (
    <div class="task-forms">
      {failure?.taskId === i.id && !errors?.length && <p class="error" role="alert">{failure.message}</p>}
      <form {...post('done')} class="inline">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="scope" value={scope} />
        <button type="submit">{t('tasks.done')}</button>
      </form>
      <form {...post('snooze')} class="inline">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="scope" value={scope} />
        <label for={`until-${i.id}`}>{t('tasks.snoozeUntil')}</label>{' '}
        <input id={`until-${i.id}`} name="until" type="date" min={tomorrow} required aria-invalid={until ? 'true' : undefined} aria-describedby={until ? `until-${i.id}-error` : undefined} />{' '}
        <button type="submit" class="secondary">{t('tasks.snooze')}</button>
        {until && <p class="error" id={`until-${i.id}-error`}>{until}</p>}
      </form>
      <form {...post('dismiss')} class="inline">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="scope" value={scope} />
        <label for={`reason-${i.id}`}>{t('tasks.dismissReason')}</label>{' '}
        <input id={`reason-${i.id}`} name="reason" type="text" maxlength={500} required aria-invalid={reason ? 'true' : undefined} aria-describedby={reason ? `reason-${i.id}-error` : undefined} />{' '}
        <button type="submit" class="secondary">{t('tasks.dismiss')}</button>
        {reason && <p class="error" id={`reason-${i.id}-error`}>{reason}</p>}
      </form>
    </div>
  );
}

export function TasksSection(p: TasksProps) {
  const { ctx } = p;
  const { t } = ctx;
  return (
    <div id="tasks">
      {p.message && <Alert kind="ok">{p.message}</Alert>}
      <h2 id="tasks-open">
        {t('tasks.open')} <span class="badge">{p.open.length}</span>
      </h2>
      {p.open.length === 0 ? (
        <p class="muted">{t('tasks.none')}</p>
      ) : (
        <table aria-labelledby="tasks-open">
          <TableHead columns={[t('tasks.task'), t('tasks.about'), t('tasks.owner'), t('tasks.due'), t('tasks.state'), t('tasks.actions')]} />
          <tbody>
            {p.open.map((i) => (
              <tr id={`task-${i.id}`}>
                <td>{taskKindLabel(t, i.kind)}</td>
                <td>
                  <About ctx={ctx} i={i} />
                </td>
                <td>{owner(t, i)}</td>
                <td>{formatDate(i.dueAt)}</td>
                <td>
                  <span class={i.overdue && !i.snoozedUntil ? 'badge overdue' : 'badge'}>{stateText(t, i)}</span>
                </td>
                <td>{i.workable ? <Forms ctx={ctx} i={i} failure={p.failure} scope={p.scope} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="tasks-closed">{t('tasks.closed')}</h2>
      {p.closed.length === 0 ? (
        <p class="muted">{t('tasks.noneClosed')}</p>
      ) : (
        <table aria-labelledby="tasks-closed">
          <TableHead columns={[t('tasks.task'), t('tasks.about'), t('tasks.owner'), t('tasks.state'), t('tasks.closedHow')]} />
          <tbody>
            {p.closed.map((i) => (
              <tr id={`task-${i.id}`}>
                <td>{taskKindLabel(t, i.kind)}</td>
                <td>
                  <About ctx={ctx} i={i} />
                </td>
                <td>{owner(t, i)}</td>
                <td>{stateText(t, i)}</td>
                <td>
                  {i.closedAutomatically
                    ? t('tasks.closedAuto', { date: formatDate(i.closedAt), cause: closeCauseLabel(t, i.closeReason) })
                    : t('tasks.closedBy', { date: formatDate(i.closedAt), who: [i.closedByName ?? '—', i.closeReason].filter(Boolean).join(' – ') })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function TasksPage(p: TasksProps) {
  const { t } = p.ctx;
  return (
    <section>
      <h1>{t('tasks.title')}</h1>
      <p class="lead">{t('tasks.lead')}</p>
      {p.canSeeAll && (
        <nav aria-label={t('tasks.all')}>
          <a href="/tasks" aria-current={p.scope === 'mine' ? 'page' : undefined}>
            {t('tasks.scope.mine')}
          </a>{' '}
          ·{' '}
          <a href="/tasks?scope=all" aria-current={p.scope === 'all' ? 'page' : undefined}>
            {t('tasks.scope.all')}
          </a>
        </nav>
      )}
      <TasksSection {...p} />
    </section>
  );
}

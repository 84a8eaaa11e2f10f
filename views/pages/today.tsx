// Today: what needs me now, grouped by kind, overdue first within each group.
import type { ViewCtx } from '../context';
import { formatDate } from '../../i18n/format';
import { taskKindKey as kindKey, taskKindLabel } from '../../i18n/task-kinds';
import type { TodayItem, WaitingWork } from '../../server/services/tasks';

export type { TodayItem, WaitingWork };

function Waiting({ ctx, waiting }: { ctx: ViewCtx; waiting: WaitingWork[] }) {
  const kinds = [...new Set(waiting.map((w) => w.kind))];
  return (
    <>
      {kinds.map((kind) => (
        <section class="card" aria-labelledby={`waiting-${kind}`}>
          <h2 id={`waiting-${kind}`}>{taskKindLabel(ctx.t, kind)}</h2>
          <ul>
            {waiting
              .filter((w) => w.kind === kind)
              .map((w) => (
                <li>
                  <a href={w.href}>{w.projectCode}</a> <span class="badge">{w.count}</span>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export function TodayPage({ ctx, items, waiting = [] }: { ctx: ViewCtx; items: TodayItem[]; waiting?: WaitingWork[] }) {
  const { t } = ctx;
  const groups = new Map<string, TodayItem[]>();
  // One card per kind of work: every unjustified absence under one heading, not one card per session.
  for (const item of items) groups.set(kindKey(item.kind), [...(groups.get(kindKey(item.kind)) ?? []), item]);
  return (
    <section>
      <h1>{t('today.title')}</h1>
      <p class="lead">{t('today.lead')}</p>
      {items.length === 0 && waiting.length === 0 ? (
        <p class="alert alert-ok">{t('today.empty')}</p>
      ) : (
        <div class="cards">
          <Waiting ctx={ctx} waiting={waiting} />
          {[...groups.entries()].map(([kind, list]) => (
            <section class="card" aria-labelledby={`today-${kind}`}>
              <h2 id={`today-${kind}`}>
                {taskKindLabel(t, kind)} <span class="badge">{list.length}</span>
              </h2>
              <ul>
                {list.map((item) => (
                  <li>
                    {item.href ? <a href={item.href}>{item.subject ?? t('today.open')}</a> : <span>{item.subject ?? taskKindLabel(t, kind)}</span>}{' '}
                    {item.sessionOn && <span class="muted">({t('today.session', { date: formatDate(item.sessionOn) })}) </span>}
                    <span class={item.overdue ? 'badge overdue' : 'badge'}>
                      {item.overdue ? t('today.overdue') : t('today.due')} {formatDate(item.dueAt)}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Operation } from '../domain/permissions';
import { allowed, type ViewCtx } from './context';
import type { MessageKey } from '../i18n';
import { LOCALES } from '../i18n';
import { CsrfField } from './components';

// htmx as CSP allows it: no eval, no inline indicator styles; no history cache, so no personal data in
// localStorage; 4xx bodies are swapped (they carry the inline form errors), 5xx too (the error page).
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  // Settling copies these attributes between old and new elements; copying `style` trips the CSP.
  attributesToSettle: ['class', 'width', 'height'],
  selfRequestsOnly: true,
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '[45]..', swap: true, error: false },
  ],
});

/**
 * The menu; a page is listed only when its route exists and the role may use it. `also`: other pages
 * that belong to the item (it is marked current there rather than the item whose prefix they share).
 */
export const NAV: Array<{ href: string; label: MessageKey; op: Operation; also?: RegExp }> = [
  { href: '/', label: 'nav.today', op: 'viewToday' },
  { href: '/tasks', label: 'nav.tasks', op: 'viewToday' },
  { href: '/participants', label: 'nav.participants', op: 'listParticipants' },
  { href: '/sessions', label: 'nav.sessions', op: 'viewSessions' },
  { href: '/recruitment', label: 'nav.recruitment', op: 'getRanking' },
  { href: '/projects', label: 'nav.projects', op: 'listProjects' },
  { href: '/indicators', label: 'nav.indicators', op: 'getIndicators', also: /^\/projects\/[^/]+\/indicators$/ },
  { href: '/letters', label: 'nav.letters', op: 'listLetters' },
  { href: '/users', label: 'nav.users', op: 'manageUsers' },
  { href: '/operations', label: 'nav.operations', op: 'viewOperations' },
  { href: '/audit', label: 'nav.audit', op: 'viewAudit' },
  { href: '/outbox', label: 'nav.outbox', op: 'viewOutbox' },
];

export function Layout({ ctx, title, children }: { ctx: ViewCtx; title: string; children: Child }) {
  const { t, user } = ctx;
  const items = NAV.filter((n) => allowed(ctx, n.op));
  const current = items.find((n) => n.also?.test(ctx.path)) ?? items.find((n) => isCurrent(ctx.path, n.href));
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={ctx.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · ${t('app.name')}`}</title>
          <meta name="csrf-token" content={ctx.csrf} />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <link rel="icon" href="/static/app/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/static/app/panel.css" />
          <script src="/static/htmx/htmx.min.js" defer></script>
          <script src="/static/app/panel.js" defer></script>
        </head>
        <body>
          <a class="skip" href="#main">
            {t('app.skip')}
          </a>
          <header class="top">
            <a class="brand" href="/">
              {t('app.name')}
            </a>
            {user && (
              <nav aria-label={t('nav.label')}>
                <ul>
                  {items.map((n) => (
                    <li>
                      <a href={n.href} aria-current={n === current ? 'page' : undefined}>
                        {t(n.label)}
                        {!!ctx.counts?.[n.href] && (
                          <>
                            {' '}
                            <span class="badge" aria-hidden="true">
                              {ctx.counts[n.href]}
                            </span>
                            <span class="sr-only">{` (${t('nav.waiting', { n: ctx.counts[n.href]! })})`}</span>
                          </>
                        )}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            <div class="user">
              {user && (
                <span class="who">
                  {user.name} <small>({t(`role.${user.role}`)})</small>
                </span>
              )}
              <form method="post" action="/locale" class="inline">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="back" value={ctx.path} />
                <label for="locale-switch" class="sr-only">
                  {t('user.language')}
                </label>
                <select id="locale-switch" name="locale">
                  {LOCALES.map((l) => (
                    <option value={l} selected={l === ctx.locale}>
                      {t(`locale.${l}`)}
                    </option>
                  ))}
                </select>
                <button type="submit" class="secondary">
                  {t('user.language.switch')}
                </button>
              </form>
              {user && (
                <>
                  <a href="/password">{t('user.password')}</a>
                  <form method="post" action="/logout" class="inline">
                    <CsrfField ctx={ctx} />
                    <button type="submit" class="secondary">
                      {t('user.logout')}
                    </button>
                  </form>
                </>
              )}
            </div>
          </header>
          <div id="flash" aria-live="polite"></div>
          <main id="main" tabindex={-1}>
            {children}
          </main>
        </body>
      </html>
    </>
  );
}

function isCurrent(path: string, href: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

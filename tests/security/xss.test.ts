// An XSS corpus through every text field a user can enter (participant names, opinions, reasons,
// commission members, notes, project names and criteria, user names, saved filter names, token names,
// and reflected query parameters), then every page of the panel fetched: payloads appear only escaped.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loggedIn, type PanelClient } from '../helpers/app';
import { testPesel, waitForStage } from '../helpers/journeys';
import { runFlow, securityStack } from './stack';

const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '<svg/onload=alert(1)>',
  '</textarea><script>alert(1)</script>',
  '<a href="javascript:alert(1)">x</a>',
  '" hx-get="/logout" hx-trigger="load',
  "{{constructor.constructor('alert(1)')()}}",
  '${alert(1)}<iframe src=//evil.example>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<style>*{display:none}</style>',
  "javascript:alert('x')",
] as const;

/** A payload holding any of these must never appear verbatim (the `&lt;` one is checked to come out as `&amp;lt;`). */
const SPECIAL = /[<>"']/;
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Joined payloads, as many as fit in `max` characters. */
const joined = (max: number) => {
  let out = '';
  for (const p of XSS) if ((out + p).length + 1 <= max) out += `${p} `;
  return out.trim();
};

const s = await securityStack();
const admin = await loggedIn(s.app, s.users.admin);
const coordinator = await loggedIn(s.app, s.users.coordinator);
const auditor = await loggedIn(s.app, s.users.auditor);
const worker = await loggedIn(s.app, s.users.social_worker);

const TAG = /<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** The elements and attributes as a browser would tokenise them (hono always double-quotes attributes). */
function tags(html: string): { name: string; attrs: Record<string, string> }[] {
  return [...html.matchAll(TAG)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attrs: Object.fromEntries([...(m[2] ?? '').matchAll(ATTR)].map((a) => [a[1]!.toLowerCase(), a[2] ?? a[3] ?? a[4] ?? ''])),
  }));
}

function assertEscaped(where: string, body: string) {
  for (const p of XSS) {
    if (SPECIAL.test(p)) expect(body.includes(p), `${where} shows raw ${p}`).toBe(false);
  }
  for (const t of tags(body)) {
    const label = `${where}: <${t.name} ${JSON.stringify(t.attrs)}>`;
    expect(Object.keys(t.attrs).filter((a) => a.startsWith('on')), label).toEqual([]);
    expect(['iframe', 'style'].includes(t.name) || (t.name === 'script' && !t.attrs.src), label).toBe(false);
    for (const a of ['href', 'src', 'action', 'formaction', 'hx-get', 'hx-post']) {
      if (t.attrs[a] !== undefined) expect(t.attrs[a].trim().toLowerCase().startsWith('javascript:'), label).toBe(false);
    }
    for (const [a, v] of Object.entries(t.attrs)) if (a.startsWith('hx-')) expect(v, label).not.toContain('logout');
  }
}

describe('XSS corpus', () => {
  const ids = { participants: [] as string[], projects: [] as string[], users: [] as string[] };
  let pages = 0;

  it('goes in through every text field', { timeout: 240_000 }, async () => {
    // The whole journey with the long free-text fields holding the whole corpus at once.
    const flow = await runFlow(s, {
      projectName: joined(300),
      criterionLabel: joined(300),
      firstName: XSS[1],
      lastName: XSS[0],
      opinion: joined(4000),
      reason: joined(2000),
      member: joined(200),
      note: joined(2000),
    });
    ids.participants.push(flow.participantId, flow.rejectedId);
    ids.projects.push(flow.projectId);

    // Names (100 characters at most): every payload as a first and a last name, each scored with it as opinion.
    for (const p of XSS) {
      const r = await s.call('social_worker', 'POST', '/api/applications', { projectId: flow.projectId, firstName: p, lastName: `${p}-N`, pesel: testPesel(), sex: 'K', disability: false, channel: 'post' });
      expect(r.status).toBe(201);
      ids.participants.push(r.body.id);
      const proj = await s.call('coordinator', 'POST', '/api/projects', { code: `X-${randomUUID().slice(0, 8)}`, name: p, startsOn: '2024-01-01', endsOn: '2026-12-31', places: 5, criteria: [{ code: 'c', label: p, maxPoints: 5 }], targetGroups: [{ code: 'g', label: p, planned: 1 }] });
      expect(proj.status).toBe(201);
      ids.projects.push(proj.body.id);
      // Panel forms: a user, an API token and a saved filter named with the payload.
      const email = `xss-${randomUUID().slice(0, 8)}@test.sciezka`;
      await admin.get('/users');
      expect((await admin.post('/users', { name: p, email, role: 'social_worker', password: 'haslo-bardzo-dlugie' })).statusCode).toBe(200);
      const u = await s.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
      ids.users.push(u.id);
      await admin.get('/tokens');
      expect((await admin.post('/tokens', { name: p, expiresInDays: '30', scope: 'read' })).statusCode).toBe(200);
      await coordinator.get('/participants');
      expect((await coordinator.post('/participants/filters', { name: p, query: `q=${encodeURIComponent(p)}` })).statusCode).toBe(303);
    }
    for (const id of ids.participants.slice(2)) {
      await waitForStage(s.db, id, 'applied');
      expect((await s.call('social_worker', 'POST', '/api/applications/score', { applicationId: id, scores: [{ code: 'opinion', points: 1 }], opinion: joined(4000) })).status).toBe(200);
    }
    const stored = await s.db.selectFrom('applications').select(['first_name', 'opinion']).where('id', 'in', ids.participants).execute();
    // Stored as entered: escaping is the views' job, not the database's.
    expect(stored.map((r) => r.first_name)).toEqual(expect.arrayContaining([...XSS]));
  });

  /** Every GET route of the app with its parameters filled from the ids above. */
  function urls(): string[] {
    const out = new Set<string>();
    for (const r of s.app.routeAccess) {
      if (r.method !== 'GET' || r.url.startsWith('/api/') || r.url.includes('*')) continue;
      const params = r.url.match(/:[A-Za-z]+/g) ?? [];
      if (params.length === 0) out.add(r.url);
      else for (const id of [...ids.participants, ...ids.projects.slice(0, 3), ...ids.users.slice(0, 2)]) out.add(r.url.replace(/:[A-Za-z]+/g, id));
    }
    const q = encodeURIComponent(XSS[1]);
    for (const extra of [`/participants?q=${q}`, `/participants?q=${encodeURIComponent(XSS[0])}&sort=name`, `/login?next=${q}`, `/no-such-page/${q}`, `/audit?action=${q}`, `/participants?projectId=${ids.projects[0]}`]) out.add(extra);
    return [...out];
  }

  async function check(client: PanelClient, url: string, htmx = false) {
    const res = await client.get(url, htmx ? { 'hx-request': 'true' } : {});
    expect(res.statusCode, url).toBeLessThan(500);
    if (String(res.headers['content-type']).startsWith('text/html')) {
      assertEscaped(url, res.body);
      pages++;
    }
    return res;
  }

  it('comes out escaped on every page, for every role that may see it', { timeout: 120_000 }, async () => {
    for (const client of [admin, coordinator, auditor, worker]) {
      for (const url of urls()) {
        await check(client, url);
        await check(client, url, true);
      }
    }
    expect(pages).toBeGreaterThan(40);

    // The payloads are really shown (escaped), not just missing.
    const p = await check(coordinator, `/participants/${ids.participants[3]}`);
    expect(p.body).toContain(escape(XSS[1]));
    expect(p.body).toContain(escape(`${XSS[1]}-N`));
    const list = await check(coordinator, `/participants?projectId=${ids.projects[0]}`);
    expect(list.body).toContain(escape(XSS[0]));
    expect(list.body).toContain(escape(XSS[2])); // a saved filter's name
    const users = await check(admin, '/users');
    for (const x of XSS) expect(users.body).toContain(escape(x));
    const tokens = await check(admin, '/tokens');
    for (const x of XSS) expect(tokens.body).toContain(escape(x));
  });

  it('never puts a raw payload in an e-mail', async () => {
    const mails = await s.db.selectFrom('outbox').select(['body_html', 'subject']).execute();
    for (const m of mails) assertEscaped(`mail ${m.subject}`, m.body_html ?? '');
  });
});

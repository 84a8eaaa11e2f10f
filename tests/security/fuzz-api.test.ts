// Fuzzing the JSON API with fast-check against the real stack: every operation gets valid bodies broken
// one leaf at a time (wrong type, missing, oversized, impossible date, bad id or enum, out-of-range
// number), arbitrary JSON, malformed bodies and in-type random values. Never a 5xx; and whatever is
// rejected leaves every row of the project (applications, documents, attendance, events, round…) as it was.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../domain/types';
import { todayInWarsaw } from '../../i18n/format';
import { createTestUser } from '../helpers/app';
import { testPesel, waitForStage } from '../helpers/journeys';
import { runFlow, securityStack } from './stack';

const s = await securityStack();
const today = todayInWarsaw();
const flow = await runFlow(s);
const applied = (await s.call('social_worker', 'POST', '/api/applications', { projectId: flow.projectId, firstName: 'Jan', lastName: 'Fuzz', pesel: testPesel(), sex: 'K', disability: false, channel: 'post' })).body.id as string;
await waitForStage(s.db, applied, 'applied');
/** The rejected candidate's result letter (the journey writes it with the decision). */
async function rejectionLetter(): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const l = await s.db.selectFrom('letters').select('id').where('application_id', '=', flow.rejectedId).executeTakeFirst();
    if (l) return l.id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no letter for the rejected candidate');
}
const letterId = await rejectionLetter();
// The user whose projects the administrator sets (nobody else's view moves under the other operations).
const scopedUser = await createTestUser(s.db, 'social_worker', { projects: [flow.projectId] });

/** Every row that belongs to the fuzzed project, hashed (the run's database is shared with other files). */
async function snapshot(): Promise<string> {
  const p = flow.projectId;
  const apps = sql`(select id from applications where project_id = ${p})`;
  const { rows } = await sql<{ h: string }>`
    select md5(coalesce(string_agg(x, '|' order by x), '')) as h from (
      select 'p' || t::text as x from projects t where id = ${p} or code like 'FZ-%'
      union all select 'r' || t::text from project_rules t where project_id = ${p}
      union all select 'a' || t::text from applications t where project_id = ${p}
      union all select 'd' || t::text from documents t where application_id in ${apps}
      union all select 's' || t::text from support_plan t where application_id in ${apps}
      union all select 'n' || t::text from attendance t where application_id in ${apps}
      union all select 'f' || t::text from follow_ups t where application_id in ${apps}
      union all select 'e' || t::text from journey_events t where application_id in ${apps}
      union all select 'l' || concat_ws(',', id, key, sent_on) from letters t where application_id in ${apps}
      union all select 'c' || t::text from decisions t where project_id = ${p}
      union all select 'k' || t::text from round_candidates t where project_id = ${p}
      union all select 'g' || concat_ws(',', id, seq, held_on, members, closed_at, approved_at) from sittings t where project_id = ${p}
      union all select 't' || concat_ws(',', id, key, state, due_at) from tasks t where project_id = ${p} or application_id in ${apps}
    ) all_rows`.execute(s.db);
  return rows[0]!.h;
}

/** Waits until nothing moves any more (an accepted action may signal the round, which writes later). */
async function settle(): Promise<string> {
  let last = await snapshot();
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await snapshot();
    if (now === last) return now;
    last = now;
  }
  throw new Error('the project never settled');
}

type Leaf = string | number | boolean | null;
type Body = Record<string, unknown>;
type Path = (string | number)[];

interface Op {
  name: string;
  role: Role;
  url: string;
  body: Body;
  /** Leaves that may be absent. */
  optional?: string[];
  /** Leaves whose value is one of a closed set. */
  enums?: Record<string, readonly string[]>;
  /** In-type random values may be tried (their acceptance changes state, then the baseline moves). */
  inType?: boolean;
}

const OPS: Op[] = [
  {
    name: 'createProject', role: 'coordinator', url: '/api/projects',
    body: { code: 'FZ-x', name: 'Projekt', startsOn: '2024-01-01', endsOn: '2025-12-31', places: 10, criteria: [{ code: 'c', label: 'Kryterium', maxPoints: 5 }] },
  },
  {
    name: 'submitApplication', role: 'social_worker', url: '/api/applications',
    body: { projectId: flow.projectId, firstName: 'Anna', lastName: 'Nowak', pesel: '02231512340', sex: 'K', disability: false, channel: 'post', targetGroup: 'g', receivedAt: '2025-01-02T10:00:00+01:00' },
    optional: ['targetGroup', 'receivedAt'], enums: { sex: ['K', 'M'], channel: ['in_person', 'post', 'email_scan', 'social_worker'] },
  },
  { name: 'scoreApplication', role: 'social_worker', url: '/api/applications/score', body: { applicationId: applied, scores: [{ code: 'opinion', points: 3 }], opinion: 'Opinia' }, optional: ['opinion'], inType: true },
  { name: 'confirmOriginal', role: 'social_worker', url: '/api/applications/original', body: { applicationId: flow.participantId, receivedOn: today }, inType: true },
  { name: 'signDocuments', role: 'social_worker', url: '/api/applications/sign', body: { applicationId: flow.participantId, signedOn: today, documents: ['declaration'] }, enums: { 'documents.0': ['declaration', 'contract', 'data_statement', 'image_consent'] }, inType: true },
  { name: 'planSupport', role: 'social_worker', url: '/api/applications/plan', body: { applicationId: flow.participantId, items: [{ formCode: 'support_group', hours: 10 }] }, inType: true },
  { name: 'recordAttendance', role: 'social_worker', url: '/api/applications/attendance', body: { applicationId: flow.participantId, sessionOn: today, formCode: 'support_group', plannedHours: 4, attendedHours: 3, absent: false }, optional: ['absent'], inType: true },
  { name: 'justifyAbsence', role: 'social_worker', url: '/api/applications/justify-absence', body: { applicationId: flow.participantId, sessionOn: today, formCode: 'support_group', justification: 'written', justifiedOn: today }, enums: { justification: ['written', 'phone'] }, inType: true },
  { name: 'recordJob', role: 'social_worker', url: '/api/applications/job', body: { applicationId: applied, foundOn: today, note: 'Praca' }, optional: ['note'], inType: true },
  { name: 'endParticipation', role: 'social_worker', url: '/api/applications/end', body: { applicationId: applied, endedOn: today, reason: 'completed', note: 'x' }, optional: ['note'], enums: { reason: ['completed', 'resigned', 'struck_off', 'died', 'situation_changed'] }, inType: true },
  {
    name: 'recordFollowUp', role: 'coordinator', url: '/api/applications/follow-up',
    body: { applicationId: flow.participantId, number: 2, recordedOn: today, data: { socialProgress: true, employed: false } }, inType: true,
  },
  { name: 'recordLetterSent', role: 'coordinator', url: '/api/applications/letter-sent', body: { applicationId: flow.rejectedId, letterKey: 'no-such-letter', sentOn: today }, inType: true },
  { name: 'markLetterSent', role: 'coordinator', url: `/api/letters/${letterId}/sent`, body: { sentOn: today } },
  { name: 'decideApplication', role: 'commission', url: '/api/applications/decide', body: { applicationId: applied, decision: 'reserve', reason: 'Lista rezerwowa' }, optional: ['reason'], enums: { decision: ['qualified', 'reserve', 'rejected'] } },
  { name: 'closeSitting', role: 'commission', url: '/api/projects/close-sitting', body: { projectId: flow.projectId, members: ['Anna Nowak'], date: today } },
  { name: 'approveList', role: 'director', url: '/api/projects/approve-list', body: { projectId: flow.projectId, sitting: 1 }, optional: ['sitting'] },
  { name: 'setUserProjects', role: 'admin', url: `/api/users/${scopedUser.id}/projects`, body: { allProjects: false, projectIds: [flow.projectId] }, optional: ['projectIds.0'] },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function leaves(v: unknown, path: Path = []): { path: Path; value: Leaf }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...path, i]));
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
  return [{ path, value: v as Leaf }];
}

function setAt(body: Body, path: Path, value: unknown, remove = false): Body {
  const copy = structuredClone(body);
  let node = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const anyJson = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }));
const badDates = fc.oneof(
  fc.constantFrom('2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '24-01-01', '2024-1-1', '', ' ', 'yesterday', '2024-01-01T00:00:00Z', '0000-00-00', '99999-01-01', '2024/01/01', "2024-01-01' or '1'='1"),
  fc.string({ maxLength: 12 }).filter((x) => !DATE.test(x)),
);
const badUuids = fc.oneof(fc.constantFrom('', 'nope', '00000000-0000-0000-0000-00000000000g', "' or 1=1 --", '../../etc/passwd'), fc.string({ maxLength: 40 }).filter((x) => !UUID.test(x)), fc.uuid());
const badNumbers = fc.oneof(fc.constantFrom(-1, -0.5, 1e9, 1e308, Number.MAX_SAFE_INTEGER + 2), fc.integer({ max: -1 }), fc.double({ min: 1e7, noNaN: true, noDefaultInfinity: true }));
const oversized = fc.integer({ min: 4001, max: 20_000 }).chain((n) => fc.constantFrom('a', 'ż', '<', "'", '\u0000', '🙂').map((c) => c.repeat(n)));

/** A body that must be rejected: one leaf broken (or the whole body replaced by arbitrary JSON). */
function mustReject(op: Op): fc.Arbitrary<{ body: unknown; why: string }> {
  const ls = leaves(op.body);
  const required = ls.filter((l) => !op.optional?.includes(l.path.join('.')));
  const at = (l: { path: Path }) => l.path.join('.');
  const options: fc.Arbitrary<{ body: unknown; why: string }>[] = [
    fc.constantFrom(...required).map((l) => ({ body: setAt(op.body, l.path, undefined, true), why: `missing ${at(l)}` })),
    fc.constantFrom(...ls).chain((l) => anyJson.filter((v) => kind(v) !== kind(l.value)).map((v) => ({ body: setAt(op.body, l.path, v), why: `wrong type at ${at(l)}` }))),
    fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.constant(null), fc.string(), fc.integer(), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 })).map((v) => ({ body: v, why: 'arbitrary JSON' })),
  ];
  const strings = ls.filter((l) => typeof l.value === 'string');
  if (strings.length) options.push(fc.constantFrom(...strings).chain((l) => oversized.map((v) => ({ body: setAt(op.body, l.path, v), why: `oversized ${at(l)}` }))));
  const dates = ls.filter((l) => typeof l.value === 'string' && DATE.test(l.value));
  if (dates.length) options.push(fc.constantFrom(...dates).chain((l) => badDates.map((v) => ({ body: setAt(op.body, l.path, v), why: `bad date ${at(l)}` }))));
  const ids = ls.filter((l) => typeof l.value === 'string' && UUID.test(l.value));
  if (ids.length) options.push(fc.constantFrom(...ids).chain((l) => badUuids.map((v) => ({ body: setAt(op.body, l.path, v), why: `bad id ${at(l)}` }))));
  const numbers = ls.filter((l) => typeof l.value === 'number');
  if (numbers.length) options.push(fc.constantFrom(...numbers).chain((l) => badNumbers.map((v) => ({ body: setAt(op.body, l.path, v), why: `bad number ${at(l)}` }))));
  const enums = Object.entries(op.enums ?? {});
  if (enums.length) {
    options.push(
      fc.constantFrom(...enums).chain(([k, values]) =>
        fc.oneof(fc.string(), fc.constantFrom('', 'k', 'QUALIFIED', "' or 1=1 --")).filter((v) => !values.includes(v)).map((v) => ({ body: setAt(op.body, k.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), v), why: `bad enum ${k}` })),
      ),
    );
  }
  return fc.oneof(...options);
}

/** Values of the right type, anything in them: may be accepted or refused, never a 5xx. */
function inType(op: Op): fc.Arbitrary<{ body: unknown; why: string }> {
  const ls = leaves(op.body).filter((l) => !UUID.test(String(l.value)));
  return fc.constantFrom(...ls).chain((l) => {
    const v = l.value;
    const arb: fc.Arbitrary<unknown> =
      typeof v === 'boolean' ? fc.boolean()
      : typeof v === 'number' ? fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 24, noNaN: true }))
      : typeof v === 'string' && DATE.test(v) ? fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
      : fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom("'; drop table applications; --", '%', '_', '\\', '\u0000', 'ż'.repeat(50)));
    return arb.map((x) => ({ body: setAt(op.body, l.path, x), why: `in-type ${l.path.join('.')}` }));
  });
}

let cases = 0;
const statuses = new Map<number, number>();
const seen = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

async function send(op: Op, body: unknown, headers: Record<string, string> = {}) {
  cases++;
  const res = await s.app.inject({
    method: 'POST',
    url: op.url,
    headers: { authorization: `Bearer ${s.tokens[op.role]}`, 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body) ?? '',
  });
  seen(res.statusCode);
  return res;
}

describe('fuzzing the JSON API', () => {
  let baseline = '';

  it('starts from a settled project', async () => {
    baseline = await settle();
    expect(baseline).toMatch(/^[0-9a-f]{32}$/);
  });

  for (const op of OPS) {
    it(`${op.name}: broken inputs are refused with 4xx and change nothing`, { timeout: 300_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(mustReject(op), async ({ body, why }) => {
          const res = await send(op, body);
          expect(res.statusCode, `${why}: ${res.body}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, `${why}: ${res.body}`).toBeLessThan(500);
          expect(res.json()).toHaveProperty('error');
          expect(await snapshot(), `${why} changed stored data`).toBe(baseline);
        }),
        { numRuns: 110 },
      );
    });

    if (op.inType) {
      it(`${op.name}: random values of the right type never give a 5xx; refused ones change nothing`, { timeout: 300_000 }, async () => {
        await fc.assert(
          fc.asyncProperty(inType(op), async ({ body, why }) => {
            const res = await send(op, body, { 'idempotency-key': randomUUID() });
            expect(res.statusCode, `${why}: ${res.body}`).toBeLessThan(500);
            if (res.statusCode >= 400) expect(await snapshot(), `${why} was refused but changed stored data`).toBe(baseline);
            else baseline = await settle();
          }),
          { numRuns: 40 },
        );
      });
    }
  }

  it('malformed bodies, content types and headers: 4xx, nothing changed', { timeout: 300_000 }, async () => {
    const arb = fc.record({
      op: fc.constantFrom(...OPS),
      raw: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{', '{"a":', '[]', 'null', '"x"', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '\u0000', '{}'.repeat(5000))),
      type: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1'),
      key: fc.option(fc.string({ maxLength: 150 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ op, raw, type, key }) => {
        cases++;
        const res = await s.app.inject({
          method: 'POST',
          url: op.url,
          headers: { authorization: `Bearer ${s.tokens[op.role]}`, 'content-type': type, ...(key !== undefined ? { 'idempotency-key': key } : {}) },
          payload: raw,
        });
        expect(res.statusCode, `${op.name} ${type} ${JSON.stringify(raw).slice(0, 80)}: ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(await snapshot()).toBe(baseline);
      }),
      { numRuns: 300 },
    );
  });

  it('reads with arbitrary ids and filters never fail and change nothing', { timeout: 300_000 }, async () => {
    const filter = fc.record(
      {
        q: fc.oneof(fc.string({ maxLength: 120 }), fc.constantFrom("' or 1=1 --", "%' union select pesel from applications --", '_', '%', '\\', "Ł'; drop table applications; --", flow.pesel.slice(0, 6))),
        stage: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('applied', 'support')),
        projectId: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.constant(flow.projectId)),
        targetGroup: fc.string({ maxLength: 60 }),
        socialWorkerId: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })),
        due: fc.constantFrom('overdue', 'week', 'x', ''),
        sort: fc.oneof(fc.constantFrom('name', 'received', 'stage', 'points', 'due', 'a.pesel', 'name; drop table users', '(select 1)'), fc.string({ maxLength: 30 })),
        dir: fc.oneof(fc.constantFrom('asc', 'desc', 'desc nulls first; --'), fc.string({ maxLength: 10 })),
        page: fc.oneof(fc.integer({ min: -5, max: 1e6 }).map(String), fc.string({ maxLength: 10 })),
        pageSize: fc.oneof(fc.integer({ min: -5, max: 1000 }).map(String), fc.string({ maxLength: 10 })),
      },
      { requiredKeys: [] },
    );
    const id = fc.oneof(fc.uuid(), fc.string({ maxLength: 60 }), fc.constantFrom('..%2F..%2Fetc%2Fpasswd', "1' or '1'='1", '%00'));
    await fc.assert(
      fc.asyncProperty(filter, id, fc.constantFrom<Role>('coordinator', 'social_worker', 'auditor', 'commission'), async (f, pid, role) => {
        cases += 3;
        const list = await s.app.inject({ url: `/api/participants?${new URLSearchParams(f as Record<string, string>)}`, headers: { authorization: `Bearer ${s.tokens[role]}` } });
        expect(list.statusCode, `${JSON.stringify(f)}: ${list.body}`).toBeLessThan(500);
        if (list.statusCode === 200) {
          // A search never leaks: every row matches the text searched for (or the PESEL prefix).
          for (const item of list.json().items as { name: string; pesel: string }[]) {
            if (f.q?.trim()) expect(/^\d{1,11}$/.test(f.q.trim()) ? item.pesel.startsWith(f.q.trim()) : item.name.toLowerCase().includes(f.q.trim().toLowerCase())).toBe(true);
          }
        }
        for (const url of [`/api/participants/${encodeURIComponent(pid)}`, `/api/projects/${encodeURIComponent(pid)}/ranking`]) {
          const res = await s.app.inject({ url, headers: { authorization: `Bearer ${s.tokens[role]}` } });
          expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(500);
        }
        expect(await snapshot()).toBe(baseline);
      }),
      { numRuns: 250 },
    );
  });

  it('ran thousands of cases, refused at every layer (schema 400, unknown id 404, journey or round 409)', () => {
    expect(cases).toBeGreaterThan(3000);
    for (const status of [400, 404, 409]) expect(statuses.get(status) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(10);
  });
});

// The codec endpoints the Temporal UI calls, over real HTTP on the app with a real Temporal dev server: a
// journey's input as Temporal stores it (sealed by the codec) is opened for a coordinator and an
// administrator, refused to a social worker, the director and anyone without a session; what an operator
// types is sealed; CORS answers the UI's origin only; one audit row per call, without the contents.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JOURNEY_WORKFLOW_TYPE } from '../../contracts/journey';
import { apiCaller, createTestUser, loggedIn, type PanelClient, TEMPORAL_UI, testApp, tokenFor } from '../helpers/app';
import { onTeardown } from '../helpers/teardown';

const { app, db, env } = await testApp({ worker: false });

// A journey nobody works on (no worker polls its queue): Temporal keeps its input as the client sealed it.
const input = { applicationId: randomUUID(), projectId: randomUUID(), rulesVersion: 1 };
const workflowId = `codec-test-${randomUUID()}`;
const handle = await env.client.workflow.start(JOURNEY_WORKFLOW_TYPE, { workflowId, taskQueue: `codec-${randomUUID()}`, args: [input] });
onTeardown(() => handle.terminate('test over').catch(() => undefined));
const history = await handle.fetchHistory();
const stored = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
if (!stored) throw new Error('no input payload in the history');
const b64 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('base64');
/** The payload as the UI sends it (proto3 JSON: bytes in base64). */
const sealed = { metadata: Object.fromEntries(Object.entries(stored.metadata ?? {}).map(([k, v]) => [k, b64(v)])), data: b64(stored.data) };

const coordinatorUser = await createTestUser(db, 'coordinator');
const clients: Record<'coordinator' | 'admin' | 'social_worker' | 'director', PanelClient> = {
  coordinator: await loggedIn(app, coordinatorUser),
  admin: await loggedIn(app, await createTestUser(db, 'admin')),
  social_worker: await loggedIn(app, await createTestUser(db, 'social_worker')),
  director: await loggedIn(app, await createTestUser(db, 'director')),
};
const namespace = 'default';

function codec(client: PanelClient | null, direction: 'decode' | 'encode', payloads: unknown[], origin = TEMPORAL_UI) {
  const opts = {
    method: 'POST' as const,
    url: `/codec/${direction}`,
    headers: { 'content-type': 'application/json', 'x-namespace': namespace, origin },
    payload: JSON.stringify({ payloads }),
  };
  return client ? client.request(opts) : app.inject(opts);
}

const auditRows = (userId: string, action: string) =>
  db.selectFrom('audit_log').select(['entity', 'entity_id', 'details']).where('user_id', '=', userId).where('action', '=', action).orderBy('seq').execute();

describe('codec endpoints for the Temporal UI', () => {
  it('opens a payload sealed in a real history for a coordinator, with CORS for the UI, audited once per call', async () => {
    expect(Buffer.from(sealed.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(sealed.data, 'base64').toString('latin1')).not.toContain(input.applicationId);

    const res = await codec(clients.coordinator, 'decode', [sealed]);
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(TEMPORAL_UI);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const [opened] = res.json().payloads as Array<{ metadata: Record<string, string>; data: string }>;
    expect(Buffer.from(opened!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(opened!.data, 'base64').toString())).toEqual(input);

    await codec(clients.coordinator, 'decode', [sealed, sealed]);
    const rows = await auditRows(coordinatorUser.id, 'temporal_payloads_decoded');
    expect(rows).toEqual([
      { entity: 'temporal_namespace', entity_id: namespace, details: { payloads: 1 } },
      { entity: 'temporal_namespace', entity_id: namespace, details: { payloads: 2 } },
    ]);
    expect(JSON.stringify(rows)).not.toContain(input.applicationId);
  });

  it('seals what an operator types, so that the app can open it again', async () => {
    const plain = { metadata: { encoding: b64(Buffer.from('json/plain')) }, data: b64(Buffer.from(JSON.stringify({ note: 'from the UI' }))) };
    const res = await codec(clients.admin, 'encode', [plain]);
    expect(res.statusCode).toBe(200);
    const [out] = res.json().payloads as Array<typeof sealed>;
    expect(Buffer.from(out!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    const back = await codec(clients.admin, 'decode', [out]);
    expect(back.json().payloads).toEqual([plain]);
  });

  it('refuses the roles without it (403) and anyone without a session (401), and answers no other origin', async () => {
    for (const who of ['social_worker', 'director'] as const) {
      for (const direction of ['decode', 'encode'] as const) expect((await codec(clients[who], direction, [sealed])).statusCode, `${who} ${direction}`).toBe(403);
    }
    const anonymous = await codec(null, 'decode', [sealed]);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: 'unauthenticated' });

    const preflight = await app.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: TEMPORAL_UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(TEMPORAL_UI);
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('x-namespace');
    const elsewhere = await codec(clients.coordinator, 'decode', [sealed], 'http://evil.example');
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a damaged payload (422) or a malformed body (400), not 500', async () => {
    const damaged = { ...sealed, data: b64(Buffer.from(sealed.data, 'base64').subarray(0, 40)) };
    const res = await codec(clients.coordinator, 'decode', [damaged]);
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toBe('a payload could not be opened (altered or truncated)');
    expect((await codec(clients.coordinator, 'decode', [{ data: 'not base64!' }])).statusCode).toBe(400);
  });

  it('the same codec in the JSON API with a token: a real history’s payload opened for a coordinator, refused to a social worker, a damaged one 422', async () => {
    const worker = await createTestUser(db, 'social_worker');
    const api = apiCaller(app, { coordinator: await tokenFor(db, coordinatorUser), worker: await tokenFor(db, worker) });
    const opened = await api('coordinator', 'POST', '/api/codec/decode', { payloads: [sealed] }, { 'x-namespace': namespace });
    expect(opened.statusCode).toBe(200);
    const [payload] = opened.json().payloads as Array<{ metadata: Record<string, string>; data: string }>;
    expect(JSON.parse(Buffer.from(payload!.data, 'base64').toString())).toEqual(input);
    // Sealed through the API, opened again: the round trip of an operator's own value.
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"n":1}').toString('base64') };
    const sealedAgain = (await api('coordinator', 'POST', '/api/codec/encode', { payloads: [plain] })).json().payloads;
    expect((await api('coordinator', 'POST', '/api/codec/decode', { payloads: sealedAgain })).json().payloads).toEqual([plain]);
    expect((await api('worker', 'POST', '/api/codec/decode', { payloads: [sealed] })).statusCode).toBe(403);
    const damaged = await api('coordinator', 'POST', '/api/codec/decode', { payloads: [{ ...sealed, data: Buffer.from('x').toString('base64') }] });
    expect(damaged.statusCode).toBe(422);
    expect(damaged.json()).toMatchObject({ error: 'invalid_input', fields: [{ field: 'payloads' }] });
  });
});

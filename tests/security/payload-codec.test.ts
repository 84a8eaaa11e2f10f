// The payload codec on the real time-skipping server: a journey's free text (the social worker's opinion,
// notes) is nowhere in the bytes Temporal stores, while the app, with the key, still reads it; a rotated
// key still opens what the old one sealed; plain payloads are refused (tests/security/forged-signal.test.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { payloadKeyOf } from '../../runtime/config';
import { AesGcmPayloadCodec, decryptHistory, ENCRYPTED_ENCODING, encryptingDataConverter, METADATA_KEY_ID } from '../../runtime/payload-codec';
import { temporal } from '../../runtime/temporal-proto';
import { act, submitApplication } from '../../server/services/journeys';
import { decidedSignal, listApprovedSignal } from '../../contracts/signals';
import { journeyWorkflowId, journeyStateQuery } from '../../contracts/journey';
import { isRefusedPayload } from '../../workflows/refused-payloads';
import { testDataConverter, testWorker } from '../helpers/temporal';
import { Journey, testPesel } from '../journey/driver';
import { timeSkippingWorld } from '../journey/world';

type History = Awaited<ReturnType<Journey['handle']['fetchHistory']>>;

const tag = randomBytes(4).toString('hex');
const OPINION = `Opinia-${tag}: uzależnienie od alkoholu, zadłużenie mieszkania`;
const JOB_NOTE = `Praca-${tag} w piekarni u sąsiadki`;
const END_NOTE = `Rezygnacja-${tag}: przeprowadzka do siostry`;
const SCORES = { disability: 0, long_term_unemployed: 5, popz: 5, multiple_exclusion: 4, worker_opinion: 8 };

const utf8 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');
const newKey = (id: string) => payloadKeyOf(randomBytes(32).toString('base64'), id);

/** Every payload of a history (search attributes aside: they are indexed by the server, ids only). */
function payloadsOf(node: unknown, out: Payload[] = [], key = ''): Payload[] {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array || key === 'searchAttributes') return out;
  const p = node as Payload;
  if (p.metadata && typeof p.metadata === 'object' && METADATA_ENCODING_KEY in p.metadata) out.push(p);
  else for (const [k, v] of Object.entries(node)) payloadsOf(v, out, k);
  return out;
}

/**
 * The payloads that go through the codec: all but the search attributes and the patch markers that the
 * SDK's core writes itself (their only content is the patch id, e.g. {"id":"warsaw-wall-clock"}).
 */
function sealedPayloads(h: History): Payload[] {
  return (h.events ?? []).flatMap((e) => {
    if (e.markerRecordedEventAttributes?.markerName !== 'core_patch') return payloadsOf(e);
    for (const p of payloadsOf(e)) expect(Object.keys(JSON.parse(utf8(p.data))).sort()).toEqual(['deprecated', 'id']);
    return [];
  });
}

const historyBytes = (h: History) => Buffer.from(temporal.api.history.v1.History.encode(h).finish());

const w = await timeSkippingWorld();

describe('payload encryption', () => {
  it('keeps free text out of the stored history, and the app still reads it', async () => {
    const j = new Journey(w);
    await j.submit();
    expect(await j.act('screen', { scores: SCORES, opinion: OPINION })).toEqual({ points: 22 });
    await j.decide('qualified');
    await j.approveList();
    await j.waitStage('joining');
    await j.sign();
    await j.waitStage('support');
    await j.act('recordJob', { foundOn: await j.today(), note: JOB_NOTE });
    await j.end('resigned', END_NOTE);

    // A client without the codec gets exactly what the server stores.
    const raw = new Client({ connection: w.env.connection, namespace: w.env.namespace ?? 'default' });
    const handle = raw.workflow.getHandle(journeyWorkflowId(j.applicationId));
    const history = await handle.fetchHistory();
    const bytes = historyBytes(history);
    for (const secret of [OPINION, JOB_NOTE, END_NOTE, tag]) {
      expect(bytes.includes(Buffer.from(secret)), `history bytes hold ${secret}`).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(secret).toString('base64').slice(0, 12))), `history holds ${secret} in base64`).toBe(false);
    }
    const payloads = sealedPayloads(history);
    expect(payloads.length).toBeGreaterThan(30);
    for (const p of payloads) {
      expect(utf8(p.metadata![METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
      expect(utf8(p.metadata![METADATA_KEY_ID])).toBe('test');
    }
    // Without the key the state cannot even be read…
    await expect(handle.query(journeyStateQuery)).rejects.toThrow(/binary\/encrypted/);

    // …with it, the app reads its state, and the history opens to the very texts.
    expect((await j.state()).stage).toBe('ended');
    const opened = historyBytes(await decryptHistory(history, testDataConverter));
    for (const secret of [OPINION, JOB_NOTE, END_NOTE]) expect(opened.includes(Buffer.from(secret)), secret).toBe(true);
    const row = await w.db.selectFrom('applications').select(['opinion', 'end_note']).where('id', '=', j.applicationId).executeTakeFirstOrThrow();
    expect(row).toEqual({ opinion: OPINION, end_note: END_NOTE });
  });

  it('opens payloads sealed with a rotated key, and refuses an unknown key id', async () => {
    const oldKey = newKey('2025-01');
    const newer = newKey('2026-01');
    const before = encryptingDataConverter({ current: oldKey });
    const after = encryptingDataConverter({ current: newer, previous: [oldKey] });
    const clientWith = (dataConverter: typeof before) => new Client({ connection: w.env.connection, namespace: w.env.namespace ?? 'default', dataConverter });
    const taskQueue = `rotation-${randomUUID()}`;
    const deps = { db: w.db, now: () => new Date() };

    // Before the rotation: the journey starts and is screened under the old key. (No workflow cache:
    // the time-skipping server would hold the next task for the stopped worker's sticky queue.)
    const first = await testWorker(w.env, deps, {}, { taskQueue, dataConverter: before, maxCachedWorkflows: 0 });
    const oldClient = clientWith(before);
    const { applicationId } = await first.worker.runUntil(async () => {
      const submitted = await submitApplication({ db: w.db, temporal: oldClient, taskQueue }, w.worker, {
        projectId: w.projectId, firstName: 'Irena', lastName: 'Kowal', pesel: testPesel(900), birthDate: '2002-03-15', sex: 'K', channel: 'in_person',
      }, randomUUID());
      expect(await act({ temporal: oldClient }, w.worker, submitted.applicationId, 'screen', { scores: SCORES, opinion: OPINION }, randomUUID())).toEqual({ points: 22 });
      return submitted;
    });

    // After it: a new worker and client seal with the new key; the old history (replayed from scratch by
    // the new worker) still opens, and the journey goes on.
    const second = await testWorker(w.env, deps, {}, { taskQueue, dataConverter: after });
    const newClient = clientWith(after);
    const handle = newClient.workflow.getHandle(journeyWorkflowId(applicationId));
    await second.worker.runUntil(async () => {
      expect((await handle.query(journeyStateQuery)).stage).toBe('screened');
      const at = new Date(await w.env.currentTimeMs()).toISOString();
      await handle.signal(decidedSignal, { decision: 'qualified', fromReserve: false, decidedBy: w.coordinator.id, decidedAt: at });
      await handle.signal(listApprovedSignal, { approvedBy: w.coordinator.id, approvedAt: at });
      let stage = '';
      for (let i = 0; i < 100 && stage !== 'joining'; i++) {
        stage = (await handle.query(journeyStateQuery)).stage;
        if (stage !== 'joining') await new Promise((r) => setTimeout(r, 100));
      }
      expect(stage).toBe('joining');
    });

    const history = await handle.fetchHistory();
    const ids = new Set(sealedPayloads(history).map((p) => utf8(p.metadata![METADATA_KEY_ID])));
    expect([...ids].sort()).toEqual(['2025-01', '2026-01']);
    const sealedOld = sealedPayloads(history).filter((p) => utf8(p.metadata![METADATA_KEY_ID]) === '2025-01');
    // Only the new key: the old payloads cannot be opened, and the error says what to configure.
    await expect(new AesGcmPayloadCodec(newer).decode(sealedOld)).rejects.toThrow(/unknown key id 2025-01.*PAYLOAD_PREVIOUS_KEYS/);
    const opened = historyBytes(await decryptHistory(history, after));
    expect(opened.includes(Buffer.from(OPINION))).toBe(true);
  });

  it('refuses plain payloads (unless replaying old fixtures), keeps metadata, and refuses a tampered ciphertext', async () => {
    const key = newKey('k1');
    const codec = new AesGcmPayloadCodec(key);
    const plain: Payload = { metadata: { [METADATA_ENCODING_KEY]: Buffer.from('json/plain') }, data: Buffer.from('{"opinion":"x"}') };
    // A plain payload becomes the refusal marker that the workflow interceptor turns away.
    const [marker] = await codec.decode([plain]);
    expect(isRefusedPayload(JSON.parse(utf8(marker!.data)))).toBe(true);
    expect(await new AesGcmPayloadCodec(key, [], { acceptPlaintext: true }).decode([plain])).toEqual([plain]);
    const none: Payload = { metadata: { [METADATA_ENCODING_KEY]: Buffer.from('binary/null') } };
    const [sealedNone, sealedPlain] = await codec.encode([none, plain]);
    const [back, back2] = await codec.decode([sealedNone!, sealedPlain!]);
    expect(utf8(back!.metadata![METADATA_ENCODING_KEY])).toBe('binary/null');
    expect(utf8(back2!.data)).toBe('{"opinion":"x"}');
    // Two seals of one value differ (a fresh nonce each time).
    const [again] = await codec.encode([plain]);
    expect(Buffer.from(again!.data!).equals(Buffer.from(sealedPlain!.data!))).toBe(false);
    const tampered = Buffer.from(sealedPlain!.data!);
    tampered[20] = tampered[20]! ^ 1;
    await expect(codec.decode([{ ...sealedPlain!, data: tampered }])).rejects.toThrow();
  });
});

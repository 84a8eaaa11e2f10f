// The payload codec for operators: the Temporal UI sends the encrypted payloads of a history it shows and
// gets them back opened (decode), or sends what an operator typed to be sealed (encode), in the codec
// server protocol ({payloads: [{metadata: {k: base64}, data: base64}]}). The app's own codec does the
// work (runtime/payload-codec.ts), so no key leaves the app. One audit row per call: who, which
// namespace, how many payloads; never their contents.
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import type { Db } from '../../db/connect';
import { AppError, RequestShapeError } from '../../domain/errors';
import { assertCan } from '../../domain/permissions';
import type { ServiceActor } from '../actor';
import { audit } from '../audit';

const base64 = z.base64();
/** One payload as the codec server protocol states it (proto3 JSON: bytes as base64). */
const jsonPayload = z.object({ metadata: z.record(z.string().max(200), base64).default({}), data: base64.default('') });
export const codecBodySchema = z.object({ payloads: z.array(jsonPayload).max(1000) });
export type JsonPayload = z.output<typeof jsonPayload>;

export type CodecDirection = 'encode' | 'decode';

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data, 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export async function runCodec(
  deps: { db: Db; codecs: readonly PayloadCodec[] },
  actor: ServiceActor,
  direction: CodecDirection,
  namespace: string | undefined,
  body: unknown,
): Promise<{ payloads: JsonPayload[] }> {
  assertCan(actor.role, 'useTemporalCodec');
  const parsed = codecBodySchema.safeParse(body);
  if (!parsed.success) throw new RequestShapeError('expected {"payloads": [{"metadata": {…}, "data": "…"}]} with base64 values', [{ field: 'payloads', message: 'invalid' }]);
  let payloads = parsed.data.payloads.map(fromJson);
  try {
    // Encoding runs the codecs in order, decoding in reverse (as the SDK chains them).
    const chain = direction === 'encode' ? deps.codecs : [...deps.codecs].reverse();
    for (const codec of chain) payloads = await codec[direction](payloads);
  } catch (err) {
    // A payload sealed with an unknown key, or altered: the operator learns that, not the library's words.
    const reason = err instanceof Error && /unknown key id/.test(err.message) ? 'a payload is sealed with a key this app does not hold' : 'a payload could not be opened (altered or truncated)';
    throw new AppError('invalid_input', reason, [{ field: 'payloads', message: reason }]);
  } finally {
    await audit(deps.db, actor, {
      action: direction === 'decode' ? 'temporal_payloads_decoded' : 'temporal_payloads_encoded',
      entity: 'temporal_namespace',
      entityId: namespace?.slice(0, 100) ?? null,
      details: { payloads: parsed.data.payloads.length },
    });
  }
  return { payloads: payloads.map(toJson) };
}

// Every Temporal payload (workflow inputs and results, Update arguments and results, activity inputs
// and results, signals, queries, memos) is encrypted before it leaves the process: the Temporal server,
// its database and its Web UI see only ciphertext. AES-256-GCM; the id of the key travels in the
// payload's metadata, so a rotated key can still open what it sealed. Codecs run in the client and in
// the worker's main thread, outside the workflow sandbox, so node:crypto is fine here.
// A payload that is not sealed (sent with the bare Temporal client or the UI) is refused: see
// workflows/refused-payloads.ts for how the worker turns it away without wedging the journey.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import path from 'node:path';
import { METADATA_ENCODING_KEY, ValueError, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { REFUSED_PAYLOAD_KEY, REFUSED_PAYLOAD_MESSAGE } from '../workflows/refused-payloads';
import type { PayloadKey } from './config';
import { temporal } from './temporal-proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

/** The workflow bundle's modules that go with this codec: the refusal interceptor and the failure converter. */
export const REFUSED_PAYLOADS_MODULE = path.resolve(import.meta.dirname, '../workflows/refused-payloads.ts');
export const FAILURE_CONVERTER_PATH = path.resolve(import.meta.dirname, 'failure-converter.ts');

export interface CodecOptions {
  /**
   * Let payloads that are not sealed through as they are. Only for tests replaying histories recorded
   * in plain text (fixtures from before the codec); production never sets it.
   */
  acceptPlaintext?: boolean;
}

/**
 * What a plain payload decodes to: a JSON marker that the workflow's interceptor refuses. Not an error:
 * the SDK fails the workflow task on a codec error and retries it forever, and a signal stays in the
 * history, so one forged signal would stop the journey for good.
 */
const refusedPayload = (): Payload => ({
  metadata: { [METADATA_ENCODING_KEY]: utf8('json/plain') },
  data: utf8(JSON.stringify({ [REFUSED_PAYLOAD_KEY]: REFUSED_PAYLOAD_MESSAGE })),
});

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys = new Map<string, Buffer>();

  /** `current` seals; `current` and every `previous` key open. */
  constructor(private readonly current: PayloadKey, previous: PayloadKey[] = [], private readonly options: CodecOptions = {}) {
    for (const k of [...previous, current]) {
      if (k.key.length !== 32) throw new ValueError(`payload key ${k.id} is not 32 bytes`);
      this.keys.set(k.id, k.key);
    }
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      // The whole payload (its metadata too: the encoding says what the plaintext is) is sealed.
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [METADATA_KEY_ID]: utf8(this.current.id) },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return this.options.acceptPlaintext ? payload : refusedPayload();
      const id = text(payload.metadata?.[METADATA_KEY_ID]);
      const key = id === undefined ? undefined : this.keys.get(id);
      if (!key) throw new ValueError(`payload sealed with unknown key id ${id ?? '(none)'}; add it to PAYLOAD_PREVIOUS_KEYS`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('encrypted payload is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** The data converter of every Client and Worker the project creates. */
export function encryptingDataConverter(keys: { current: PayloadKey; previous?: PayloadKey[] }, options: CodecOptions = {}): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys.current, keys.previous, options)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

/**
 * The same history with every encrypted payload opened, in place: recorded fixtures are kept in plain
 * text (fake people only) so that they replay without a secret.
 */
export async function decryptHistory<T extends object>(history: T, dataConverter: DataConverter): Promise<T> {
  const codecs = [...(dataConverter.payloadCodecs ?? [])].reverse();
  const visit = async (node: object): Promise<void> => {
    for (const [k, v] of Object.entries(node)) {
      if (!v || typeof v !== 'object' || v instanceof Uint8Array) continue;
      const metadata = (v as Payload).metadata;
      if (metadata && typeof metadata === 'object' && text(metadata[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING) {
        let payloads: Payload[] = [v as Payload];
        for (const c of codecs) payloads = await c.decode(payloads);
        (node as Record<string, unknown>)[k] = payloads[0];
      } else {
        await visit(v);
      }
    }
  };
  await visit(history);
  return history;
}

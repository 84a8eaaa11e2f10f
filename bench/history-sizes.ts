// `npx tsx bench/history-sizes.ts`: what a journey costs Temporal's persistence, measured on the recorded
// histories the replay tests replay (tests/**/histories): events, and bytes of the history as protobuf, the
// form Temporal stores, both as recorded (plain payloads) and with every payload sealed by the app's codec
// (AES-256-GCM, runtime/payload-codec.ts), as production stores it. Per workflow type: mean, min, max.
// The README's "Beyond one machine" section uses these figures.
import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { AesGcmPayloadCodec } from '../runtime/payload-codec';
import { temporal } from '../runtime/temporal-proto';
import { recordedHistories } from './replay';

type History = import('@temporalio/proto').temporal.api.history.v1.IHistory;

const codec = new AesGcmPayloadCodec({ id: 'size', key: randomBytes(32) });
const bytes = (h: History) => temporal.api.history.v1.History.encode(h).finish().length;

/** A copy of the history with the payloads of every `payloads` list sealed (search attributes stay plain, as in production). */
async function sealed(h: History): Promise<History> {
  const copy = temporal.api.history.v1.History.decode(temporal.api.history.v1.History.encode(h).finish());
  const visit = async (node: object): Promise<void> => {
    for (const [k, v] of Object.entries(node)) {
      if (!v || typeof v !== 'object' || v instanceof Uint8Array) continue;
      if (k === 'payloads' && Array.isArray(v)) (node as Record<string, unknown>)[k] = await codec.encode(v as Payload[]);
      else await visit(v as object);
    }
  };
  await visit(copy);
  return copy;
}

const rows = new Map<string, Array<{ file: string; events: number; plain: number; sealed: number; days: number }>>();
for (const { workflowId, history } of await recordedHistories()) {
  const events = history.events ?? [];
  const type = events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '?';
  const seconds = (e: (typeof events)[number] | undefined) => Number(e?.eventTime?.seconds ?? 0);
  const days = (seconds(events.at(-1)) - seconds(events[0])) / 86_400;
  rows.set(type, [...(rows.get(type) ?? []), { file: workflowId, events: events.length, plain: bytes(history), sealed: bytes(await sealed(history)), days }]);
}

const stat = (xs: number[]) => ({ mean: Math.round(xs.reduce((a, b) => a + b, 0) / xs.length), min: Math.min(...xs), max: Math.max(...xs) });
const out: Record<string, unknown> = {};
for (const [type, list] of rows) {
  out[type] = {
    histories: list.length,
    events: stat(list.map((r) => r.events)),
    plainBytes: stat(list.map((r) => r.plain)),
    sealedBytes: stat(list.map((r) => r.sealed)),
    sealedBytesPerEvent: Math.round(list.reduce((n, r) => n + r.sealed, 0) / list.reduce((n, r) => n + r.events, 0)),
    each: list.map((r) => `${r.file}: ${r.events} events, ${r.plain} / ${r.sealed} B, ${r.days.toFixed(0)} days`),
  };
}
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);

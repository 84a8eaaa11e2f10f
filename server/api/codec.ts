// The payload codec in the JSON API, for operators' tools that read Temporal histories outside the UI
// (tctl / temporal CLI with a codec endpoint, scripts): the same service as the UI's /codec routes, the
// same roles, one audit row per call.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth';
import { codecBodySchema, runCodec, type CodecDirection } from '../services/temporal-codec';
import { errorResponses, operation } from './common';

const DIRECTIONS: readonly CodecDirection[] = ['decode', 'encode'];
const namespaceHeader = z.object({ 'x-namespace': z.string().max(200).optional().describe('the Temporal namespace the payloads come from (recorded in the audit row)') });
const payloadsAnswer = z.object({ payloads: z.array(z.object({ metadata: z.record(z.string(), z.base64()), data: z.base64() })) });

export async function apiCodecRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, temporal } = app.deps;
  const codecs = temporal.options.loadedDataConverter.payloadCodecs;
  for (const direction of DIRECTIONS) {
    r.post(
      `/codec/${direction}`,
      operation('useTemporalCodec', {
        tags: ['operations'],
        description: direction === 'decode' ? 'Opens encrypted Temporal payloads (the codec server protocol).' : 'Seals payloads with the current key (the codec server protocol).',
        headers: namespaceHeader,
        body: codecBodySchema,
        response: { 200: payloadsAnswer, ...errorResponses },
      }, direction === 'decode' ? 'decodePayloads' : 'encodePayloads'),
      async (req) => runCodec({ db, codecs }, actorOf(req), direction, req.headers['x-namespace'], req.body),
    );
  }
}

// The codec endpoints of the Temporal UI (its "codec server" setting, or TEMPORAL_CODEC_ENDPOINT, set to
// <panel>/codec): POST /codec/decode and /codec/encode for logged-in administrators and coordinators
// (the session cookie, sent by the UI with "include credentials"). CORS lets the UI's origin
// (TEMPORAL_UI_URL) and only it read the answers; the browser's preflight is answered without a session.
// No CSRF token (the UI cannot send one): both are reads without effect but the audit row, and a JSON
// body forces that preflight, which other origins fail.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../auth';
import { runCodec, type CodecDirection } from '../services/temporal-codec';

const DIRECTIONS: readonly CodecDirection[] = ['decode', 'encode'];

export async function codecRoutes(app: FastifyInstance) {
  const { db, temporal, temporalUiUrl } = app.deps;
  const codecs = temporal.options.loadedDataConverter.payloadCodecs;
  const uiOrigin = temporalUiUrl ? new URL(temporalUiUrl).origin : undefined;

  function cors(req: FastifyRequest, reply: FastifyReply) {
    reply.header('vary', 'Origin');
    if (!uiOrigin || req.headers.origin !== uiOrigin) return;
    reply.header('access-control-allow-origin', uiOrigin).header('access-control-allow-credentials', 'true');
  }
  // On every answer of these routes, refusals included (the UI shows why it could not decode).
  app.addHook('onSend', async (req, reply) => cors(req, reply));

  for (const direction of DIRECTIONS) {
    const url = `/codec/${direction}`;
    app.options(url, { config: { access: 'public' } }, async (_req, reply) => {
      reply.header('access-control-allow-methods', 'POST').header('access-control-allow-headers', 'content-type, x-namespace').header('access-control-max-age', '600');
      return reply.code(204).send();
    });
    app.post(url, { config: { op: 'useTemporalCodec', csrf: false } }, async (req) => {
      const namespace = req.headers['x-namespace'];
      return runCodec({ db, codecs }, actorOf(req), direction, typeof namespace === 'string' ? namespace : undefined, req.body);
    });
  }
}

// The JSON API under /api: OpenAPI at /api/openapi.json, Swagger UI at /api/docs.
import { withLinks } from './links';
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { LoginRateLimit } from '../panel/auth-routes';
import { LINE_PATTERN, TEXT_PATTERN } from '../input-guard';
import { apiAuthRoutes } from './auth';
import { apiGdprRoutes } from './gdpr';
import { apiApplicationRoutes } from './applications';
import { apiLetterRoutes } from './letters';
import { apiIsrRoutes } from './isr';
import { apiTaskRoutes } from './tasks';
import { apiParticipantRoutes } from './participants';
import { apiProjectRoutes, apiRulesRoutes } from './projects';
import { apiRecruitmentRoutes } from './recruitment';
import { apiReportRoutes } from './reports';
import { apiUserRoutes } from './users';
import { apiSessionRoutes } from './sessions';
import { apiTokenRoutes } from './tokens';
import { apiCodecRoutes } from './codec';

/** Every operation has a summary: its own, or its operationId in words ("listRulesVersions" -> "List rules versions"). */
const withSummary: typeof jsonSchemaTransform = (input) => {
  const out = jsonSchemaTransform(input);
  const schema = out.schema as { operationId?: string; summary?: string };
  if (!schema.summary && schema.operationId) {
    const words = schema.operationId.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
    schema.summary = words.charAt(0).toUpperCase() + words.slice(1);
  }
  return out;
};

/**
 * Drops the component schemas nothing refers to (the zod transform registers an input and an output
 * variant of each named schema; a schema used one way only leaves the other unused).
 */
function withoutUnusedSchemas<T>(doc: T): T {
  const d = doc as { components?: { schemas?: Record<string, unknown> } };
  const schemas = d.components?.schemas;
  if (!schemas) return doc;
  for (;;) {
    const { [`components`]: _c, ...rest } = d as Record<string, unknown>;
    const text = JSON.stringify([rest, ...Object.values(schemas)]);
    const unused = Object.keys(schemas).filter((name) => !text.includes(`"#/components/schemas/${name}"`));
    if (!unused.length) return doc;
    for (const name of unused) delete schemas[name];
  }
}

type JsonSchema = Record<string, unknown>;

/**
 * States the input guard's control-character rule (server/input-guard.ts) in the document, once for
 * every operation: each free text of a request (one without a format, pattern or enum of its own, all of
 * which exclude controls already) gets the pattern, and so does each key of an open object.
 */
function withControlRule<T>(doc: T): T {
  const mark = (s: unknown, pattern: string): void => {
    if (Array.isArray(s)) return s.forEach((x) => mark(x, pattern));
    if (!s || typeof s !== 'object') return;
    const schema = s as JsonSchema;
    const types = [schema.type].flat();
    if (types.includes('string') && !schema.pattern && !schema.format && !schema.enum && schema.const === undefined) schema.pattern = pattern;
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') schema.propertyNames ??= { type: 'string' };
    for (const v of Object.values(schema)) mark(v, pattern);
  };
  const paths = (doc as { paths?: Record<string, Record<string, JsonSchema>> }).paths ?? {};
  for (const op of Object.values(paths).flatMap((methods) => Object.values(methods))) {
    for (const p of (op.parameters as Array<{ schema?: unknown }> | undefined) ?? []) mark(p.schema, LINE_PATTERN);
    const content = (op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content ?? {};
    for (const media of Object.values(content)) mark(media.schema, TEXT_PATTERN);
  }
  return doc;
}

export function apiRoutes(loginRateLimit: LoginRateLimit) {
  return async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Ścieżka API',
          version: '1.0.0',
          description: 'Participant journeys of active-integration projects. Fields are camelCase.',
          license: { name: 'Proprietary (the centre that runs it)', identifier: 'LicenseRef-Proprietary' },
        },
        // Relative: the document is served by the system it describes, wherever PUBLIC_URL puts it.
        servers: [{ url: '/', description: 'this system' }],
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'An API token (npm run cli -- token create --email …, or the Users page).' },
            session: { type: 'apiKey', in: 'cookie', name: 'sciezka_session' },
          },
        },
        security: [{ bearer: [] }, { session: [] }],
      },
      transform: withSummary,
      transformObject: (doc) => withLinks(withControlRule(withoutUnusedSchemas(jsonSchemaTransformObject(doc)))),
    });
    // The UI's own assets and inline bootstrap need a looser CSP than the panel; it lives under /api/docs only.
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      transformStaticCSP: (header) => header,
    });
    app.get('/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
    await app.register(apiAuthRoutes(loginRateLimit));
    await app.register(apiProjectRoutes);
    await app.register(apiRulesRoutes);
    await app.register(apiApplicationRoutes);
    await app.register(apiRecruitmentRoutes);
    await app.register(apiParticipantRoutes);
    await app.register(apiGdprRoutes);
    await app.register(apiReportRoutes);
    await app.register(apiLetterRoutes);
    await app.register(apiUserRoutes);
    await app.register(apiIsrRoutes);
    await app.register(apiTaskRoutes);
    await app.register(apiSessionRoutes);
    await app.register(apiTokenRoutes);
    await app.register(apiCodecRoutes);
  };
}

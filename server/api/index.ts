// The JSON API under /api: OpenAPI at /api/openapi.json, Swagger UI at /api/docs.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { LoginRateLimit } from '../panel/auth-routes';
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

export function apiRoutes(loginRateLimit: LoginRateLimit) {
  return async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        info: { title: 'Ścieżka API', version: '1.0.0', description: 'Participant journeys of active-integration projects. Fields are camelCase.' },
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'An API token (npm run cli -- token create --email …, or the Users page).' },
            session: { type: 'apiKey', in: 'cookie', name: 'sciezka_session' },
          },
        },
        security: [{ bearer: [] }, { session: [] }],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
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
  };
}

/**
 * The OpenAPI document (generated from the route schemas by @fastify/swagger), served at
 * /api/v1/openapi.json, and the Swagger UI page at /docs. Both are public: they describe the
 * API, they do not expose data. OpenAPI 3.1, because TypeBox writes nullable fields as
 * `anyOf [..., {type: 'null'}]`, which 3.0 cannot express.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from './plugins/auth.ts';

export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'promo — Package and Deploy for Boomi',
        version,
        description:
          'Packages and deploys Boomi promotions (TEST, PRODUCTION from test, PRODUCTION hotfix), records peer ' +
          'reviews and admin denials. Errors always answer {success: false, errorCode, errorMessage}.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A service API token (promo_…) or an OIDC JWT of the configured issuer',
          },
        },
      },
      security: [{ bearer: [] }],
      tags: [
        { name: 'deployments', description: 'Package and Deploy runs' },
        { name: 'promotions', description: 'The PromotionLog, peer review and denial' },
        { name: 'targets', description: 'Environments, account groups and the deployment-target registry' },
        { name: 'integration-packs', description: 'The account’s publisher Integration Packs (discovery)' },
        {
          name: 'access',
          description: 'Component mappings, dev-account access and the extension-access cache',
        },
        { name: 'audit', description: 'The audit log' },
        { name: 'notifications', description: 'Email and webhook notifications and their delivery state' },
        { name: 'console', description: 'The caller and how to sign in, for the browser console' },
        { name: 'operations', description: 'Health, readiness and metrics (no authentication)' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get(OPENAPI_PATH, { config: { allow: 'public' }, schema: { hide: true } }, async () => app.swagger());
}

/**
 * Admin-managed access data (spec §6, §7): ComponentMapping and DevAccountAccess bulk upserts,
 * the ExtensionAccessMapping cache, and its on-demand rebuild for one environment.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EmptyBodySchema, IdempotencyHeadersSchema, errorResponses } from '../schemas/common.ts';
import {
  CacheRefreshAnswerSchema,
  ComponentMappingsBodySchema,
  DevAccountAccessBodySchema,
  EnvironmentParamsSchema,
  ExtensionAccessListSchema,
  ExtensionAccessQuerySchema,
  UpsertAnswerSchema,
} from '../schemas/access.ts';
import { ADMIN, ANY_ROLE, callerOf } from './access-rules.ts';

/** Bulk bodies may be large (10,000 rows); everything else keeps the app's 1 MiB limit. */
const BULK_BODY_LIMIT = 8 * 1024 * 1024;

export const accessRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { access, cache } = app.deps.services;
  const audit = (action: string, targetType: string) => ({ action, targetType, targetId: () => null });

  app.put(
    '/component-mappings',
    {
      config: { allow: ADMIN, audit: audit('component-mappings.upsert', 'component-mapping') },
      bodyLimit: BULK_BODY_LIMIT,
      schema: {
        tags: ['access'],
        summary: 'Insert or replace ComponentMappings by (devComponentId, devAccountId)',
        body: ComponentMappingsBodySchema,
        response: { ...errorResponses(), 200: UpsertAnswerSchema },
      },
    },
    async (request) => ({
      success: true as const,
      upserted: await access.upsertComponentMappings(request.body.mappings),
    }),
  );

  app.put(
    '/dev-account-access',
    {
      config: { allow: ADMIN, audit: audit('dev-account-access.upsert', 'dev-account-access') },
      bodyLimit: BULK_BODY_LIMIT,
      schema: {
        tags: ['access'],
        summary: 'Insert or replace DevAccountAccess rows by (ssoGroupId, devAccountId)',
        body: DevAccountAccessBodySchema,
        response: { ...errorResponses(), 200: UpsertAnswerSchema },
      },
    },
    async (request) => ({
      success: true as const,
      upserted: await access.upsertDevAccountAccess(request.body.entries),
    }),
  );

  app.get(
    '/extension-access',
    {
      config: { allow: ANY_ROLE },
      schema: {
        tags: ['access'],
        summary: 'One environment’s ExtensionAccessMapping cache',
        querystring: ExtensionAccessQuerySchema,
        response: { ...errorResponses(), 200: ExtensionAccessListSchema },
      },
    },
    async (request) => ({
      items: await access.extensionAccess(request.query.environmentId),
      nextCursor: null,
    }),
  );

  app.post(
    '/environments/:environmentId/extension-access/refresh',
    {
      config: {
        allow: ADMIN,
        audit: {
          action: 'extension-access.refresh',
          targetType: 'environment',
          targetId: (r) => (r.params as { environmentId?: string }).environmentId,
        },
      },
      schema: {
        tags: ['access'],
        summary: 'Rebuild one environment’s ExtensionAccessMapping cache now',
        params: EnvironmentParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: EmptyBodySchema,
        response: { ...errorResponses(404, 409, 422, 503), 200: CacheRefreshAnswerSchema },
      },
    },
    async (request) => {
      const result = await cache.refreshEnvironment(request.params.environmentId, callerOf(request));
      return { success: true as const, ...result };
    },
  );
};

/**
 * Admin-managed access data (spec §6, §7): ComponentMapping and DevAccountAccess bulk upserts,
 * the ExtensionAccessMapping cache, and its on-demand rebuild for one environment.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PromoError } from '../../domain/errors.ts';
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

/** One statement cannot upsert the same key twice, and a caller sending it twice has a bug. */
export function refuseDuplicateKeys<T>(rows: readonly T[], keyOf: (row: T) => string, what: string): void {
  const seen = new Set<string>();
  for (const row of rows) {
    const key = keyOf(row);
    if (seen.has(key)) throw new PromoError('INVALID_REQUEST', `${what} ${key} appears more than once`);
    seen.add(key);
  }
}

export const accessRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { repositories, services, accountId } = app.deps;
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
    async (request) => {
      const { mappings } = request.body;
      refuseDuplicateKeys(mappings, (m) => `${m.devAccountId}/${m.devComponentId}`, 'Mapping');
      const foreign = mappings.find((m) => m.prodAccountId !== accountId);
      if (foreign)
        throw new PromoError(
          'INVALID_REQUEST',
          `prodAccountId '${foreign.prodAccountId}' is not the configured account`,
        );
      const rows = mappings.map((m) => ({ ...m, mappingSource: m.mappingSource ?? null }));
      return { success: true as const, upserted: await repositories.componentMappings.upsertMany(rows) };
    },
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
    async (request) => {
      const { entries } = request.body;
      refuseDuplicateKeys(entries, (e) => `${e.ssoGroupId}/${e.devAccountId}`, 'Access entry');
      const rows = entries.map((e) => ({ ...e, isActive: e.isActive === true || e.isActive === 'true' }));
      return { success: true as const, upserted: await repositories.devAccountAccess.upsertMany(rows) };
    },
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
      items: await repositories.extensionAccessMappings.listForEnvironment(request.query.environmentId),
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
      const result = await services.cache.refreshEnvironment(request.params.environmentId, callerOf(request));
      return { success: true as const, ...result };
    },
  );
};

/** Integration Pack discovery (spec §11): the publisher packs an admin chooses from. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../schemas/common.ts';
import { IntegrationPackListSchema, IntegrationPackQuerySchema } from '../schemas/integration-packs.ts';
import { ANY_ROLE } from './access-rules.ts';

export const integrationPackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { integrationPacks } = app.deps.services;

  app.get(
    '/integration-packs',
    {
      config: { allow: ANY_ROLE },
      schema: {
        tags: ['integration-packs'],
        summary: 'The account’s publisher Integration Packs, newest first, with the suggestion for a process',
        querystring: IntegrationPackQuerySchema,
        response: { ...errorResponses(503), 200: IntegrationPackListSchema },
      },
    },
    async (request) => ({
      items: await integrationPacks.list(request.query),
      nextCursor: null,
    }),
  );
};

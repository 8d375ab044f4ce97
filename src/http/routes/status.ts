/** The account's status (spec §10), for every role: its Boomi branch count against the limits. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../schemas/common.ts';
import { StatusSchema } from '../schemas/status.ts';
import { ANY_ROLE } from './access-rules.ts';

export const statusRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { status } = app.deps.services;

  app.get(
    '/status',
    {
      config: { allow: ANY_ROLE },
      schema: {
        tags: ['operations'],
        summary: 'The Boomi account’s branch count against the limits (warning 15, critical 20)',
        response: { ...errorResponses(503), 200: StatusSchema },
      },
    },
    async () => status.read(),
  );
};

/** The audit log, newest first, for admins (spec §8). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../schemas/common.ts';
import { AuditPageSchema, AuditQuerySchema } from '../schemas/audit.ts';
import { ADMIN } from './access-rules.ts';

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      config: { allow: ADMIN },
      schema: {
        tags: ['audit'],
        summary: 'Audit entries (who, what, target, outcome), newest first, filtered and paged',
        querystring: AuditQuerySchema,
        response: { ...errorResponses(), 200: AuditPageSchema },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return app.deps.services.audit.list(filter, { limit, cursor });
    },
  );
};

/**
 * Rollback of a deployment run (spec §12): admin only, `{reason, environmentIds?}`; the checks
 * answer at once, the durable rollback run continues (202 {runId}) and is followed like a run.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../schemas/common.ts';
import { RunAcceptedSchema, RunParamsSchema } from '../schemas/deployments.ts';
import { RollbackBodySchema } from '../schemas/rollback.ts';
import { ADMIN, callerOf } from './access-rules.ts';

export const rollbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { rollbacks } = app.deps.services;

  app.post(
    '/deployments/:runId/rollback',
    {
      config: {
        allow: ADMIN,
        audit: {
          action: 'deployment.rollback',
          targetType: 'run',
          targetId: (r) => (r.params as { runId?: string }).runId ?? null,
        },
      },
      schema: {
        tags: ['deployments'],
        summary: 'Roll back a finished run: the previous package again, or none where there was none',
        params: RunParamsSchema,
        body: RollbackBodySchema,
        response: { ...errorResponses(404, 409, 503), 202: RunAcceptedSchema },
      },
    },
    async (request, reply) => {
      const accepted = await rollbacks.start(request.params.runId, request.body, callerOf(request));
      return reply.status(202).send(accepted);
    },
  );
};

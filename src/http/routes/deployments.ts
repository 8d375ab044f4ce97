/**
 * Package and Deploy (spec §7): synchronous, asynchronous (202 + run id), the run's state, and
 * its server-sent events. The body is parsed by the domain (check 1) before the role check
 * (check 2); the service does checks 3–9.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parseDeployRequest } from '../../domain/deploy-request.ts';
import { ERROR_CODES } from '../../domain/errors.ts';
import { ErrorBodySchema, IdempotencyHeadersSchema, errorResponses } from '../schemas/common.ts';
import {
  DeployRequestBody,
  DeployResponseSchema,
  DeploymentRunSchema,
  RunAcceptedSchema,
  RunParamsSchema,
} from '../schemas/deployments.ts';
import { streamRunEvents } from '../sse.ts';
import { domainParsedBody } from '../validation.ts';
import { ADMIN, ANY_ROLE, bodyField, callerOf, idempotencyKeyOf, notFound } from './access-rules.ts';

const deployAudit = (action: string) => ({
  action,
  targetType: 'promotion',
  targetId: (request: Parameters<typeof bodyField>[0]) => bodyField(request, 'promotionId'),
});
const failedRun = Type.Union([DeployResponseSchema, ErrorBodySchema]);

export const deploymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { deployments } = app.deps.services;
  const deploySchema = {
    headers: IdempotencyHeadersSchema,
    body: DeployRequestBody,
    tags: ['deployments'],
  };

  app.post(
    '/package-and-deploy',
    {
      config: { allow: ADMIN, audit: deployAudit('deployment.run') },
      validatorCompiler: domainParsedBody(parseDeployRequest),
      schema: {
        ...deploySchema,
        summary: 'Package and deploy a promotion and answer with the final response',
        response: {
          ...errorResponses(404, 409, 422, 503),
          200: DeployResponseSchema,
          502: failedRun,
          504: failedRun,
        },
      },
    },
    async (request, reply) => {
      const response = await deployments.runSync(request.body, callerOf(request), idempotencyKeyOf(request));
      if (response.success) return response;
      request.errorCode = response.errorCode ?? 'INTERNAL_ERROR';
      // A failed run answers its code's status (502 MERGE_FAILED, DEPLOYMENT_FAILED …) with the full response.
      return reply.status(ERROR_CODES[request.errorCode] as 502).send(response);
    },
  );

  app.post(
    '/deployments',
    {
      config: { allow: ADMIN, audit: deployAudit('deployment.start') },
      validatorCompiler: domainParsedBody(parseDeployRequest),
      schema: {
        ...deploySchema,
        summary: 'Start Package and Deploy; checks still answer at once, the run continues in the background',
        response: { ...errorResponses(404, 409, 422, 503), 202: RunAcceptedSchema },
      },
    },
    async (request, reply) => {
      const accepted = await deployments.start(request.body, callerOf(request), idempotencyKeyOf(request));
      return reply.status(202).send(accepted);
    },
  );

  app.get(
    '/deployments/:runId',
    {
      config: { allow: ANY_ROLE },
      schema: {
        tags: ['deployments'],
        summary: 'A run: state, steps with timings, and the final response once done',
        params: RunParamsSchema,
        response: { ...errorResponses(404), 200: DeploymentRunSchema },
      },
    },
    async (request) => {
      const run = await deployments.getRun(request.params.runId);
      if (!run) throw notFound(`Run ${request.params.runId}`);
      return run;
    },
  );

  app.get(
    '/deployments/:runId/events',
    {
      config: { allow: ANY_ROLE },
      schema: {
        tags: ['deployments'],
        summary: 'Server-sent events: `step` per step (earlier ones first), then `response`, then the end',
        params: RunParamsSchema,
        produces: ['text/event-stream'],
        response: { ...errorResponses(404), 200: Type.String({ description: 'text/event-stream' }) },
      },
    },
    async (request, reply) => {
      const run = await deployments.getRun(request.params.runId);
      if (!run) throw notFound(`Run ${request.params.runId}`);
      await streamRunEvents(reply, deployments, request.params.runId, {
        heartbeatMs: app.deps.sseHeartbeatMs,
        registry: app.deps.eventStreams,
      });
    },
  );
};

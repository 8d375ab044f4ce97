/**
 * The dry-run plan (spec §11): the same body, parser, role rule and service checks as
 * POST /package-and-deploy, so a refused plan answers exactly as the run would; 200 with the plan.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseDeployRequest } from '../../domain/deploy-request.ts';
import { IdempotencyHeadersSchema, errorResponses } from '../schemas/common.ts';
import { DeployPreviewSchema } from '../schemas/deployment-plan.ts';
import { DeployRequestBody } from '../schemas/deployments.ts';
import { domainParsedBody } from '../validation.ts';
import { ADMIN, bodyField, callerOf } from './access-rules.ts';

export const deploymentPlanRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { deployments } = app.deps.services;

  app.post(
    '/package-and-deploy/plan',
    {
      config: {
        allow: ADMIN,
        audit: {
          action: 'deployment.plan',
          targetType: 'promotion',
          targetId: (r) => bodyField(r, 'promotionId'),
        },
      },
      validatorCompiler: domainParsedBody(parseDeployRequest),
      schema: {
        headers: IdempotencyHeadersSchema,
        body: DeployRequestBody,
        tags: ['deployments'],
        summary: 'Dry run: every check of the run, then what it would do — no Boomi write',
        response: { ...errorResponses(404, 409, 422, 503), 200: DeployPreviewSchema },
      },
    },
    async (request) => deployments.plan(request.body, callerOf(request)),
  );
};

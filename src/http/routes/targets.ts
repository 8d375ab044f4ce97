/** Boomi environments and account groups, and the deployment-target registry (spec §4, §7). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../schemas/common.ts';
import {
  AccountGroupListSchema,
  AccountGroupParamsSchema,
  EnvironmentListSchema,
  EnvironmentQuerySchema,
  RegisteredEnvironmentsBodySchema,
  RegisteredEnvironmentsSchema,
} from '../schemas/targets.ts';
import { ADMIN, ANY_ROLE, callerOf } from './access-rules.ts';

export const targetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { targets } = app.deps.services;

  app.get(
    '/environments',
    {
      config: { allow: ANY_ROLE },
      schema: {
        tags: ['targets'],
        summary: 'The Boomi account’s environments with their classification (TEST / PROD), by name',
        querystring: EnvironmentQuerySchema,
        response: { ...errorResponses(503), 200: EnvironmentListSchema },
      },
    },
    async (request) => ({ items: await targets.environments(request.query), nextCursor: null }),
  );

  app.get(
    '/account-groups',
    {
      config: { allow: ANY_ROLE },
      schema: {
        tags: ['targets'],
        summary: 'The Boomi account groups, each with the environments registered for it here',
        response: { ...errorResponses(503), 200: AccountGroupListSchema },
      },
    },
    async () => ({ items: await targets.accountGroups(), nextCursor: null }),
  );

  app.get(
    '/account-groups/:accountGroupId/environments',
    {
      config: { allow: ANY_ROLE },
      schema: {
        tags: ['targets'],
        summary: 'The environments registered as the account group’s deployment targets',
        params: AccountGroupParamsSchema,
        response: { ...errorResponses(), 200: RegisteredEnvironmentsSchema },
      },
    },
    async (request) => {
      const { accountGroupId } = request.params;
      return { accountGroupId, environments: await targets.registeredEnvironments(accountGroupId) };
    },
  );

  app.put(
    '/account-groups/:accountGroupId/environments',
    {
      config: {
        allow: ADMIN,
        audit: {
          action: 'account-group.set-environments',
          targetType: 'account-group',
          targetId: (r) => (r.params as { accountGroupId?: string }).accountGroupId,
        },
      },
      schema: {
        tags: ['targets'],
        summary: 'Replace the account group’s registered environments (each must exist in Boomi)',
        params: AccountGroupParamsSchema,
        body: RegisteredEnvironmentsBodySchema,
        response: { ...errorResponses(404, 503), 200: RegisteredEnvironmentsSchema },
      },
    },
    async (request) => {
      const { accountGroupId } = request.params;
      const environments = await targets.replaceRegisteredEnvironments(
        accountGroupId,
        request.body.environments,
        callerOf(request),
      );
      return { accountGroupId, environments };
    },
  );
};

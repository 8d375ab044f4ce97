/** Boomi environments and account groups, and the deployment-target registry (spec §4, §7). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listEnvironments } from '../../app/environment-directory.ts';
import { checkRegistration, listAccountGroups } from '../boomi-reads.ts';
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
  const { repositories, boomi } = app.deps;
  const registry = repositories.accountGroupEnvironments;

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
    async (request) => ({ items: await listEnvironments(boomi, request.query), nextCursor: null }),
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
    async () => {
      const groups = await listAccountGroups(boomi);
      const items = await Promise.all(
        groups.map(async (group) => ({
          id: group.id,
          name: group.name ?? null,
          registeredEnvironmentIds: (await registry.listForGroup(group.id)).map((e) => e.environmentId),
        })),
      );
      return { items, nextCursor: null };
    },
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
      return { accountGroupId, environments: await registry.listForGroup(accountGroupId) };
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
      const checked = await checkRegistration(boomi, accountGroupId, request.body.environments);
      const environments = await registry.replaceForGroup(accountGroupId, checked, callerOf(request).email);
      return { accountGroupId, environments };
    },
  );
};

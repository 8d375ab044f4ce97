// Environment (reference §9.1): unique names, classification PROD|TEST fixed at creation,
// update renames only.
import { BoomiError, check, messages } from '../errors.ts';
import { optionalEnum, requiredString } from '../fields.ts';
import type { EnvironmentRecord } from '../model.ts';
import { bodyObject, param, type BoomiRoute } from '../routing.ts';
import type { AccountState } from '../state.ts';
import { findOr400, queryRoutes, type Queryable } from './queryable.ts';

const CLASSIFICATIONS = ['PROD', 'TEST'] as const;

export const environments: Queryable<EnvironmentRecord> = {
  object: 'Environment',
  properties: ['name', 'id', 'classification'],
  list: (ctx) => [...ctx.account.environments.values()],
  find: (ctx, id) => ctx.account.environments.get(id),
  idOf: (e) => e.id,
  property: (e, name) => (name === 'id' ? e.id : name === 'name' ? e.name : e.classification),
  render: (e) => ({ '@type': 'Environment', id: e.id, name: e.name, classification: e.classification }),
};

function assertUniqueName(account: AccountState, name: string, exceptId?: string): void {
  for (const e of account.environments.values()) {
    if (e.id !== exceptId && e.name.toLowerCase() === name.toLowerCase()) {
      throw new BoomiError(400, messages.duplicateEnvironmentName(name));
    }
  }
}

export const environmentRoutes: BoomiRoute[] = [
  {
    method: 'POST',
    path: '/Environment',
    handler: (ctx) => {
      const body = bodyObject(ctx);
      const name = requiredString(body, 'name', 'Environment');
      const classification = optionalEnum(body, 'classification', 'Environment', CLASSIFICATIONS) ?? 'PROD';
      assertUniqueName(ctx.account, name);
      const env: EnvironmentRecord = { id: ctx.state.ids.guid(`environment/${name}`), name, classification };
      ctx.account.environments.set(env.id, env);
      return { body: environments.render(env, ctx) };
    },
  },
  {
    method: 'GET',
    path: '/Environment/{id}',
    read: true,
    handler: (ctx) => ({ body: environments.render(findOr400(environments, ctx, param(ctx, 'id')), ctx) }),
  },
  {
    method: 'POST',
    path: '/Environment/{id}',
    handler: (ctx) => {
      const env = findOr400(environments, ctx, param(ctx, 'id'));
      const body = bodyObject(ctx);
      const classification = optionalEnum(body, 'classification', 'Environment', CLASSIFICATIONS);
      check(
        classification === undefined || classification === env.classification,
        messages.classificationFixed(),
      );
      const name = requiredString(body, 'name', 'Environment');
      assertUniqueName(ctx.account, name, env.id);
      env.name = name;
      return { body: environments.render(env, ctx) };
    },
  },
  {
    method: 'DELETE',
    path: '/Environment/{id}',
    handler: (ctx) => {
      const env = findOr400(environments, ctx, param(ctx, 'id'));
      const inUse = [...ctx.account.deployments.values()].some((d) => d.environmentId === env.id && d.active);
      check(!inUse, messages.environmentInUse(env.id));
      ctx.account.environments.delete(env.id);
      ctx.account.extensions.delete(env.id);
      return {};
    },
  },
  ...queryRoutes(environments),
];

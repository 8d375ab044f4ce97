// AccountGroup and AccountGroupIntegrationPack (reference §7.5): groups of (sub-)accounts, and the
// integration packs shared with them. Sharing makes a pack visible as IntegrationPack to members.
import { BoomiError, check, messages } from '../errors.ts';
import { optionalEnum, optionalString, requiredString } from '../fields.ts';
import type { AccountGroupPackRecord, AccountGroupRecord } from '../model.ts';
import { bodyObject, param, type BoomiRoute, type RequestContext } from '../routing.ts';
import type { AccountState } from '../state.ts';
import { findOr400, queryRoutes, type Json, type Queryable } from './queryable.ts';

const ALERT_LEVELS = ['none', 'info', 'warning', 'error'] as const;

function summary(g: AccountGroupRecord, account: AccountState): Json {
  return {
    '@type': 'AccountGroup',
    id: g.id,
    accountId: account.id,
    name: g.name,
    defaultGroup: g.defaultGroup,
    autoSubscribeAlertLevel: g.autoSubscribeAlertLevel,
  };
}

/** GET answers with the group's resources (its shared packs); QUERY does not (reference §7.5). */
function render(g: AccountGroupRecord, account: AccountState): Json {
  const Resource = [...account.accountGroupPacks.values()]
    .filter((s) => s.accountGroupId === g.id)
    .map((s) => ({
      '@type': 'Resource',
      objectType: 'Integration Pack',
      resourceId: s.integrationPackId,
      resourceName: account.publisherPacks.get(s.integrationPackId)?.name ?? '',
    }));
  return {
    ...summary(g, account),
    Resources: Resource.length > 0 ? { '@type': 'Resources', Resource } : { '@type': 'Resources' },
  };
}

export const accountGroups: Queryable<AccountGroupRecord> = {
  object: 'AccountGroup',
  properties: ['id', 'accountId', 'name', 'defaultGroup', 'autoSubscribeAlertLevel'],
  list: (ctx) => [...ctx.account.accountGroups.values()],
  find: (ctx, id) => ctx.account.accountGroups.get(id),
  idOf: (g) => g.id,
  property: (g, name, ctx) => summary(g, ctx.account)[name] as string | boolean,
  render: (g, ctx) => render(g, ctx.account),
  renderInQuery: (g, ctx) => summary(g, ctx.account),
};

function renderShare(s: AccountGroupPackRecord, account: AccountState): Json {
  const pack = account.publisherPacks.get(s.integrationPackId);
  const out: Json = {
    '@type': 'AccountGroupIntegrationPack',
    id: s.id,
    accountGroupId: s.accountGroupId,
    integrationPackId: s.integrationPackId,
    integrationPackName: pack?.name ?? '',
  };
  if (pack) out.installationType = pack.installationType;
  return out;
}

export const accountGroupPacks: Queryable<AccountGroupPackRecord> = {
  object: 'AccountGroupIntegrationPack',
  properties: ['accountGroupId'],
  list: (ctx) => [...ctx.account.accountGroupPacks.values()],
  find: (ctx, id) => ctx.account.accountGroupPacks.get(id),
  idOf: (s) => s.id,
  property: (s) => s.accountGroupId,
  render: (s, ctx) => renderShare(s, ctx.account),
};

function share(ctx: RequestContext): AccountGroupPackRecord {
  const body = bodyObject(ctx);
  const accountGroupId = requiredString(body, 'accountGroupId', 'AccountGroupIntegrationPack');
  const integrationPackId = requiredString(body, 'integrationPackId', 'AccountGroupIntegrationPack');
  if (!ctx.account.accountGroups.has(accountGroupId)) {
    throw new BoomiError(400, messages.notFound('AccountGroup', accountGroupId));
  }
  check(
    ctx.account.publisherPacks.has(integrationPackId),
    messages.invalidIntegrationPack(integrationPackId),
  );
  const duplicate = [...ctx.account.accountGroupPacks.values()].some(
    (s) => s.accountGroupId === accountGroupId && s.integrationPackId === integrationPackId,
  );
  check(!duplicate, messages.alreadyShared(integrationPackId, accountGroupId));
  const record: AccountGroupPackRecord = {
    id: ctx.state.ids.guid(`share/${accountGroupId}/${integrationPackId}`),
    accountGroupId,
    integrationPackId,
  };
  ctx.account.accountGroupPacks.set(record.id, record);
  return record;
}

export const accountGroupRoutes: BoomiRoute[] = [
  {
    method: 'POST',
    path: '/AccountGroup',
    handler: (ctx) => {
      const body = bodyObject(ctx);
      const name = requiredString(body, 'name', 'AccountGroup');
      const group: AccountGroupRecord = {
        id: ctx.state.ids.guid(`account-group/${name}`),
        name,
        defaultGroup: false,
        autoSubscribeAlertLevel:
          optionalEnum(body, 'autoSubscribeAlertLevel', 'AccountGroup', ALERT_LEVELS) ?? 'none',
        memberAccountIds: new Set(),
      };
      ctx.account.accountGroups.set(group.id, group);
      return { body: render(group, ctx.account) };
    },
  },
  {
    method: 'GET',
    path: '/AccountGroup/{id}',
    read: true,
    handler: (ctx) => ({ body: render(findOr400(accountGroups, ctx, param(ctx, 'id')), ctx.account) }),
  },
  {
    method: 'POST',
    path: '/AccountGroup/{id}',
    handler: (ctx) => {
      const group = findOr400(accountGroups, ctx, param(ctx, 'id'));
      const body = bodyObject(ctx);
      const name = optionalString(body, 'name', 'AccountGroup');
      if (name !== undefined && name.trim() !== '') group.name = name;
      const level = optionalEnum(body, 'autoSubscribeAlertLevel', 'AccountGroup', ALERT_LEVELS);
      if (level) group.autoSubscribeAlertLevel = level;
      return { body: render(group, ctx.account) };
    },
  },
  ...queryRoutes(accountGroups),
  {
    method: 'POST',
    path: '/AccountGroupIntegrationPack',
    handler: (ctx) => ({ body: renderShare(share(ctx), ctx.account) }),
  },
  {
    method: 'GET',
    path: '/AccountGroupIntegrationPack/{id}',
    read: true,
    handler: (ctx) => ({
      body: renderShare(findOr400(accountGroupPacks, ctx, param(ctx, 'id')), ctx.account),
    }),
  },
  {
    method: 'DELETE',
    path: '/AccountGroupIntegrationPack/{id}',
    handler: (ctx) => {
      const s = findOr400(accountGroupPacks, ctx, param(ctx, 'id'));
      ctx.account.accountGroupPacks.delete(s.id);
      return {};
    },
  },
  ...queryRoutes(accountGroupPacks),
];

// PublisherIntegrationPack (publisher side, reference §7.2) and IntegrationPack (the read-only
// subscriber view, §7.1). Packs hold components by componentId with current/pending/latest versions.
import { BoomiError, check, messages } from '../errors.ts';
import { child, list, optionalString, requiredEnum, requiredString } from '../fields.ts';
import type { PackComponentState, PublisherPackRecord } from '../model.ts';
import { bodyObject, param, type BoomiRoute, type RequestContext } from '../routing.ts';
import type { AccountState } from '../state.ts';
import { latestShareablePackage } from './packaged-component.ts';
import { findOr400, queryRoutes, type Json, type Queryable } from './queryable.ts';

const INSTALLATION_TYPES = ['SINGLE', 'MULTI'] as const;

function renderComponent(account: AccountState, c: PackComponentState): Json {
  const out: Json = {
    '@type': 'PublisherPackagedComponent',
    componentId: c.componentId,
    componentName: account.componentName(c.componentId),
    componentType: account.components.get(c.componentId)?.type ?? '',
  };
  if (c.currentVersion) out.currentVersion = c.currentVersion;
  if (c.pendingVersion) out.pendingVersion = c.pendingVersion;
  const latest = latestShareablePackage(account, c.componentId);
  if (latest) out.latestVersion = latest.packageVersion;
  out.deleted = c.deleted;
  return out;
}

function render(p: PublisherPackRecord, account: AccountState): Json {
  const components = [...p.components.values()].map((c) => renderComponent(account, c));
  return {
    '@type': 'PublisherIntegrationPack',
    id: p.id,
    name: p.name,
    Description: p.description,
    installationType: p.installationType,
    PublisherPackagedComponents:
      components.length > 0
        ? { '@type': 'PublisherPackagedComponents', PublisherPackagedComponent: components }
        : { '@type': 'PublisherPackagedComponents' },
  };
}

const packProperty = (p: PublisherPackRecord, name: string): string =>
  name === 'id' ? p.id : name === 'name' ? p.name : p.installationType;

export const publisherPacks: Queryable<PublisherPackRecord> = {
  object: 'PublisherIntegrationPack',
  properties: ['name', 'id', 'installationType'],
  list: (ctx) => [...ctx.account.publisherPacks.values()],
  find: (ctx, id) => ctx.account.publisherPacks.get(id),
  idOf: (p) => p.id,
  property: packProperty,
  render: (p, ctx) => render(p, ctx.account),
  notFoundMessage: (id) => messages.invalidIntegrationPack(id),
};

function requirePublisher(ctx: RequestContext): void {
  check(
    ctx.account.features.publisherIntegrationPack,
    messages.featureDisabled('Publisher Integration Pack'),
    403,
  );
}

function create(ctx: RequestContext): PublisherPackRecord {
  requirePublisher(ctx);
  const body = bodyObject(ctx);
  // `Description` is the schema's one required field (capital D); it may be empty.
  const description = optionalString(body, 'Description', 'PublisherIntegrationPack');
  if (description === undefined)
    throw new BoomiError(400, messages.missingField('PublisherIntegrationPack', 'Description'));
  const name = requiredString(body, 'name', 'PublisherIntegrationPack');
  const installationType = requiredEnum(
    body,
    'installationType',
    'PublisherIntegrationPack',
    INSTALLATION_TYPES,
  );
  check(
    installationType !== 'MULTI' || ctx.account.features.multiInstall,
    messages.featureDisabled('multi-install integration pack'),
    403,
  );
  const pack: PublisherPackRecord = {
    id: ctx.state.ids.guid(`pack/${name}`),
    name,
    description,
    installationType,
    components: new Map(),
  };
  ctx.account.publisherPacks.set(pack.id, pack);
  return pack;
}

function update(ctx: RequestContext): PublisherPackRecord {
  requirePublisher(ctx);
  const { account } = ctx;
  const pack = findOr400(publisherPacks, ctx, param(ctx, 'id'));
  const body = bodyObject(ctx);
  const operationType = requiredEnum(body, 'operationType', 'PublisherIntegrationPack', [
    'ADD',
    'DELETE',
  ] as const);
  const installationType = body.installationType;
  check(
    installationType === undefined || installationType === pack.installationType,
    messages.immutableInstallationType(),
  );
  const name = optionalString(body, 'name', 'PublisherIntegrationPack');
  check(
    name === undefined || name === pack.name || pack.installationType === 'SINGLE',
    messages.renameMultiPack(),
  );
  // Check every component first so a refused update changes nothing.
  const changes: PackComponentState[] = [];
  for (const item of list(child(body, 'PublisherPackagedComponents').PublisherPackagedComponent)) {
    const componentId = requiredString(item, 'componentId', 'PublisherPackagedComponent');
    const existing = pack.components.get(componentId);
    if (operationType === 'DELETE') {
      check(existing, messages.componentNotInPack(componentId));
      changes.push({ ...existing, deleted: true });
      continue;
    }
    const component = account.components.get(componentId);
    if (!component) throw new BoomiError(400, messages.notFound('Component', componentId));
    check(
      pack.installationType !== 'MULTI' || component.type !== 'webservice',
      messages.multiPackNoApiService(componentId),
    );
    const latest = latestShareablePackage(account, componentId);
    check(latest, messages.noShareablePackage(componentId));
    const state: PackComponentState = { componentId, deleted: false };
    if (existing?.currentVersion) state.currentVersion = existing.currentVersion;
    // The newest shareable package becomes the version the next release ships.
    if (latest.packageVersion !== state.currentVersion) state.pendingVersion = latest.packageVersion;
    changes.push(state);
  }
  for (const c of changes) pack.components.set(c.componentId, c);
  if (name !== undefined && name.trim() !== '') pack.name = name;
  const description = optionalString(body, 'Description', 'PublisherIntegrationPack');
  if (description !== undefined) pack.description = description;
  return pack;
}

export const publisherPackRoutes: BoomiRoute[] = [
  {
    method: 'POST',
    path: '/PublisherIntegrationPack',
    handler: (ctx) => ({ body: render(create(ctx), ctx.account) }),
  },
  {
    method: 'GET',
    path: '/PublisherIntegrationPack/{id}',
    read: true,
    handler: (ctx) => ({ body: render(findOr400(publisherPacks, ctx, param(ctx, 'id')), ctx.account) }),
  },
  {
    method: 'POST',
    path: '/PublisherIntegrationPack/{id}',
    handler: (ctx) => ({ body: render(update(ctx), ctx.account) }),
  },
  {
    method: 'DELETE',
    path: '/PublisherIntegrationPack/{id}',
    handler: (ctx) => {
      requirePublisher(ctx);
      const pack = findOr400(publisherPacks, ctx, param(ctx, 'id'));
      ctx.account.publisherPacks.delete(pack.id);
      // Deleting a pack also withdraws it from every account group it was shared with.
      for (const s of [...ctx.account.accountGroupPacks.values()]) {
        if (s.integrationPackId === pack.id) ctx.account.accountGroupPacks.delete(s.id);
      }
      return {};
    },
  },
  ...queryRoutes(publisherPacks),
];

interface VisiblePack {
  pack: PublisherPackRecord;
  publisher: AccountState;
}

/**
 * Packs the effective account may install: released packs shared with an account group it belongs
 * to, never the account's own packs (reference §7.1).
 */
function visiblePacks(ctx: RequestContext): VisiblePack[] {
  const out = new Map<string, VisiblePack>();
  for (const publisher of ctx.state.accounts.values()) {
    if (publisher.id === ctx.account.id) continue;
    for (const s of publisher.accountGroupPacks.values()) {
      const group = publisher.accountGroups.get(s.accountGroupId);
      const pack = publisher.publisherPacks.get(s.integrationPackId);
      if (!group || !pack || !group.memberAccountIds.has(ctx.account.id)) continue;
      const released = [...pack.components.values()].some((c) => c.currentVersion !== undefined);
      if (released) out.set(pack.id, { pack, publisher });
    }
  }
  return [...out.values()];
}

const renderVisible = (v: VisiblePack): Json => ({
  '@type': 'IntegrationPack',
  id: v.pack.id,
  name: v.pack.name,
  installationType: v.pack.installationType,
  Description: v.pack.description,
});

export const integrationPacks: Queryable<VisiblePack> = {
  object: 'IntegrationPack',
  properties: ['name', 'id', 'installationType'],
  list: visiblePacks,
  find: (ctx, id) => visiblePacks(ctx).find((v) => v.pack.id === id),
  idOf: (v) => v.pack.id,
  property: (v, name) => packProperty(v.pack, name),
  render: renderVisible,
  notFoundMessage: (id) => messages.invalidIntegrationPack(id),
};

export const integrationPackRoutes: BoomiRoute[] = [
  {
    method: 'GET',
    path: '/IntegrationPack/{id}',
    read: true,
    handler: (ctx) => ({ body: renderVisible(findOr400(integrationPacks, ctx, param(ctx, 'id'))) }),
  },
  ...queryRoutes(integrationPacks),
];

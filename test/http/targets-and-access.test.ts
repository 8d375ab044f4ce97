import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const world = () => h.sandbox.world!;

describe('GET /environments and /account-groups (read through the Boomi client)', () => {
  it('lists the account’s environments with their classification', async () => {
    const r = await h.as('viewer', { method: 'GET', url: '/api/v1/environments' });
    expect(r.statusCode).toBe(200);
    const expected = world()
      .environments.map((e) => ({ id: e.id, name: e.name, classification: e.classification }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(r.json()).toStrictEqual({ items: expected, nextCursor: null });
  });

  it('lists the account groups with the environments registered for them', async () => {
    const group = world().accountGroups[0]!;
    const env = world().environments.find((e) => e.classification === 'TEST')!;
    await h.as('admin', {
      method: 'PUT',
      url: `/api/v1/account-groups/${group.id}/environments`,
      payload: { environments: [{ environmentId: env.id }] },
    });
    const r = await h.as('viewer', { method: 'GET', url: '/api/v1/account-groups' });
    expect(r.statusCode).toBe(200);
    const items = r.json().items as { id: string; name: string; registeredEnvironmentIds: string[] }[];
    expect(items.map((g) => g.id).sort()).toStrictEqual(
      world()
        .accountGroups.map((g) => g.id)
        .sort(),
    );
    expect(items.find((g) => g.id === group.id)).toStrictEqual({
      id: group.id,
      name: group.name,
      registeredEnvironmentIds: [env.id],
    });
  });

  it('answers 503 SERVICE_UNAVAILABLE when Boomi cannot answer', async () => {
    const other = await startHarness();
    await other.sandbox.close();
    try {
      const r = await other.as('viewer', { method: 'GET', url: '/api/v1/environments' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ success: false, errorCode: 'SERVICE_UNAVAILABLE' });
    } finally {
      await other.app.close();
      await other.db.drop();
    }
  });
});

describe('PUT|GET /account-groups/:id/environments', () => {
  it('replaces the registered list, taking names from Boomi, and reads it back', async () => {
    const group = world().accountGroups[0]!;
    const [a, b] = world().environments;
    const put = await h.as('admin', {
      method: 'PUT',
      url: `/api/v1/account-groups/${group.id}/environments`,
      payload: {
        environments: [{ environmentId: a!.id }, { environmentId: b!.id, environmentName: 'Custom' }],
      },
    });
    expect(put.statusCode).toBe(200);
    const read = await h.as('viewer', {
      method: 'GET',
      url: `/api/v1/account-groups/${group.id}/environments`,
    });
    const names = Object.fromEntries(
      (
        read.json().environments as { environmentId: string; environmentName: string; updatedBy: string }[]
      ).map((e) => [e.environmentId, [e.environmentName, e.updatedBy]]),
    );
    expect(names).toStrictEqual({
      [a!.id]: [a!.name, 'admin@example.com'],
      [b!.id]: ['Custom', 'admin@example.com'],
    });
    const cleared = await h.as('admin', {
      method: 'PUT',
      url: `/api/v1/account-groups/${group.id}/environments`,
      payload: { environments: [] },
    });
    expect(cleared.json()).toStrictEqual({ accountGroupId: group.id, environments: [] });
  });

  it('refuses an unknown environment (400), a repeated one (400) and an unknown group (404)', async () => {
    const group = world().accountGroups[0]!;
    const env = world().environments[0]!;
    const url = `/api/v1/account-groups/${group.id}/environments`;
    const unknownEnv = await h.as('admin', {
      method: 'PUT',
      url,
      payload: { environments: [{ environmentId: 'nope' }] },
    });
    expect(unknownEnv.statusCode).toBe(400);
    expect(unknownEnv.json().errorCode).toBe('INVALID_TARGET_ENVIRONMENT');
    const twice = await h.as('admin', {
      method: 'PUT',
      url,
      payload: { environments: [{ environmentId: env.id }, { environmentId: env.id }] },
    });
    expect(twice.statusCode).toBe(400);
    const unknownGroup = await h.as('admin', {
      method: 'PUT',
      url: '/api/v1/account-groups/no-such-group/environments',
      payload: { environments: [{ environmentId: env.id }] },
    });
    expect(unknownGroup.statusCode).toBe(404);
  });
});

const mapping = (n: number, extra: Record<string, unknown> = {}) => ({
  devComponentId: `dc-${n}`,
  devAccountId: 'dev-1',
  prodComponentId: `pc-${n}`,
  componentName: `Component ${n}`,
  componentType: 'connection',
  prodAccountId: h.accountId,
  prodLatestVersion: 1,
  lastPromotedAt: '2025-01-01T00:00:00.000Z',
  lastPromotedBy: 'dev@example.com',
  ...extra,
});

describe('PUT /component-mappings and /dev-account-access', () => {
  it('upserts mappings in bulk (insert, then replace)', async () => {
    const first = await h.as('admin', {
      method: 'PUT',
      url: '/api/v1/component-mappings',
      payload: { mappings: [mapping(1), mapping(2)] },
    });
    expect(first.json()).toStrictEqual({ success: true, upserted: 2 });
    await h.as('admin', {
      method: 'PUT',
      url: '/api/v1/component-mappings',
      payload: { mappings: [mapping(1, { prodLatestVersion: 7, mappingSource: 'ADMIN_SEEDING' })] },
    });
    const stored = await h.repositories.componentMappings.get('dc-1', 'dev-1');
    expect(stored).toMatchObject({
      prodComponentId: 'pc-1',
      prodLatestVersion: 7,
      mappingSource: 'ADMIN_SEEDING',
    });
  });

  it('accepts a large batch in one request', async () => {
    const mappings = Array.from({ length: 2000 }, (_, i) => mapping(10_000 + i));
    const r = await h.as('admin', {
      method: 'PUT',
      url: '/api/v1/component-mappings',
      payload: { mappings },
    });
    expect(r.json()).toStrictEqual({ success: true, upserted: 2000 });
  });

  it.each([
    ['an unknown field', () => ({ mappings: [{ ...mapping(3), colour: 'blue' }] })],
    ['a missing field', () => ({ mappings: [{ ...mapping(3), componentName: undefined }] })],
    ['the same key twice', () => ({ mappings: [mapping(3), mapping(3)] })],
    ['another production account', () => ({ mappings: [mapping(3, { prodAccountId: 'other' })] })],
    ['a negative version', () => ({ mappings: [mapping(3, { prodLatestVersion: -1 })] })],
    ['a bad date', () => ({ mappings: [mapping(3, { lastPromotedAt: 'yesterday' })] })],
    ['no rows', () => ({ mappings: [] })],
  ])('refuses %s (400) and writes nothing', async (_, payload) => {
    const r = await h.as('admin', { method: 'PUT', url: '/api/v1/component-mappings', payload: payload() });
    expect(r.statusCode).toBe(400);
    expect(r.json().errorCode).toBe('INVALID_REQUEST');
    expect(await h.repositories.componentMappings.get('dc-3', 'dev-1')).toBeNull();
  });

  it('upserts dev-account access, accepting "true"/"false" and booleans', async () => {
    const r = await h.as('admin', {
      method: 'PUT',
      url: '/api/v1/dev-account-access',
      payload: {
        entries: [
          {
            ssoGroupId: 'G-A',
            ssoGroupName: 'Team A',
            devAccountId: 'dev-1',
            devAccountName: 'Dev 1',
            isActive: 'true',
          },
          {
            ssoGroupId: 'G-B',
            ssoGroupName: 'Team B',
            devAccountId: 'dev-1',
            devAccountName: 'Dev 1',
            isActive: false,
          },
        ],
      },
    });
    expect(r.json()).toStrictEqual({ success: true, upserted: 2 });
    const active = await h.repositories.devAccountAccess.findActiveByDevAccountIds(['dev-1']);
    expect(active.map((a) => a.ssoGroupId)).toStrictEqual(['G-A']);
  });

  it('refuses an isActive that is not a flag, and duplicates', async () => {
    const entry = { ssoGroupId: 'G-C', ssoGroupName: 'C', devAccountId: 'dev-2', devAccountName: 'Dev 2' };
    for (const entries of [
      [{ ...entry, isActive: 'yes' }],
      [
        { ...entry, isActive: true },
        { ...entry, isActive: false },
      ],
    ]) {
      const r = await h.as('admin', {
        method: 'PUT',
        url: '/api/v1/dev-account-access',
        payload: { entries },
      });
      expect(r.statusCode).toBe(400);
    }
    expect(await h.repositories.devAccountAccess.get('G-C', 'dev-2')).toBeNull();
  });
});

describe('GET /extension-access and POST /environments/:id/extension-access/refresh', () => {
  it('reads one environment’s cache', async () => {
    await h.repositories.extensionAccessMappings.replaceForEnvironment('env-x', [
      {
        environmentId: 'env-x',
        prodComponentId: 'pc-1',
        componentName: 'Orders DB',
        componentType: 'connection',
        ownerProcessId: 'proc-1',
        ownerProcessName: 'Orders',
        devAccountId: 'dev-1',
        devAccountName: 'Dev 1',
        authorizedSsoGroups: ['G-A'],
        isConnectionExtension: true,
        isSharedComponent: false,
        lastUpdatedAt: '2025-01-01T00:00:00.000Z',
        lastUpdatedBy: 'PROCESS_D_DEPLOY',
      },
    ]);
    const r = await h.as('viewer', { method: 'GET', url: '/api/v1/extension-access?environmentId=env-x' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      items: [{ prodComponentId: 'pc-1', authorizedSsoGroups: ['G-A'], isConnectionExtension: true }],
      nextCursor: null,
    });
    const missing = await h.as('viewer', { method: 'GET', url: '/api/v1/extension-access' });
    expect(missing.statusCode).toBe(400);
  });

  it('asks the cache service to rebuild one environment, as the caller', async () => {
    const r = await h.as('admin', {
      method: 'POST',
      url: '/api/v1/environments/env-x/extension-access/refresh',
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toStrictEqual({
      success: true,
      environmentId: 'env-x',
      extensionAccessMappingCount: 3,
      upserted: 3,
      deleted: 0,
    });
    expect(h.services.cache.calls.at(-1)).toMatchObject({
      environmentId: 'env-x',
      caller: { email: 'admin@example.com' },
    });
  });
});

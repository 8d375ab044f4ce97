import { describe, expect, it } from 'vitest';
import { type ComponentMapping, type ExtensionAccessMapping } from '../../src/store/repositories/index.ts';
import { useTestRepositories } from '../helpers/test-store.ts';

const store = useTestRepositories();

function mapping(
  dev: string,
  account: string,
  prod: string,
  extra: Partial<ComponentMapping> = {},
): ComponentMapping {
  return {
    devComponentId: dev,
    devAccountId: account,
    prodComponentId: prod,
    componentName: `name ${dev}`,
    componentType: 'connection',
    prodAccountId: 'prod-acct',
    prodLatestVersion: 4,
    lastPromotedAt: '2025-02-01T10:00:00.123Z',
    lastPromotedBy: 'alice@example.com',
    mappingSource: 'ADMIN_SEEDING',
    ...extra,
  };
}

function extension(
  env: string,
  prod: string,
  extra: Partial<ExtensionAccessMapping> = {},
): ExtensionAccessMapping {
  return {
    environmentId: env,
    prodComponentId: prod,
    componentName: `ext ${prod}`,
    componentType: 'connection',
    ownerProcessId: 'proc-1',
    ownerProcessName: 'Order Sync',
    devAccountId: 'dev-a',
    devAccountName: 'Team A',
    authorizedSsoGroups: ['GROUP_A', 'GROUP_B'],
    isConnectionExtension: true,
    isSharedComponent: false,
    extensionGroupId: null,
    lastUpdatedAt: '2025-02-02T00:00:00.000Z',
    lastUpdatedBy: 'PROCESS_D_DEPLOY',
    ...extra,
  };
}

describe('component mappings', () => {
  it('round-trips every field and upserts by (devComponentId, devAccountId)', async () => {
    const m = mapping('d-rt', 'acct-rt', 'p-rt', {
      mappingSource: 'PROMOTION_ENGINE',
      componentType: 'process',
    });
    expect(await store.repos.componentMappings.upsertMany([m])).toBe(1);
    expect(await store.repos.componentMappings.get('d-rt', 'acct-rt')).toMatchObject(m);
    await store.repos.componentMappings.upsertMany([{ ...m, prodLatestVersion: 5, mappingSource: null }]);
    const again = await store.repos.componentMappings.get('d-rt', 'acct-rt');
    expect(again).toMatchObject({ prodLatestVersion: 5, mappingSource: null });
    expect(Object.keys(again!).sort()).toEqual([...Object.keys(m), 'updatedAt'].sort());
    expect(await store.repos.componentMappings.get('d-rt', 'other')).toBeNull();
  });

  it('finds every mapping of a set of production ids, including shared ones', async () => {
    await store.repos.componentMappings.upsertMany([
      mapping('d1', 'acct-1', 'shared-conn'),
      mapping('d2', 'acct-2', 'shared-conn'),
      mapping('d3', 'acct-1', 'solo'),
      mapping('d4', 'acct-1', 'unrelated'),
    ]);
    const found = await store.repos.componentMappings.findByProdComponentIds([
      'shared-conn',
      'solo',
      'missing',
    ]);
    expect(found.map((m) => `${m.prodComponentId}:${m.devAccountId}:${m.devComponentId}`)).toEqual([
      'shared-conn:acct-1:d1',
      'shared-conn:acct-2:d2',
      'solo:acct-1:d3',
    ]);
    expect(await store.repos.componentMappings.findByProdComponentIds([])).toEqual([]);
    expect(await store.repos.componentMappings.delete('d4', 'acct-1')).toBe(true);
    expect(await store.repos.componentMappings.delete('d4', 'acct-1')).toBe(false);
  });

  it('refuses an unknown mapping source', async () => {
    await expect(
      store.repos.componentMappings.upsertMany([
        mapping('bad', 'acct', 'p', { mappingSource: 'MANUAL' as never }),
      ]),
    ).rejects.toThrow(/check constraint/);
  });
});

describe('dev account access', () => {
  it('round-trips every field and returns only active rows for a set of accounts', async () => {
    const rows = [
      {
        ssoGroupId: 'G_A',
        devAccountId: 'dev-a',
        ssoGroupName: 'Team A',
        devAccountName: 'Dev A',
        isActive: true,
      },
      {
        ssoGroupId: 'G_B',
        devAccountId: 'dev-a',
        ssoGroupName: 'Team B',
        devAccountName: 'Dev A',
        isActive: false,
      },
      {
        ssoGroupId: 'G_C',
        devAccountId: 'dev-b',
        ssoGroupName: 'Team C',
        devAccountName: 'Dev B',
        isActive: true,
      },
      {
        ssoGroupId: 'G_D',
        devAccountId: 'dev-c',
        ssoGroupName: 'Team D',
        devAccountName: 'Dev C',
        isActive: true,
      },
    ];
    expect(await store.repos.devAccountAccess.upsertMany(rows)).toBe(4);
    const read = await store.repos.devAccountAccess.get('G_B', 'dev-a');
    expect(read).toMatchObject(rows[1]!);
    expect(Object.keys(read!).sort()).toEqual([...Object.keys(rows[1]!), 'updatedAt'].sort());
    const active = await store.repos.devAccountAccess.findActiveByDevAccountIds(['dev-a', 'dev-b']);
    expect(active.map((r) => `${r.devAccountId}:${r.ssoGroupId}`)).toEqual(['dev-a:G_A', 'dev-b:G_C']);
    await store.repos.devAccountAccess.upsertMany([{ ...rows[1]!, isActive: true }]);
    expect(await store.repos.devAccountAccess.findActiveByDevAccountIds(['dev-a'])).toHaveLength(2);
    expect(await store.repos.devAccountAccess.get('G_X', 'dev-a')).toBeNull();
  });

  it('takes the last of duplicated keys in one bulk upsert', async () => {
    const row = {
      ssoGroupId: 'G_DUP',
      devAccountId: 'dev-d',
      ssoGroupName: 'v1',
      devAccountName: 'D',
      isActive: true,
    };
    expect(await store.repos.devAccountAccess.upsertMany([row, { ...row, ssoGroupName: 'v2' }])).toBe(1);
    expect((await store.repos.devAccountAccess.get('G_DUP', 'dev-d'))!.ssoGroupName).toBe('v2');
    const m = mapping('d-dup', 'acct-dup', 'p-dup');
    expect(await store.repos.componentMappings.upsertMany([m, { ...m, prodLatestVersion: 9 }])).toBe(1);
    expect((await store.repos.componentMappings.get('d-dup', 'acct-dup'))!.prodLatestVersion).toBe(9);
  });
});

describe('extension access mappings', () => {
  it('round-trips every field', async () => {
    const row = extension('env-rt', 'c1', {
      componentType: 'processProperty',
      isConnectionExtension: false,
      isSharedComponent: true,
      extensionGroupId: 'install-1',
    });
    await store.repos.extensionAccessMappings.replaceForEnvironment('env-rt', [row]);
    expect(await store.repos.extensionAccessMappings.get('env-rt', 'c1')).toEqual(row);
  });

  it('replaces one environment: upserts present rows, deletes vanished ones, leaves other environments', async () => {
    await store.repos.extensionAccessMappings.replaceForEnvironment('env-1', [
      extension('env-1', 'a'),
      extension('env-1', 'b'),
      extension('env-1', 'c'),
    ]);
    await store.repos.extensionAccessMappings.replaceForEnvironment('env-2', [extension('env-2', 'a')]);
    const result = await store.repos.extensionAccessMappings.replaceForEnvironment('env-1', [
      extension('env-1', 'b', { authorizedSsoGroups: ['GROUP_Z'] }),
      extension('env-1', 'd'),
    ]);
    expect(result).toEqual({ upserted: 2, deleted: 2 });
    const env1 = await store.repos.extensionAccessMappings.listForEnvironment('env-1');
    expect(env1.map((r) => r.prodComponentId)).toEqual(['b', 'd']);
    expect(env1[0]!.authorizedSsoGroups).toEqual(['GROUP_Z']);
    expect(await store.repos.extensionAccessMappings.countForEnvironment('env-2')).toBe(1);
    const forGroup = await store.repos.extensionAccessMappings.listForEnvironment('env-1', {
      ssoGroupIds: ['GROUP_Z'],
    });
    expect(forGroup.map((r) => r.prodComponentId)).toEqual(['b']);
  });

  it('rewrites nothing when nothing changed: untouched rows keep lastUpdatedAt/By, a changed row is updated', async () => {
    const first = ['a', 'b', 'c'].map((id) =>
      extension('env-same', id, { lastUpdatedAt: '2026-01-01T00:00:00.000Z', lastUpdatedBy: 'first@x' }),
    );
    await store.repos.extensionAccessMappings.replaceForEnvironment('env-same', first);
    const later = { lastUpdatedAt: '2026-02-01T00:00:00.000Z', lastUpdatedBy: 'second@x' };
    const again = await store.repos.extensionAccessMappings.replaceForEnvironment(
      'env-same',
      first.map((row) => ({ ...row, ...later })),
    );
    expect(again).toEqual({ upserted: 0, deleted: 0 });
    expect(await store.repos.extensionAccessMappings.listForEnvironment('env-same')).toEqual(first);

    const changed = await store.repos.extensionAccessMappings.replaceForEnvironment('env-same', [
      { ...first[0]!, ...later },
      { ...first[1]!, ...later, authorizedSsoGroups: ['GROUP_A'] },
      { ...first[2]!, ...later },
    ]);
    expect(changed).toEqual({ upserted: 1, deleted: 0 });
    const rows = await store.repos.extensionAccessMappings.listForEnvironment('env-same');
    expect(rows.map((r) => [r.prodComponentId, r.lastUpdatedBy, r.authorizedSsoGroups])).toEqual([
      ['a', 'first@x', ['GROUP_A', 'GROUP_B']],
      ['b', 'second@x', ['GROUP_A']],
      ['c', 'first@x', ['GROUP_A', 'GROUP_B']],
    ]);
    expect(rows[1]!.lastUpdatedAt).toBe(later.lastUpdatedAt);
  });

  it('two refreshes of one environment at once leave a cache whose digest describes its rows', async () => {
    const x = ['a', 'b'].map((id) => extension('env-race', id, { authorizedSsoGroups: ['GROUP_X'] }));
    const y = ['b', 'c'].map((id) => extension('env-race', id, { authorizedSsoGroups: ['GROUP_Y'] }));
    const repo = store.repos.extensionAccessMappings;
    await Promise.all([repo.replaceForEnvironment('env-race', x), repo.replaceForEnvironment('env-race', y)]);
    const held = await repo.listForEnvironment('env-race');
    const winner = held[0]!.authorizedSsoGroups[0] === 'GROUP_X' ? x : y;
    const loser = winner === x ? y : x;
    expect(held).toEqual(winner);
    // Sending what is held writes nothing; sending the other set writes it all.
    expect(await repo.replaceForEnvironment('env-race', winner)).toEqual({ upserted: 0, deleted: 0 });
    expect(await repo.replaceForEnvironment('env-race', loser)).toEqual({ upserted: 2, deleted: 1 });
    expect(await repo.listForEnvironment('env-race')).toEqual(loser);
  });

  it('keeps SSO group names exactly, whatever characters they hold', async () => {
    const groups = ['a,b', 'quote"d', 'back\\slash', '{braces}', 'NULL', ' spaced ', ''];
    const row = extension('env-chars', 'c1', { authorizedSsoGroups: groups });
    await store.repos.extensionAccessMappings.replaceForEnvironment('env-chars', [row]);
    expect((await store.repos.extensionAccessMappings.get('env-chars', 'c1'))!.authorizedSsoGroups).toEqual(
      groups,
    );
    const none = extension('env-chars', 'c2', { authorizedSsoGroups: [] });
    await store.repos.extensionAccessMappings.replaceForEnvironment('env-chars', [row, none]);
    expect((await store.repos.extensionAccessMappings.get('env-chars', 'c2'))!.authorizedSsoGroups).toEqual(
      [],
    );
  });

  it('is all or nothing: a bad row leaves the previous cache untouched', async () => {
    await store.repos.extensionAccessMappings.replaceForEnvironment('env-3', [extension('env-3', 'keep')]);
    await expect(
      store.repos.extensionAccessMappings.replaceForEnvironment('env-3', [
        extension('env-3', 'new'),
        extension('env-3', 'bad', { componentType: 'process' as never }),
      ]),
    ).rejects.toThrow(/check constraint/);
    const rows = await store.repos.extensionAccessMappings.listForEnvironment('env-3');
    expect(rows.map((r) => r.prodComponentId)).toEqual(['keep']);
  });

  it('an empty list clears the environment', async () => {
    await store.repos.extensionAccessMappings.replaceForEnvironment('env-4', [extension('env-4', 'x')]);
    expect(await store.repos.extensionAccessMappings.replaceForEnvironment('env-4', [])).toEqual({
      upserted: 0,
      deleted: 1,
    });
  });

  it('refuses rows of another environment or duplicated ids', async () => {
    await expect(
      store.repos.extensionAccessMappings.replaceForEnvironment('env-5', [extension('env-6', 'x')]),
    ).rejects.toThrow(/env-6/);
    await expect(
      store.repos.extensionAccessMappings.replaceForEnvironment('env-5', [
        extension('env-5', 'x'),
        extension('env-5', 'x'),
      ]),
    ).rejects.toThrow(/twice/);
  });
});

describe('account group environments', () => {
  it('replaces a group list and round-trips every field', async () => {
    await store.repos.accountGroupEnvironments.replaceForGroup('ag-1', [
      { environmentId: 'e1', environmentName: 'Test' },
      { environmentId: 'e2' },
    ]);
    const replaced = await store.repos.accountGroupEnvironments.replaceForGroup(
      'ag-1',
      [
        { environmentId: 'e2', environmentName: 'Test 2' },
        { environmentId: 'e3', environmentName: 'Prod' },
      ],
      'admin@example.com',
    );
    const listed = await store.repos.accountGroupEnvironments.listForGroup('ag-1');
    expect(listed).toEqual(replaced);
    expect(listed.map(({ updatedAt: _u, ...rest }) => rest)).toEqual([
      {
        accountGroupId: 'ag-1',
        environmentId: 'e2',
        environmentName: 'Test 2',
        updatedBy: 'admin@example.com',
      },
      {
        accountGroupId: 'ag-1',
        environmentId: 'e3',
        environmentName: 'Prod',
        updatedBy: 'admin@example.com',
      },
    ]);
    await store.repos.accountGroupEnvironments.replaceForGroup('ag-2', [{ environmentId: 'e1' }]);
    expect(await store.repos.accountGroupEnvironments.listGroups()).toEqual(['ag-1', 'ag-2']);
    expect(await store.repos.accountGroupEnvironments.listForGroup('none')).toEqual([]);
  });
});

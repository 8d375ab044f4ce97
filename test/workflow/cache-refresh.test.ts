/**
 * The ExtensionAccessMapping cache refresh (spec §6): a constant number of database queries per
 * environment however many extension components it holds (counted, not timed), the rows it
 * writes, vanished components removed, and the admin's on-demand rebuild against the sandbox.
 */
import { describe, expect, it } from 'vitest';
import type { BoomiClient } from '../../src/boomi/index.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { refreshEnvironmentCache } from '../../src/workflow/steps/cache-refresh.ts';
import { countingPool } from '../../bench/support/counting-pool.ts';
import { ADMIN, REVIEWER, environmentNamed } from '../helpers/world.ts';
import { useWorld } from './support/use-world.ts';

const world = useWorld({ durable: false });

const componentId = (i: number) => `ext-${String(i).padStart(5, '0')}`;
const accountId = (i: number) => `dev-account-${i % 40}`;

/** EnvironmentExtensions with `n` components spread over the sections, as Boomi answers it. */
function extensionsDocument(environmentId: string, n: number) {
  const sections = {
    connection: [] as unknown[],
    operation: [] as unknown[],
    ProcessProperty: [] as unknown[],
  };
  for (let i = 0; i < n; i++) {
    const element = { id: componentId(i), name: `Component ${i}`, field: [] };
    if (i % 3 === 0) sections.connection.push(element);
    else if (i % 3 === 1) sections.operation.push(element);
    else sections.ProcessProperty.push(element);
  }
  return {
    '@type': 'EnvironmentExtensions',
    environmentId,
    id: environmentId,
    connections: { connection: sections.connection },
    operations: { operation: sections.operation },
    processProperties: { ProcessProperty: sections.ProcessProperty },
  };
}

function boomiAnswering(document: unknown): BoomiClient {
  return { environmentExtensions: { get: async () => document } } as unknown as BoomiClient;
}

describe('extension-access cache refresh', () => {
  it('refreshes 10,000 extension components in the same number of queries as 10', async () => {
    // 10,000 components, each mapped from one dev account, every 10th from a second one (shared).
    const mappings = [];
    for (let i = 0; i < 10_000; i++) {
      for (const account of i % 10 === 0 ? [accountId(i), accountId(i + 1)] : [accountId(i)]) {
        mappings.push({
          devComponentId: `dev-${account}-${i}`,
          devAccountId: account,
          prodComponentId: componentId(i),
          componentName: `Component ${i}`,
          componentType: 'connector-settings',
          prodAccountId: world.demo.accountId,
          prodLatestVersion: 1,
          lastPromotedAt: '2025-01-01T00:00:00.000Z',
          lastPromotedBy: 'dev@acme.example',
          mappingSource: 'PROMOTION_ENGINE' as const,
        });
      }
    }
    await world.repos.componentMappings.upsertMany(mappings);
    await world.repos.devAccountAccess.upsertMany(
      Array.from({ length: 40 }, (_, i) => ({
        ssoGroupId: `sso-group-${i}`,
        ssoGroupName: `Group ${i}`,
        devAccountId: `dev-account-${i}`,
        devAccountName: `Dev account ${i}`,
        isActive: i !== 7,
      })),
    );
    const owner = { id: 'process-1', name: 'Order Intake' };

    const small = countingPool(world.db.pool);
    const smallResult = await refreshEnvironmentCache(
      { boomi: boomiAnswering(extensionsDocument('env-small', 10)), repos: createRepositories(small.pool) },
      { environmentId: 'env-small', ownerProcess: owner, updatedBy: ADMIN.email },
    );
    const large = countingPool(world.db.pool);
    const largeResult = await refreshEnvironmentCache(
      {
        boomi: boomiAnswering(extensionsDocument('env-large', 10_000)),
        repos: createRepositories(large.pool),
      },
      { environmentId: 'env-large', ownerProcess: owner, updatedBy: ADMIN.email },
    );

    expect(smallResult.extensionAccessMappingCount).toBe(10);
    expect(largeResult).toEqual({
      environmentId: 'env-large',
      extensionAccessMappingCount: 10_000,
      upserted: 10_000,
      deleted: 0,
    });
    expect(large.count()).toBe(small.count());
    // Mappings, access, then one transaction: lock + digest, the write, BEGIN and COMMIT.
    expect(large.count()).toBeLessThanOrEqual(6);

    const shared = await world.repos.extensionAccessMappings.get('env-large', componentId(30));
    expect(shared).toMatchObject({
      componentType: 'connection',
      isConnectionExtension: true,
      isSharedComponent: true,
      authorizedSsoGroups: ['sso-group-30', 'sso-group-31'],
      ownerProcessId: 'process-1',
      ownerProcessName: 'Order Intake',
      lastUpdatedBy: ADMIN.email,
    });
    // Dev account 7's access is inactive: its component is admin-only.
    expect(await world.repos.extensionAccessMappings.get('env-large', componentId(7))).toMatchObject({
      componentType: 'operation',
      isConnectionExtension: false,
      isSharedComponent: false,
      devAccountId: 'dev-account-7',
      authorizedSsoGroups: [],
    });
  });

  it('removes the rows of components that left the environment', async () => {
    const deps = (n: number) => ({
      boomi: boomiAnswering(extensionsDocument('env-shrinks', n)),
      repos: world.repos,
    });
    const input = {
      environmentId: 'env-shrinks',
      ownerProcess: { id: 'p', name: 'P' },
      updatedBy: ADMIN.email,
    };
    await refreshEnvironmentCache(deps(30), input);
    const result = await refreshEnvironmentCache(deps(20), input);
    expect(result).toMatchObject({ extensionAccessMappingCount: 20, deleted: 10 });
    expect(await world.repos.extensionAccessMappings.countForEnvironment('env-shrinks')).toBe(20);
    expect(await world.repos.extensionAccessMappings.get('env-shrinks', componentId(25))).toBeNull();
  });

  it('an admin rebuilds one sandbox environment on demand', async () => {
    const test = environmentNamed(world.demo, 'Test');
    const result = await world.services.cache.refreshEnvironment(test.id, ADMIN);
    expect(result.environmentId).toBe(test.id);
    expect(result.extensionAccessMappingCount).toBeGreaterThan(0);
    const rows = await world.repos.extensionAccessMappings.listForEnvironment(test.id);
    expect(rows).toHaveLength(result.extensionAccessMappingCount);
    // The demo's shared Salesforce connection is mapped from two dev accounts.
    expect(rows.some((row) => row.isConnectionExtension && row.isSharedComponent)).toBe(true);
    expect(rows.every((row) => row.lastUpdatedBy === ADMIN.email)).toBe(true);
  });

  it('refuses a non-admin (FORBIDDEN) and an unknown environment (NOT_FOUND)', async () => {
    const test = environmentNamed(world.demo, 'Test');
    await expect(world.services.cache.refreshEnvironment(test.id, REVIEWER)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
    });
    await expect(world.services.cache.refreshEnvironment('no-such-environment', ADMIN)).rejects.toMatchObject(
      {
        code: 'NOT_FOUND',
        status: 404,
      },
    );
  });
});

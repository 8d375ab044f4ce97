import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildExtensionAccessRows,
  extensionComponentIds,
  type ExtensionCacheInput,
} from '../../src/domain/extension-cache.ts';

const NOW = '2026-05-01T00:00:00.000Z';

function build(overrides: Partial<ExtensionCacheInput>) {
  return buildExtensionAccessRows({
    environmentId: 'env-1',
    extensions: {},
    mappings: [],
    activeAccess: [],
    ownerProcess: { id: 'proc-1', name: 'Orders' },
    now: NOW,
    updatedBy: 'PROCESS_D_DEPLOY',
    ...overrides,
  });
}

const connection = (id: string, name?: string) => ({ id, name, field: [{ id: 'host', value: 'x' }] });

describe('extension components found in EnvironmentExtensions', () => {
  it('reads the five sections, in section order, with the design’s component types', () => {
    const rows = build({
      extensions: {
        '@type': 'EnvironmentExtensions',
        sharedCommunications: { sharedCommunication: [{ id: 's1', name: 'AS2' }] },
        tradingPartners: { tradingPartner: [{ id: 't1', name: 'Acme' }] },
        processProperties: { ProcessProperty: [{ id: 'pp1', name: 'Props' }] },
        operations: { operation: [{ id: 'o1', name: 'Get orders' }] },
        connections: { connection: [connection('c1', 'SFTP')] },
        crossReferences: { crossReference: [{ id: 'x1', name: 'ignored' }] },
        properties: { property: [{ name: 'dpp', value: 'ignored' }] },
      },
    });
    expect(rows.map((row) => [row.prodComponentId, row.componentType, row.componentName])).toStrictEqual([
      ['c1', 'connection', 'SFTP'],
      ['o1', 'operation', 'Get orders'],
      ['pp1', 'processProperty', 'Props'],
      ['t1', 'tradingPartner', 'Acme'],
      ['s1', 'sharedCommunication', 'AS2'],
    ]);
  });

  it('tolerates missing and null sections, and a single object in place of an array', () => {
    const rows = build({
      extensions: {
        connections: null,
        operations: { operation: { id: 'o1', name: 'Only op' } },
        tradingPartners: {},
      },
    });
    expect(rows.map((row) => row.prodComponentId)).toStrictEqual(['o1']);
  });

  it('skips elements without a string id and gives unnamed ones the design’s default name', () => {
    const rows = build({
      extensions: {
        connections: { connection: [{ name: 'no id' }, 'junk', null, { id: 7 }, { id: 'c1' }] },
        operations: { operation: [{ id: 'o1', name: '  ' }] },
      },
    });
    expect(rows.map((row) => [row.prodComponentId, row.componentName])).toStrictEqual([
      ['c1', 'Unknown Connection'],
      ['o1', 'Unknown Operation'],
    ]);
  });

  it('an id listed twice yields one row; it is a connection extension if any listing is a connection', () => {
    const rows = build({
      extensions: {
        connections: { connection: [connection('dup', 'As connection'), connection('dup', 'Again')] },
        operations: { operation: [{ id: 'dup', name: 'As operation' }] },
      },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      componentType: 'connection',
      componentName: 'As connection',
      isConnectionExtension: true,
    });
  });

  it('survives any JSON value as extensions', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (extensions) => {
        const rows = build({ extensions });
        return Array.isArray(rows) && new Set(rows.map((row) => row.prodComponentId)).size === rows.length;
      }),
    );
  });

  it('extensionComponentIds lists each id once, for one batch mapping query', () => {
    const extensions = {
      connections: { connection: [{ id: 'c1' }, { id: 'c2' }] },
      operations: { operation: [{ id: 'c1' }, { id: 'o1' }] },
    };
    expect(extensionComponentIds(extensions)).toStrictEqual(['c1', 'c2', 'o1']);
  });
});

describe('cache rules', () => {
  const extensions = {
    connections: { connection: [connection('c1', 'SFTP')] },
    operations: { operation: [{ id: 'o1', name: 'Get orders' }] },
  };

  it('only connections are connection extensions', () => {
    const rows = build({ extensions });
    expect(rows.map((row) => row.isConnectionExtension)).toStrictEqual([true, false]);
  });

  it('a component with one mapping is owned by that dev account, not shared, with its active groups', () => {
    const [, operation] = build({
      extensions,
      mappings: [{ prodComponentId: 'o1', devAccountId: 'dev-a', devAccountName: 'Team A' }],
      activeAccess: [
        { devAccountId: 'dev-a', ssoGroupId: 'GRP_A2' },
        { devAccountId: 'dev-a', ssoGroupId: 'GRP_A1' },
        { devAccountId: 'dev-b', ssoGroupId: 'GRP_B' },
      ],
    });
    expect(operation).toStrictEqual({
      environmentId: 'env-1',
      prodComponentId: 'o1',
      componentName: 'Get orders',
      componentType: 'operation',
      ownerProcessId: 'proc-1',
      ownerProcessName: 'Orders',
      devAccountId: 'dev-a',
      devAccountName: 'Team A',
      authorizedSsoGroups: ['GRP_A1', 'GRP_A2'],
      isConnectionExtension: false,
      isSharedComponent: false,
      lastUpdatedAt: NOW,
      lastUpdatedBy: 'PROCESS_D_DEPLOY',
    });
  });

  it('more than one mapping row makes a component shared, even rows of the same dev account', () => {
    const rows = build({
      extensions,
      mappings: [
        { prodComponentId: 'c1', devAccountId: 'dev-a' },
        { prodComponentId: 'c1', devAccountId: 'dev-a' },
        { prodComponentId: 'o1', devAccountId: 'dev-a' },
      ],
    });
    expect(rows.map((row) => row.isSharedComponent)).toStrictEqual([true, false]);
  });

  it('a shared component’s groups are the union of every mapped account’s active groups, sorted, once each', () => {
    const [row] = build({
      extensions,
      mappings: [
        { prodComponentId: 'c1', devAccountId: 'dev-b' },
        { prodComponentId: 'c1', devAccountId: 'dev-a' },
      ],
      activeAccess: [
        { devAccountId: 'dev-b', ssoGroupId: 'GRP_SHARED' },
        { devAccountId: 'dev-b', ssoGroupId: 'GRP_B' },
        { devAccountId: 'dev-a', ssoGroupId: 'GRP_SHARED' },
        { devAccountId: 'dev-a', ssoGroupId: 'GRP_A' },
        { devAccountId: 'dev-c', ssoGroupId: 'GRP_C' },
      ],
    });
    expect(row!.authorizedSsoGroups).toStrictEqual(['GRP_A', 'GRP_B', 'GRP_SHARED']);
  });

  it('inactive access rows grant nothing', () => {
    const [, row] = build({
      extensions,
      mappings: [{ prodComponentId: 'o1', devAccountId: 'dev-a' }],
      activeAccess: [
        { devAccountId: 'dev-a', ssoGroupId: 'GRP_OLD', isActive: false },
        { devAccountId: 'dev-a', ssoGroupId: 'GRP_NOW', isActive: true },
      ],
    });
    expect(row!.authorizedSsoGroups).toStrictEqual(['GRP_NOW']);
  });

  it('a shared component is owned by the smallest dev account id, whatever the mapping order', () => {
    const mappings = [
      { prodComponentId: 'c1', devAccountId: 'dev-c', devAccountName: 'Team C' },
      { prodComponentId: 'c1', devAccountId: 'dev-a', devAccountName: 'Team A' },
      { prodComponentId: 'c1', devAccountId: 'dev-b', devAccountName: 'Team B' },
    ];
    const forward = build({ extensions, mappings })[0]!;
    const backward = build({ extensions, mappings: [...mappings].reverse() })[0]!;
    expect([forward.devAccountId, forward.devAccountName]).toStrictEqual(['dev-a', 'Team A']);
    expect(backward).toStrictEqual(forward);
  });

  it('the dev account name falls back to the access records, then to the id', () => {
    const rows = build({
      extensions,
      mappings: [
        { prodComponentId: 'c1', devAccountId: 'dev-a' },
        { prodComponentId: 'o1', devAccountId: 'dev-z' },
      ],
      activeAccess: [{ devAccountId: 'dev-a', ssoGroupId: 'G', devAccountName: 'Team A' }],
    });
    expect(rows.map((row) => row.devAccountName)).toStrictEqual(['Team A', 'dev-z']);
  });

  it('a component without a mapping is admin-only: no owner account, no groups', () => {
    const [row] = build({ extensions, activeAccess: [{ devAccountId: 'dev-a', ssoGroupId: 'G' }] });
    expect(row).toMatchObject({
      devAccountId: '',
      devAccountName: '',
      authorizedSsoGroups: [],
      isSharedComponent: false,
    });
  });

  it('mappings of components not in the environment produce no row', () => {
    const rows = build({ extensions, mappings: [{ prodComponentId: 'elsewhere', devAccountId: 'dev-a' }] });
    expect(rows.map((row) => row.prodComponentId)).toStrictEqual(['c1', 'o1']);
  });

  it('every row carries the environment, owner process and refresh stamp', () => {
    const rows = build({ extensions, environmentId: 'env-9', now: NOW, updatedBy: 'ADMIN_SYNC' });
    for (const row of rows) {
      expect(row).toMatchObject({
        environmentId: 'env-9',
        ownerProcessId: 'proc-1',
        ownerProcessName: 'Orders',
        lastUpdatedAt: NOW,
        lastUpdatedBy: 'ADMIN_SYNC',
      });
    }
  });

  it('groups are the union over mapped accounts for any mappings and access rows', () => {
    const accounts = fc.constantFrom('a', 'b', 'c', 'd');
    fc.assert(
      fc.property(
        fc.array(fc.record({ prodComponentId: fc.constantFrom('c1', 'o1'), devAccountId: accounts }), {
          maxLength: 6,
        }),
        fc.array(fc.record({ devAccountId: accounts, ssoGroupId: fc.constantFrom('G1', 'G2', 'G3') }), {
          maxLength: 8,
        }),
        (mappings, activeAccess) => {
          for (const row of build({ extensions, mappings, activeAccess })) {
            const mine = mappings.filter((m) => m.prodComponentId === row.prodComponentId);
            const owners = new Set(mine.map((m) => m.devAccountId));
            const expected = [
              ...new Set(activeAccess.filter((a) => owners.has(a.devAccountId)).map((a) => a.ssoGroupId)),
            ].sort();
            expect(row.authorizedSsoGroups).toStrictEqual(expected);
            expect(row.isSharedComponent).toBe(mine.length > 1);
          }
        },
      ),
    );
  });
});

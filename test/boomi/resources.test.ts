// Resource modules over a MockAgent: the bodies and paths they send, paging, and the look-ups
// that make writes safe to repeat.
import { describe, expect, it } from 'vitest';
import { BoomiRequestError } from '../../src/boomi/index.ts';
import { json, mockBoomi, ROOT } from './unit-helpers.ts';

const sentBodies = (boomi: ReturnType<typeof mockBoomi>) =>
  boomi.calls().map((c) => `${c.method} ${c.path.replace(ROOT, '')} ${c.body ?? ''}`);

describe('queries', () => {
  it('follows queryToken through queryMore, sending the bare token as text', async () => {
    const boomi = mockBoomi();
    const page = (ids: string[], token?: string) => ({
      '@type': 'QueryResult',
      numberOfResults: ids.length,
      ...(token ? { queryToken: token } : {}),
      result: ids.map((id) => ({ '@type': 'Environment', id })),
    });
    boomi.pool
      .intercept({ path: `${ROOT}/Environment/query`, method: 'POST' })
      .reply(200, page(['e1', 'e2'], 'tok-1'), json);
    boomi.pool
      .intercept({ path: `${ROOT}/Environment/queryMore`, method: 'POST' })
      .reply(200, page(['e3'], 'tok-2'), json);
    boomi.pool
      .intercept({ path: `${ROOT}/Environment/queryMore`, method: 'POST' })
      .reply(200, page(['e4']), json);
    const environments = await boomi.client.environments.list({ classification: 'TEST' });
    expect(environments.map((e) => e.id)).toStrictEqual(['e1', 'e2', 'e3', 'e4']);
    const calls = boomi.calls();
    expect(calls.map((c) => c.body)).toStrictEqual([
      JSON.stringify({
        QueryFilter: { expression: { operator: 'EQUALS', property: 'classification', argument: ['TEST'] } },
      }),
      'tok-1',
      'tok-2',
    ]);
    expect(calls[1]?.headers['content-type']).toBe('text/plain');
  });

  it('combines filters with "and" and lists everything with IS_NOT_NULL id', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: `${ROOT}/PackagedComponent/query`, method: 'POST' })
      .reply(200, { result: [] }, json);
    boomi.pool
      .intercept({ path: `${ROOT}/AccountGroup/query`, method: 'POST' })
      .reply(200, { result: [] }, json);
    await boomi.client.packagedComponents.findByComponentAndVersion('c1', '1.2');
    await boomi.client.accountGroups.list();
    expect(boomi.calls().map((c) => JSON.parse(c.body ?? ''))).toStrictEqual([
      {
        QueryFilter: {
          expression: {
            operator: 'and',
            nestedExpression: [
              { operator: 'EQUALS', property: 'componentId', argument: ['c1'] },
              { operator: 'EQUALS', property: 'packageVersion', argument: ['1.2'] },
            ],
          },
        },
      },
      { QueryFilter: { expression: { operator: 'IS_NOT_NULL', property: 'id', argument: [] } } },
    ]);
  });

  it('prefers a live package over a soft-deleted one with the same version', async () => {
    const boomi = mockBoomi();
    boomi.pool.intercept({ path: `${ROOT}/PackagedComponent/query`, method: 'POST' }).reply(
      200,
      {
        result: [
          { packageId: 'old', componentId: 'c1', packageVersion: '1.2', deleted: 'true' },
          { packageId: 'live', componentId: 'c1', packageVersion: '1.2', deleted: false },
        ],
      },
      json,
    );
    await expect(
      boomi.client.packagedComponents.findByComponentAndVersion('c1', '1.2'),
    ).resolves.toMatchObject({
      packageId: 'live',
    });
  });
});

describe('deletes', () => {
  it.each([
    [200, '', 'deleted'],
    [200, 'true', 'deleted'],
    [404, '{"message":"Not Found"}', 'not-found'],
    [400, '{"@type":"Error","message":"Branch QjoxMA does not exist."}', 'not-found'],
  ])('branch delete answered %i %s means %s', async (status, body, outcome) => {
    const boomi = mockBoomi();
    boomi.pool.intercept({ path: `${ROOT}/Branch/QjoxMA`, method: 'DELETE' }).reply(status, body);
    await expect(boomi.client.branches.delete('QjoxMA')).resolves.toBe(outcome);
  });

  it('still fails a delete refused for another reason', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: `${ROOT}/Branch/QjoxMA`, method: 'DELETE' })
      .reply(400, { message: 'The main branch cannot be deleted.' }, json);
    await expect(boomi.client.branches.delete('QjoxMA')).rejects.toBeInstanceOf(BoomiRequestError);
  });
});

describe('integration pack updates', () => {
  const pack = {
    id: 'ip1',
    name: 'Orders',
    Description: 'Order intake',
    installationType: 'MULTI',
    PublisherPackagedComponents: {
      PublisherPackagedComponent: [
        { componentId: 'keep', pendingVersion: '1.0' },
        { componentId: 'gone', deleted: 'true' },
      ],
    },
  };

  it('adds components on top of the live ones, never dropping or duplicating any', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: `${ROOT}/PublisherIntegrationPack/ip1`, method: 'GET' })
      .reply(200, pack, json);
    boomi.pool
      .intercept({ path: `${ROOT}/PublisherIntegrationPack/ip1`, method: 'POST' })
      .reply(200, pack, json);
    await boomi.client.publisherIntegrationPacks.addComponents('ip1', ['new', 'keep']);
    expect(JSON.parse(boomi.calls()[1]?.body ?? '')).toStrictEqual({
      id: 'ip1',
      name: 'Orders',
      Description: 'Order intake',
      installationType: 'MULTI',
      operationType: 'ADD',
      PublisherPackagedComponents: {
        PublisherPackagedComponent: [{ componentId: 'keep' }, { componentId: 'new' }],
      },
    });
  });

  it('removes one component with operationType DELETE', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: `${ROOT}/PublisherIntegrationPack/ip1`, method: 'GET' })
      .reply(200, pack, json);
    boomi.pool
      .intercept({ path: `${ROOT}/PublisherIntegrationPack/ip1`, method: 'POST' })
      .reply(200, pack, json);
    await boomi.client.publisherIntegrationPacks.removeComponent('ip1', 'keep');
    expect(JSON.parse(boomi.calls()[1]?.body ?? '')).toMatchObject({
      operationType: 'DELETE',
      PublisherPackagedComponents: { PublisherPackagedComponent: [{ componentId: 'keep' }] },
    });
  });

  it("creates a pack with Boomi's capitalised Description, empty when not given", async () => {
    const boomi = mockBoomi();
    boomi.pool.intercept({ path: `${ROOT}/PublisherIntegrationPack`, method: 'POST' }).reply(200, pack, json);
    await boomi.client.publisherIntegrationPacks.create({ name: 'Orders', installationType: 'MULTI' });
    expect(JSON.parse(boomi.calls()[0]?.body ?? '')).toStrictEqual({
      name: 'Orders',
      Description: '',
      installationType: 'MULTI',
    });
  });
});

describe('release, merge and deploy bodies', () => {
  it('sends the shapes of spec §2', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: `${ROOT}/ReleaseIntegrationPack`, method: 'POST' })
      .reply(200, { requestId: 'release-1' }, json);
    boomi.pool
      .intercept({ path: `${ROOT}/MergeRequest/execute/TVI6NTA`, method: 'POST' })
      .reply(200, { id: 'TVI6NTA', stage: 'MERGING' }, json);
    boomi.pool
      .intercept({ path: `${ROOT}/DeployedPackage/query`, method: 'POST' })
      .reply(200, { result: [] }, json);
    await boomi.client.releases.create({
      integrationPackId: 'ip1',
      components: [{ componentId: 'c1', version: '1.2' }],
    });
    await boomi.client.mergeRequests.execute('TVI6NTA', 'MERGE');
    await boomi.client.deployedPackages.find({ environmentId: 'e1', packageId: 'p1', active: true });
    expect(sentBodies(boomi)).toStrictEqual([
      'POST /ReleaseIntegrationPack {"id":"ip1","releaseSchedule":"IMMEDIATELY","ReleasePackagedComponents":{"ReleasePackagedComponent":[{"componentId":"c1","version":"1.2"}]}}',
      'POST /MergeRequest/execute/TVI6NTA {"id":"TVI6NTA","mergeRequestAction":"MERGE"}',
      'POST /DeployedPackage/query {"QueryFilter":{"expression":{"operator":"and","nestedExpression":[{"operator":"EQUALS","property":"environmentId","argument":["e1"]},{"operator":"EQUALS","property":"packageId","argument":["p1"]},{"operator":"EQUALS","property":"active","argument":["true"]}]}}}',
    ]);
  });
});

// Contract sweep: for every object, QUERY, GET by id and bulk GET over the demo world, each answer
// validated against the official schema by the test client (support.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { eq, type CallOptions, useDemoSandbox } from './support.ts';

const demo = useDemoSandbox({ resetBeforeEach: false });

interface Case {
  object: string;
  idField: string;
  expression?: () => unknown;
  options?: () => CallOptions;
}

const cases: Case[] = [
  { object: 'AccountGroup', idField: 'id' },
  { object: 'AccountGroupIntegrationPack', idField: 'id' },
  { object: 'Branch', idField: 'id' },
  { object: 'ComponentMetadata', idField: 'componentId' },
  { object: 'DeployedPackage', idField: 'deploymentId' },
  { object: 'Environment', idField: 'id' },
  { object: 'EnvironmentExtensions', idField: 'id' },
  {
    object: 'IntegrationPack',
    idField: 'id',
    options: () => ({ partner: true, overrideAccount: demo.world().devAccounts[0]!.devAccountId }),
  },
  {
    object: 'MergeRequest',
    idField: 'id',
    expression: () => eq('destinationBranchId', demo.world().mainBranchId),
  },
  { object: 'PackagedComponent', idField: 'packageId' },
  { object: 'PublisherIntegrationPack', idField: 'id' },
];

describe('every object answers QUERY, GET and bulk GET with schema-valid bodies', () => {
  beforeAll(async () => {
    // One merge request so that MergeRequest has something to show.
    const p = demo.world().promotions[0]!;
    await demo.boomi.post('/MergeRequest', {
      sourceBranchId: p.branchId,
      destinationBranchId: demo.world().mainBranchId,
      strategy: 'OVERRIDE',
      priorityBranch: 'SOURCE',
    });
  });

  it.each(cases)('$object', async ({ object, idField, expression, options }) => {
    const opts = options?.() ?? {};
    const listed = await demo.boomi.query(object, expression?.(), opts);
    expect(listed.status).toBe(200);
    const first = listed.body.result?.[0];
    expect(first, `${object} has records in the demo world`).toBeDefined();
    expect(first['@type']).toBe(object);
    const id = first[idField] as string;
    const got = await demo.boomi.get(`/${object}/${id}`, opts);
    expect(got.status).toBe(200);
    const bulk = await demo.boomi.post(`/${object}/bulk`, { type: 'GET', request: [{ id }] }, opts);
    expect(bulk.status).toBe(200);
    expect(bulk.body.response[0].statusCode).toBe(200);
  });

  it('Component and ReleaseIntegrationPackStatus (GET and bulk)', async () => {
    const process = demo.world().promotions[0]!.prodComponentId;
    expect((await demo.boomi.get(`/Component/${process}`)).status).toBe(200);
    expect((await demo.boomi.get(`/Component/${process}~1`)).body.version).toBe(1);
    const pack = demo.world().integrationPacks[0]!;
    const release = await demo.boomi.post('/ReleaseIntegrationPack', {
      id: pack.id,
      releaseSchedule: 'IMMEDIATELY',
      ReleasePackagedComponents: {
        ReleasePackagedComponent: [{ componentId: pack.componentIds[0], version: '1.0' }],
      },
    });
    expect(release.status).toBe(200);
    const bulk = await demo.boomi.post('/ReleaseIntegrationPackStatus/bulk', {
      type: 'GET',
      request: [{ id: release.body.requestId }],
    });
    expect(bulk.body.response[0].Result.requestId).toBe(release.body.requestId);
  });
});

// Contract sweep: for every object, QUERY, GET by id and bulk GET over the demo world, each answer
// validated against the official schema by the test client (support.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/server.ts';
import { BoomiTestClient, eq, startTestSandbox, type CallOptions } from './support.ts';

let sandbox: RunningSandbox;
let boomi: BoomiTestClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  boomi = BoomiTestClient.forDemo(sandbox);
});
afterAll(() => sandbox.close());

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
    options: () => ({ partner: true, overrideAccount: sandbox.world!.devAccounts[0]!.devAccountId }),
  },
  {
    object: 'MergeRequest',
    idField: 'id',
    expression: () => eq('destinationBranchId', sandbox.world!.mainBranchId),
  },
  { object: 'PackagedComponent', idField: 'packageId' },
  { object: 'PublisherIntegrationPack', idField: 'id' },
];

describe('every object answers QUERY, GET and bulk GET with schema-valid bodies', () => {
  beforeAll(async () => {
    // One merge request so that MergeRequest has something to show.
    const p = sandbox.world!.promotions[0]!;
    await boomi.post('/MergeRequest', {
      sourceBranchId: p.branchId,
      destinationBranchId: sandbox.world!.mainBranchId,
      strategy: 'OVERRIDE',
      priorityBranch: 'SOURCE',
    });
  });

  it.each(cases)('$object', async ({ object, idField, expression, options }) => {
    const opts = options?.() ?? {};
    const listed = await boomi.query(object, expression?.(), opts);
    expect(listed.status).toBe(200);
    const first = listed.body.result?.[0];
    expect(first, `${object} has records in the demo world`).toBeDefined();
    expect(first['@type']).toBe(object);
    const id = first[idField] as string;
    const got = await boomi.get(`/${object}/${id}`, opts);
    expect(got.status).toBe(200);
    const bulk = await boomi.post(`/${object}/bulk`, { type: 'GET', request: [{ id }] }, opts);
    expect(bulk.status).toBe(200);
    expect(bulk.body.response[0].statusCode).toBe(200);
  });

  it('Component and ReleaseIntegrationPackStatus (GET and bulk)', async () => {
    const process = sandbox.world!.promotions[0]!.prodComponentId;
    expect((await boomi.get(`/Component/${process}`)).status).toBe(200);
    expect((await boomi.get(`/Component/${process}~1`)).body.version).toBe(1);
    const pack = sandbox.world!.integrationPacks[0]!;
    const release = await boomi.post('/ReleaseIntegrationPack', {
      id: pack.id,
      releaseSchedule: 'IMMEDIATELY',
      ReleasePackagedComponents: {
        ReleasePackagedComponent: [{ componentId: pack.componentIds[0], version: '1.0' }],
      },
    });
    expect(release.status).toBe(200);
    const bulk = await boomi.post('/ReleaseIntegrationPackStatus/bulk', {
      type: 'GET',
      request: [{ id: release.body.requestId }],
    });
    expect(bulk.body.response[0].Result.requestId).toBe(release.body.requestId);
  });
});

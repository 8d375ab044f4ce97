// Boomi may answer like its examples rather than its schemas; the client hands callers the
// schema's types either way (reference §0b, §2).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalise } from '../../src/boomi/normalise.ts';
import { SHAPES } from '../../src/boomi/shapes.ts';
import { json, mockBoomi, ROOT } from './unit-helpers.ts';

describe('normalising answers', () => {
  it('coerces "true"/"false" strings on a branch', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' })
      .reply(200, { '@type': 'Branch', id: 'b1', ready: 'false', deleted: 'FALSE', stage: 'CREATING' }, json);
    expect(await boomi.client.branches.get('b1')).toStrictEqual({
      '@type': 'Branch',
      id: 'b1',
      ready: false,
      deleted: false,
      stage: 'CREATING',
    });
  });

  it('turns a single MergeRequestDetail object into a list, with string booleans and revisions', async () => {
    const boomi = mockBoomi();
    boomi.pool.intercept({ path: `${ROOT}/MergeRequest/m1`, method: 'GET' }).reply(
      200,
      {
        id: 'm1',
        stage: 'REVIEWING',
        MergeRequestDetails: {
          MergeRequestDetail: { componentGuid: 'c1', conflict: 'true', sourceRevision: '3', excluded: false },
        },
      },
      json,
    );
    const request = await boomi.client.mergeRequests.get('m1');
    expect(request.MergeRequestDetails.MergeRequestDetail).toStrictEqual([
      { componentGuid: 'c1', conflict: true, sourceRevision: 3, excluded: false },
    ]);
  });

  it('supplies a missing MergeRequestDetails container as an empty list', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: `${ROOT}/MergeRequest/m1`, method: 'GET' })
      .reply(200, { id: 'm1', stage: 'DRAFTING' }, json);
    const request = await boomi.client.mergeRequests.get('m1');
    expect(request.MergeRequestDetails).toStrictEqual({ MergeRequestDetail: [] });
  });

  it('reads componentVersion "2.0" as the number 2 on a deployment', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: `${ROOT}/DeployedPackage/d1`, method: 'GET' })
      .reply(200, { deploymentId: 'd1', componentVersion: '2.0', version: '4', active: 'true' }, json);
    expect(await boomi.client.deployedPackages.get('d1')).toStrictEqual({
      deploymentId: 'd1',
      componentVersion: 2,
      version: 4,
      active: true,
    });
  });

  it('fills every extension collection and leaves string values such as "true" alone', async () => {
    const boomi = mockBoomi();
    boomi.pool.intercept({ path: `${ROOT}/EnvironmentExtensions/e1`, method: 'GET' }).reply(
      200,
      {
        id: 'e1',
        environmentId: 'e1',
        connections: {
          connection: {
            id: 'conn',
            field: { id: 'ssl', value: 'true', useDefault: 'false', encryptedValueSet: 'true' },
          },
        },
        crossReferences: { crossReference: [{ id: 'x', overrideValues: 'true' }] },
        properties: { '@type': '', property: { name: 'flag', value: 'false' } },
      },
      json,
    );
    const extensions = await boomi.client.environmentExtensions.get('e1');
    expect(extensions.connections.connection).toStrictEqual([
      { id: 'conn', field: [{ id: 'ssl', value: 'true', useDefault: false, encryptedValueSet: true }] },
    ]);
    expect(extensions.crossReferences.crossReference).toStrictEqual([
      { id: 'x', overrideValues: true, CrossReferenceRows: { row: [] } },
    ]);
    expect(extensions.properties.property).toStrictEqual([{ name: 'flag', value: 'false' }]);
    expect(extensions.operations).toStrictEqual({ operation: [] });
    expect(extensions.processProperties).toStrictEqual({ ProcessProperty: [] });
    expect(extensions.PGPCertificates).toStrictEqual({ PGPCertificate: [] });
    expect(extensions.tradingPartners).toStrictEqual({ tradingPartner: [] });
    expect(extensions.sharedCommunications).toStrictEqual({ sharedCommunication: [] });
  });

  it('reads a query answer with no result key as no results', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: `${ROOT}/AccountGroup/query`, method: 'POST' })
      .reply(200, { '@type': 'QueryResult', numberOfResults: 0 }, json);
    expect(await boomi.client.accountGroups.list()).toStrictEqual([]);
  });

  it('keeps non-numeric strings in integer fields and non-boolean strings in boolean fields', () => {
    expect(
      normalise({ deploymentId: 'd', version: 'latest', active: 'yes' }, SHAPES.DeployedPackage),
    ).toStrictEqual({
      deploymentId: 'd',
      version: 'latest',
      active: 'yes',
    });
  });

  it('is idempotent and never changes an answer that already follows the schema', () => {
    const detail = fc.record({
      componentGuid: fc.string(),
      conflict: fc.boolean(),
      sourceRevision: fc.integer(),
    });
    const mergeRequest = fc.record({
      id: fc.string(),
      stage: fc.constantFrom('DRAFTING', 'REVIEWING', 'MERGED'),
      note: fc.constantFrom('true', 'false', '3', 'x'),
      MergeRequestDetails: fc.record({ MergeRequestDetail: fc.array(detail) }),
    });
    fc.assert(
      fc.property(mergeRequest, (generated) => {
        // fast-check builds null-prototype objects; an answer parsed from JSON has plain ones.
        const value: unknown = JSON.parse(JSON.stringify(generated));
        const once = normalise(value, SHAPES.MergeRequest);
        expect(once).toStrictEqual(value);
        expect(normalise(once, SHAPES.MergeRequest)).toStrictEqual(once);
      }),
    );
  });
});

// The client functions rollback and Integration Pack discovery use, against the sandbox over real
// HTTP: the active deployments of a component across environments in one query, an undeploy that is
// safe to repeat, and every publisher pack through queryMore. The last test holds every request
// sent here to the official OpenAPI subset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoomiClient } from '../../src/boomi/index.ts';
import {
  expectRequestsFollowOfficialSchemas,
  startTestSandbox,
  type TestSandbox,
} from './sandbox-helpers.ts';

let t: TestSandbox;
let boomi: BoomiClient;

const componentNamed = (name: string) => t.world.components.find((c) => c.name === name)!.id;
const envNamed = (name: string) => t.world.environments.find((e) => e.name === name)!.id;

beforeAll(async () => {
  t = await startTestSandbox();
  boomi = t.client();
});
afterAll(async () => t.close());

describe('deployedPackages.findActiveForComponent', () => {
  it('answers the active deployment in each named environment with one query', async () => {
    const invoiceSync = componentNamed('Invoice Sync');
    const environments = [envNamed('Test'), envNamed('Test 2'), envNamed('Production')];
    await t.clearCalls();
    const active = await boomi.deployedPackages.findActiveForComponent(invoiceSync, environments);
    // Invoice Sync is deployed to Test and Production only (demo world).
    const expected = t.world.deployments
      .filter((d) => d.componentId === invoiceSync && d.active)
      .map((d) => [d.environmentId, d.deploymentId])
      .sort();
    expect(expected).toHaveLength(2);
    expect(active.map((d) => [d.environmentId, d.deploymentId]).sort()).toStrictEqual(expected);
    expect(active.every((d) => d.active === true)).toBe(true);
    expect((await t.calls()).map((c) => `${c.method} ${c.path}`)).toStrictEqual([
      'POST /DeployedPackage/query',
    ]);
  });

  it('sends nothing for no environments', async () => {
    await t.clearCalls();
    await expect(
      boomi.deployedPackages.findActiveForComponent(componentNamed('Order Intake'), []),
    ).resolves.toStrictEqual([]);
    expect(await t.calls()).toStrictEqual([]);
  });
});

describe('deployedPackages.undeploy and deploying an older package again', () => {
  it('rolls back to the older package, then undeploys it once however often it is asked', async () => {
    const customerSync = componentNamed('Customer Master Sync');
    const test = envNamed('Test');
    const [before] = await boomi.deployedPackages.findActiveForComponent(customerSync, [test]);
    // Customer Master Sync 1.1 is active in Test; its 1.0 package is the older one.
    const older = await boomi.packagedComponents.findByComponentAndVersion(customerSync, '1.0');
    expect(before?.packageVersion).toBe('1.1');

    const rolledBack = await boomi.deployedPackages.create({
      environmentId: test,
      packageId: older!.packageId,
    });
    const [now] = await boomi.deployedPackages.findActiveForComponent(customerSync, [test]);
    expect(now).toMatchObject({ deploymentId: rolledBack.deploymentId, packageVersion: '1.0' });
    await expect(boomi.deployedPackages.get(before!.deploymentId)).resolves.toMatchObject({ active: false });

    await expect(boomi.deployedPackages.undeploy(rolledBack.deploymentId)).resolves.toBe('undeployed');
    await expect(boomi.deployedPackages.undeploy(rolledBack.deploymentId)).resolves.toBe('already-inactive');
    await expect(boomi.deployedPackages.undeploy('no-such-deployment')).resolves.toBe('not-found');
    await expect(boomi.deployedPackages.findActiveForComponent(customerSync, [test])).resolves.toStrictEqual(
      [],
    );
    const deletes = await t.calls({ method: 'DELETE' });
    expect(deletes.map((c) => c.status)).toStrictEqual([200, 400, 400]);
  });
});

describe('publisherIntegrationPacks.list', () => {
  it('returns every pack of an account with more than 100, through queryMore', async () => {
    const before = await boomi.publisherIntegrationPacks.list();
    await t.seed({
      integrationPacks: Array.from({ length: 130 }, (_, i) => ({
        accountId: t.world.accountId,
        name: `Listed pack ${i}`,
        Description: '',
        components: [{ componentId: componentNamed('Order Intake'), currentVersion: '1.0' }],
      })),
    });
    await t.clearCalls();
    const packs = await boomi.publisherIntegrationPacks.list();
    expect(packs).toHaveLength(before.length + 130);
    expect(new Set(packs.map((p) => p.id)).size).toBe(packs.length);
    expect((await t.calls()).map((c) => c.path)).toStrictEqual([
      '/PublisherIntegrationPack/query',
      '/PublisherIntegrationPack/queryMore',
    ]);
    const listed = packs.find((p) => p.name === 'Listed pack 129')!;
    expect(listed.PublisherPackagedComponents.PublisherPackagedComponent).toMatchObject([
      { componentId: componentNamed('Order Intake'), currentVersion: '1.0', deleted: false },
    ]);
  });
});

describe('contract', () => {
  it('every request sent here follows the official schemas', () => {
    expectRequestsFollowOfficialSchemas(t.requests);
  });
});

// What rollback and Integration Pack discovery stand on (spec §11–§12), held to the official schemas by
// every call: deploying an older package again, undeploying, the active deployment of a component
// across environments in one query, and publisher packs paged 100 at a time.
import { describe, expect, it } from 'vitest';
import { control, eq, expectBoomiError, useDemoSandbox } from './support.ts';

const demo = useDemoSandbox({ resetBeforeEach: true });

const world = demo.world;
const component = (name: string) => world().components.find((c) => c.name === name)!;
const env = (name: string) => world().environments.find((e) => e.name === name)!;

/** The deployments of a component in one environment, as Boomi answers them. */
async function deploymentsOf(componentId: string, environmentId: string) {
  const result = await demo.boomi.query('DeployedPackage', {
    operator: 'and',
    nestedExpression: [eq('componentId', componentId), eq('environmentId', environmentId)],
  });
  expect(result.status).toBe(200);
  return (result.body.result ?? []) as {
    deploymentId: string;
    packageId: string;
    active: boolean;
    version: number;
  }[];
}

async function newPackage(componentId: string, version: string) {
  const created = await demo.boomi.post('/PackagedComponent', {
    componentId,
    packageVersion: version,
    shareable: true,
  });
  expect(created.status).toBe(200);
  return created.body as { packageId: string };
}

describe('rolling back by deploying an older package again (reference §8, checklist 35)', () => {
  it('makes the older package the active one and deactivates the one that was active', async () => {
    const orderIntake = component('Order Intake').id;
    const test = env('Test').id;
    const [original] = await deploymentsOf(orderIntake, test);
    const newer = await newPackage(orderIntake, '2.0');
    const upgrade = await demo.boomi.post('/DeployedPackage', {
      environmentId: test,
      packageId: newer.packageId,
    });
    expect(upgrade.status).toBe(200);

    const rollback = await demo.boomi.post('/DeployedPackage', {
      environmentId: test,
      packageId: original!.packageId,
      notes: 'rollback',
    });
    expect(rollback.status).toBe(200);
    expect(rollback.body).toMatchObject({ packageId: original!.packageId, active: true, version: 3 });

    const after = await deploymentsOf(orderIntake, test);
    expect(after.filter((d) => d.active).map((d) => d.deploymentId)).toStrictEqual([
      rollback.body.deploymentId,
    ]);
    // History stays: the first deployment and the upgrade are both kept, inactive.
    expect(after.map((d) => [d.version, d.active]).sort()).toStrictEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
  });
});

describe('undeploying with DELETE /DeployedPackage/{id} (reference §8, checklist 37)', () => {
  it('leaves no active deployment of the component there: the previous one does not come back', async () => {
    const orderIntake = component('Order Intake').id;
    const test = env('Test').id;
    const newer = await newPackage(orderIntake, '2.0');
    const upgrade = await demo.boomi.post('/DeployedPackage', {
      environmentId: test,
      packageId: newer.packageId,
    });

    const undeployed = await demo.boomi.delete(`/DeployedPackage/${upgrade.body.deploymentId}`);
    expect(undeployed.status).toBe(200);
    expect(undeployed.text).toBe('');

    const after = await deploymentsOf(orderIntake, test);
    expect(after).toHaveLength(2);
    expect(after.filter((d) => d.active)).toStrictEqual([]);
    // Other environments keep theirs.
    expect((await deploymentsOf(orderIntake, env('Production').id)).filter((d) => d.active)).toHaveLength(1);
  });

  it('refuses an unknown deployment and one that is no longer active, changing nothing', async () => {
    expectBoomiError(
      await demo.boomi.delete('/DeployedPackage/no-such-deployment'),
      400,
      /no-such-deployment/,
    );
    const orderIntake = component('Order Intake').id;
    const test = env('Test').id;
    const [original] = await deploymentsOf(orderIntake, test);
    const newer = await newPackage(orderIntake, '2.0');
    const upgrade = await demo.boomi.post('/DeployedPackage', {
      environmentId: test,
      packageId: newer.packageId,
    });
    expectBoomiError(
      await demo.boomi.delete(`/DeployedPackage/${original!.deploymentId}`),
      400,
      /not active/,
    );
    const active = (await deploymentsOf(orderIntake, test)).filter((d) => d.active);
    expect(active.map((d) => d.deploymentId)).toStrictEqual([upgrade.body.deploymentId]);
  });
});

describe('the active deployment of a component across environments in one query', () => {
  it('nests an "or" of environments inside the "and" of componentId and active', async () => {
    const orderIntake = component('Order Intake').id;
    const environments = ['Test', 'Test 2', 'Production'].map((name) => env(name).id);
    const response = await demo.boomi.query('DeployedPackage', {
      operator: 'and',
      nestedExpression: [
        eq('componentId', orderIntake),
        eq('active', 'true'),
        { operator: 'or', nestedExpression: environments.map((id) => eq('environmentId', id)) },
      ],
    });
    expect(response.status).toBe(200);
    const expected = world()
      .deployments.filter(
        (d) => d.componentId === orderIntake && d.active && environments.includes(d.environmentId),
      )
      .map((d) => d.deploymentId)
      .sort();
    expect(expected).toHaveLength(3);
    expect(response.body.result.map((d: { deploymentId: string }) => d.deploymentId).sort()).toStrictEqual(
      expected,
    );
  });
});

describe('PublisherIntegrationPack query over more than 100 packs (reference §5.2)', () => {
  it('answers 100 per page with a queryToken, then the rest through queryMore, each pack once', async () => {
    const orderIntake = component('Order Intake').id;
    const seeded = Array.from({ length: 150 }, (_, i) => ({
      accountId: world().accountId,
      name: `Bulk pack ${String(i).padStart(3, '0')}`,
      Description: `pack ${i}`,
      installationType: 'MULTI',
      components: [{ componentId: orderIntake, currentVersion: '1.0' }],
    }));
    const seeding = await control(demo.sandbox, 'POST', '/seed', { integrationPacks: seeded });
    expect(seeding.status, JSON.stringify(seeding.body)).toBe(200);
    const total = world().integrationPacks.length + seeded.length;

    const first = await demo.boomi.query('PublisherIntegrationPack', {
      operator: 'IS_NOT_NULL',
      property: 'id',
      argument: [],
    });
    expect(first.body.numberOfResults).toBe(100);
    expect(typeof first.body.queryToken).toBe('string');
    const all = await demo.boomi.queryAll('PublisherIntegrationPack', {
      operator: 'IS_NOT_NULL',
      property: 'id',
      argument: [],
    });
    expect(all).toHaveLength(total);
    expect(new Set(all.map((p) => p.id)).size).toBe(total);
    const bulk = all.find((p) => p.name === 'Bulk pack 149');
    expect(bulk.PublisherPackagedComponents.PublisherPackagedComponent).toMatchObject([
      { componentId: orderIntake, currentVersion: '1.0', deleted: false },
    ]);
  });
});

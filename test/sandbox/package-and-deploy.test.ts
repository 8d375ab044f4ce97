import { describe, expect, it } from 'vitest';
import { control, eq, expectBoomiError, useDemoSandbox } from './support.ts';

const demo = useDemoSandbox({ resetBeforeEach: true });

const world = demo.world;
const component = (name: string) => world().components.find((c) => c.name === name)!;
const env = (name: string) => world().environments.find((e) => e.name === name)!;

describe('POST /PackagedComponent (checklist 15–18)', () => {
  it('creates a shareable package of a process, with the required fields', async () => {
    const process = component('Order Intake');
    const created = await demo.boomi.post('/PackagedComponent', {
      componentId: process.id,
      packageVersion: '2.0',
      notes: 'for test',
      shareable: true,
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      '@type': 'PackagedComponent',
      componentId: process.id,
      packageVersion: '2.0',
      componentType: 'process',
      notes: 'for test',
      shareable: true,
      deleted: false,
      branchName: 'main',
      createdBy: 'admin@acme.example',
    });
    expect((await demo.boomi.get(`/PackagedComponent/${created.body.packageId}`)).body).toEqual(created.body);
  });

  it('refuses a duplicate packageVersion for the same component, naming the version', async () => {
    const process = component('Order Intake');
    expectBoomiError(
      await demo.boomi.post('/PackagedComponent', { componentId: process.id, packageVersion: '1.0' }),
      400,
      /1\.0 already exists/,
    );
    // Another component may reuse the label.
    expect(
      (
        await demo.boomi.post('/PackagedComponent', {
          componentId: component('Payment Reconciliation').id,
          packageVersion: '1.0',
          branchName: world().promotions[4]!.branchName,
        })
      ).status,
    ).toBe(200);
  });

  it('generates a packageVersion from the revision when none is given, bumping when taken', async () => {
    await control(demo.sandbox, 'POST', '/seed', {
      components: [
        {
          accountId: world().accountId,
          id: 'proc-auto',
          name: 'Auto',
          type: 'process',
          revisions: [{}, {}, {}],
        },
      ],
    });
    const first = await demo.boomi.post('/PackagedComponent', { componentId: 'proc-auto' });
    expect(first.body).toMatchObject({ packageVersion: '3.0', componentVersion: 3, shareable: false });
    const second = await demo.boomi.post('/PackagedComponent', { componentId: 'proc-auto' });
    expect(second.body.packageVersion).toBe('3.1');
  });

  it("packages the branch's revision when branchName names a promotion branch", async () => {
    const promo = world().promotions[0]!;
    const onBranch = await demo.boomi.get(`/Component/${promo.prodComponentId}~${promo.branchId}`);
    const created = await demo.boomi.post('/PackagedComponent', {
      componentId: promo.prodComponentId,
      packageVersion: '1.5',
      branchName: promo.branchName,
    });
    expect(created.body).toMatchObject({
      branchName: promo.branchName,
      componentVersion: onBranch.body.version,
    });
  });

  it('refuses shareable for types other than process and API service, and unpackageable types', async () => {
    await control(demo.sandbox, 'POST', '/seed', {
      components: [{ accountId: world().accountId, id: 'lib-1', name: 'Lib', type: 'customlibrary' }],
    });
    expectBoomiError(
      await demo.boomi.post('/PackagedComponent', { componentId: 'lib-1', shareable: true }),
      400,
      /customlibrary cannot be packaged as shareable/,
    );
    expectBoomiError(
      await demo.boomi.post('/PackagedComponent', { componentId: component('Salesforce Connection').id }),
      400,
      /connector-settings cannot be packaged/,
    );
  });

  it('refuses an unknown component, an unknown branch and a component absent from the branch', async () => {
    expectBoomiError(await demo.boomi.post('/PackagedComponent', { componentId: 'nope' }), 400, /nope/);
    expectBoomiError(
      await demo.boomi.post('/PackagedComponent', {
        componentId: component('Order Intake').id,
        branchName: 'nowhere',
      }),
      400,
      /nowhere/,
    );
    // Shipment Notifications exists only on its promotion branch until merged.
    expectBoomiError(
      await demo.boomi.post('/PackagedComponent', { componentId: component('Shipment Notifications').id }),
      400,
      /does not exist on branch main/,
    );
  });
});

describe('DELETE /PackagedComponent/{id} (checklist 20)', () => {
  it('soft-deletes: still readable and listed with deleted: true, and its version stays taken', async () => {
    const created = await demo.boomi.post('/PackagedComponent', {
      componentId: component('Invoice Sync').id,
      packageVersion: '9.9',
    });
    expect((await demo.boomi.delete(`/PackagedComponent/${created.body.packageId}`)).status).toBe(200);
    expect((await demo.boomi.get(`/PackagedComponent/${created.body.packageId}`)).body.deleted).toBe(true);
    const listed = await demo.boomi.query('PackagedComponent', eq('packageVersion', '9.9'));
    expect(listed.body.result[0]).toMatchObject({ packageId: created.body.packageId, deleted: true });
    expectBoomiError(
      await demo.boomi.post('/PackagedComponent', {
        componentId: component('Invoice Sync').id,
        packageVersion: '9.9',
      }),
      400,
      /9\.9/,
    );
    expectBoomiError(await demo.boomi.delete(`/PackagedComponent/${created.body.packageId}`), 400, /deleted/);
  });

  it('restores a deleted package through create with packageId, componentId and packageVersion', async () => {
    const componentId = component('Invoice Sync').id;
    const created = await demo.boomi.post('/PackagedComponent', { componentId, packageVersion: '7.0' });
    await demo.boomi.delete(`/PackagedComponent/${created.body.packageId}`);
    expectBoomiError(
      await demo.boomi.post('/PackagedComponent', {
        packageId: created.body.packageId,
        componentId,
        packageVersion: '7.1',
      }),
      400,
      /restored/,
    );
    const restored = await demo.boomi.post('/PackagedComponent', {
      packageId: created.body.packageId,
      componentId,
      packageVersion: '7.0',
    });
    expect(restored.body).toMatchObject({ packageId: created.body.packageId, deleted: false });
  });

  it('refuses to delete a package that is deployed or held by an integration pack', async () => {
    const deployed = world().deployments.find((d) => d.active)!;
    expectBoomiError(await demo.boomi.delete(`/PackagedComponent/${deployed.packageId}`), 400, /deployed/);
    const inPack = world().packages.find(
      (p) => p.componentName === 'Customer Master Sync' && p.packageVersion === '1.1',
    )!;
    await demo.boomi.delete(
      `/DeployedPackage/${world().deployments.find((d) => d.packageId === inPack.packageId)!.deploymentId}`,
    );
    expectBoomiError(
      await demo.boomi.delete(`/PackagedComponent/${inPack.packageId}`),
      400,
      /integration pack/,
    );
  });
});

describe('POST /DeployedPackage (checklist 33, 35, 37)', () => {
  async function newPackage(version: string) {
    return (
      await demo.boomi.post('/PackagedComponent', {
        componentId: component('Order Intake').id,
        packageVersion: version,
        shareable: true,
      })
    ).body;
  }

  it('deploys and makes the previous deployment of the component inactive, counting versions', async () => {
    const test = env('Test');
    const previous = world().deployments.find(
      (d) => d.environmentId === test.id && d.componentId === component('Order Intake').id,
    )!;
    const pkg = await newPackage('2.0');
    const deployed = await demo.boomi.post('/DeployedPackage', {
      environmentId: test.id,
      packageId: pkg.packageId,
      notes: 'promo',
      listenerStatus: 'RUNNING',
    });
    expect(deployed.status).toBe(200);
    expect(deployed.body).toMatchObject({
      '@type': 'DeployedPackage',
      packageId: pkg.packageId,
      packageVersion: '2.0',
      environmentId: test.id,
      componentId: component('Order Intake').id,
      componentType: 'process',
      active: true,
      version: 2,
      deployedBy: 'admin@acme.example',
      notes: 'promo',
      listenerStatus: 'RUNNING',
    });
    expect((await demo.boomi.get(`/DeployedPackage/${previous.deploymentId}`)).body.active).toBe(false);
    const active = await demo.boomi.query('DeployedPackage', {
      operator: 'and',
      nestedExpression: [
        eq('environmentId', test.id),
        eq('componentId', component('Order Intake').id),
        eq('active', 'true'),
      ],
    });
    expect(active.body.result.map((d: { deploymentId: string }) => d.deploymentId)).toEqual([
      deployed.body.deploymentId,
    ]);
  });

  it('refuses to re-deploy the package that is already active there', async () => {
    const active = world().deployments.find((d) => d.active)!;
    expectBoomiError(
      await demo.boomi.post('/DeployedPackage', {
        environmentId: active.environmentId,
        packageId: active.packageId,
      }),
      400,
      /already deployed/,
    );
  });

  it('refuses a missing environment, both or neither ids, unknown ids and deleted packages', async () => {
    const pkg = await newPackage('3.0');
    const test = env('Test');
    expectBoomiError(
      await demo.boomi.post('/DeployedPackage', { packageId: pkg.packageId }),
      400,
      /environmentId/,
    );
    expectBoomiError(
      await demo.boomi.post('/DeployedPackage', { environmentId: test.id }),
      400,
      /exactly one/,
    );
    expectBoomiError(
      await demo.boomi.post('/DeployedPackage', {
        environmentId: test.id,
        packageId: pkg.packageId,
        componentId: pkg.componentId,
      }),
      400,
      /exactly one/,
    );
    expectBoomiError(
      await demo.boomi.post('/DeployedPackage', { environmentId: 'nope', packageId: pkg.packageId }),
      400,
      /nope/,
    );
    expectBoomiError(
      await demo.boomi.post('/DeployedPackage', { environmentId: test.id, packageId: 'nope' }),
      400,
      /nope/,
    );
    await demo.boomi.delete(`/PackagedComponent/${pkg.packageId}`);
    expectBoomiError(
      await demo.boomi.post('/DeployedPackage', { environmentId: test.id, packageId: pkg.packageId }),
      400,
      /deleted/,
    );
  });

  it('deploys by componentId by packaging it first', async () => {
    const deployed = await demo.boomi.post('/DeployedPackage', {
      environmentId: env('Test 2').id,
      componentId: component('Invoice Sync').id,
    });
    expect(deployed.status).toBe(200);
    const pkg = await demo.boomi.get(`/PackagedComponent/${deployed.body.packageId}`);
    expect(pkg.body).toMatchObject({
      componentId: component('Invoice Sync').id,
      packageVersion: deployed.body.packageVersion,
    });
  });

  it('undeploys with DELETE: 200, empty body, the record stays queryable as inactive', async () => {
    const active = world().deployments.find((d) => d.active)!;
    const response = await demo.boomi.delete(`/DeployedPackage/${active.deploymentId}`);
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    expect((await demo.boomi.get(`/DeployedPackage/${active.deploymentId}`)).body.active).toBe(false);
    expectBoomiError(await demo.boomi.delete(`/DeployedPackage/${active.deploymentId}`), 400, /not active/);
    // The package can then be deployed there again.
    expect(
      (
        await demo.boomi.post('/DeployedPackage', {
          environmentId: active.environmentId,
          packageId: active.packageId,
        })
      ).status,
    ).toBe(200);
  });
});

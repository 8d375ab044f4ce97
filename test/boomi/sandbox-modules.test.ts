// Every module of the client against the sandbox over real HTTP, walking the product's path:
// merge, package, pack, release, share, deploy, read extensions, clean up. The last test holds
// every request sent here to the official OpenAPI subset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoomiRequestError, type BoomiClient } from '../../src/boomi/index.ts';
import {
  expectRequestsFollowOfficialSchemas,
  FAST_POLL,
  startTestSandbox,
  type TestSandbox,
} from './sandbox-helpers.ts';

let t: TestSandbox;
let boomi: BoomiClient;

const byName = (name: string) => {
  const found = t.world.components.find((c) => c.name === name);
  if (!found) throw new Error(`demo world has no component ${name}`);
  return found.id;
};

beforeAll(async () => {
  t = await startTestSandbox();
  boomi = t.client();
});
afterAll(async () => t.close());

describe('read-only look-ups', () => {
  it('environments: get one, list all, filter by classification', async () => {
    const [test, test2, prod] = t.world.environments;
    await expect(boomi.environments.get(test!.id)).resolves.toMatchObject({
      id: test!.id,
      classification: 'TEST',
    });
    const all = await boomi.environments.list();
    expect(all.map((e) => e.id).sort()).toStrictEqual([test!.id, test2!.id, prod!.id].sort());
    const tests = await boomi.environments.list({ classification: 'TEST' });
    expect(tests.map((e) => e.name).sort()).toStrictEqual(['Test', 'Test 2']);
    await expect(boomi.environments.list({ name: 'Production' })).resolves.toMatchObject([{ id: prod!.id }]);
  });

  it('account groups: list and get', async () => {
    const groups = await boomi.accountGroups.list();
    expect(groups.map((g) => g.name).sort()).toStrictEqual(t.world.accountGroups.map((g) => g.name).sort());
    const qa = t.world.accountGroups.find((g) => g.name === 'Acme QA Subscribers')!;
    await expect(boomi.accountGroups.get(qa.id)).resolves.toMatchObject({ id: qa.id, defaultGroup: false });
  });

  it('environment extensions: every collection is a list and secrets have no value', async () => {
    const extensions = await boomi.environmentExtensions.get(t.world.environments[0]!.id);
    expect(extensions.environmentId).toBe(t.world.environments[0]!.id);
    const fields = extensions.connections.connection.flatMap((c) => c.field);
    expect(fields.length).toBeGreaterThan(0);
    const secrets = fields.filter((f) => f.usesEncryption === true);
    expect(secrets.length).toBeGreaterThan(0);
    expect(secrets.every((f) => f.value === undefined)).toBe(true);
    expect(Array.isArray(extensions.processProperties.ProcessProperty)).toBe(true);
  });

  it('environment extensions in bulk: each environment as its GET answers it, an unknown id failed on its own', async () => {
    const ids = t.world.environments.map((e) => e.id);
    const answers = await boomi.environmentExtensions.getMany([...ids, 'no-such-environment']);
    for (const id of ids) {
      expect(answers.get(id)).toStrictEqual({ ok: true, value: await boomi.environmentExtensions.get(id) });
    }
    expect(answers.get('no-such-environment')).toMatchObject({ ok: false, statusCode: 400 });
  });

  it('environment extensions in bulk: more ids than one request may hold are sent 100 at a time', async () => {
    // Boomi (and the sandbox) refuse a bulk request of more than 100 ids with 400.
    const unknown = Array.from({ length: 147 }, (_, i) => `unknown-${i}`);
    const answers = await boomi.environmentExtensions.getMany([t.world.environments[0]!.id, ...unknown]);
    expect(answers.size).toBe(148);
    expect(answers.get(t.world.environments[0]!.id)?.ok).toBe(true);
    expect(unknown.every((id) => answers.get(id)?.ok === false)).toBe(true);
  });
});

describe('branches', () => {
  it('finds main by name, never assuming its id', async () => {
    await expect(boomi.branches.findByName('main')).resolves.toMatchObject({ id: t.world.mainBranchId });
    await expect(boomi.branches.findByName('no-such-branch')).resolves.toBeUndefined();
  });

  it('creates a branch, waits until it is ready, deletes it; deleting an unknown one is "not-found"', async () => {
    const created = await boomi.branches.create({ name: 'client-it-branch', parentId: t.world.mainBranchId });
    expect(created).toMatchObject({ ready: false, stage: 'CREATING' });
    await expect(boomi.branches.waitUntilReady(created.id, FAST_POLL)).resolves.toMatchObject({
      ready: true,
      stage: 'NORMAL',
    });
    await expect(boomi.branches.delete(created.id)).resolves.toBe('deleted');
    await expect(boomi.branches.delete('QjoxMjM0NTY3ODk')).resolves.toBe('not-found');
  });
});

describe('the promotion path', () => {
  const state: { packageId?: string; packId?: string } = {};
  const orderIntake = () => byName('Order Intake');
  const version = '9.1-it';

  it('merges a promotion branch into main', async () => {
    const branchId = t.world.promotions[0]!.branchId;
    const created = await boomi.mergeRequests.create({
      sourceBranchId: branchId,
      destinationBranchId: t.world.mainBranchId,
      strategy: 'OVERRIDE',
      priorityBranch: 'SOURCE',
    });
    expect(created.stage).toBe('DRAFTING');
    await expect(
      boomi.mergeRequests.waitForStage(created.id, ['REVIEWING'], FAST_POLL),
    ).resolves.toMatchObject({
      stage: 'REVIEWING',
    });
    await expect(boomi.mergeRequests.execute(created.id, 'MERGE')).resolves.toMatchObject({
      stage: 'MERGING',
    });
    const merged = await boomi.mergeRequests.waitForStage(created.id, ['MERGED'], FAST_POLL);
    expect(merged.stage).toBe('MERGED');
    expect(merged.MergeRequestDetails.MergeRequestDetail.length).toBeGreaterThan(0);
    const found = await boomi.mergeRequests.findBySourceBranch(branchId);
    expect(found.map((m) => m.id)).toContain(created.id);
  });

  it('packages the process, finds the package again, and refuses the same version without retrying', async () => {
    const created = await boomi.packagedComponents.create({
      componentId: orderIntake(),
      packageVersion: version,
      shareable: true,
      notes: 'client integration test',
    });
    state.packageId = created.packageId;
    expect(created).toMatchObject({ componentId: orderIntake(), packageVersion: version, shareable: true });
    await expect(boomi.packagedComponents.get(created.packageId)).resolves.toMatchObject({
      packageVersion: version,
    });
    await expect(
      boomi.packagedComponents.findByComponentAndVersion(orderIntake(), version),
    ).resolves.toMatchObject({
      packageId: created.packageId,
    });
    await expect(
      boomi.packagedComponents.findByComponentAndVersion(orderIntake(), '404.0'),
    ).resolves.toBeUndefined();

    await t.clearCalls();
    const duplicate = await boomi.packagedComponents
      .create({ componentId: orderIntake(), packageVersion: version, shareable: true })
      .catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(BoomiRequestError);
    expect(duplicate).toMatchObject({ status: 400, retryable: false });
    expect((duplicate as BoomiRequestError).bodyMessage).toContain(version);
    expect((await t.calls()).map((c) => `${c.method} ${c.path} ${c.status}`)).toStrictEqual([
      'POST /PackagedComponent 400',
    ]);
  });

  it('creates a publisher pack, adds the component, and finds the pack by name', async () => {
    const pack = await boomi.publisherIntegrationPacks.create({
      name: 'Client IT Pack',
      description: 'made by the client tests',
      installationType: 'MULTI',
    });
    state.packId = pack.id;
    expect(pack.PublisherPackagedComponents.PublisherPackagedComponent).toStrictEqual([]);
    const updated = await boomi.publisherIntegrationPacks.addComponents(pack.id, [orderIntake()]);
    expect(updated.PublisherPackagedComponents.PublisherPackagedComponent).toMatchObject([
      { componentId: orderIntake(), pendingVersion: version },
    ]);
    // Adding again leaves the same single entry.
    const again = await boomi.publisherIntegrationPacks.addComponents(pack.id, [orderIntake()]);
    expect(again.PublisherPackagedComponents.PublisherPackagedComponent).toHaveLength(1);
    await expect(boomi.publisherIntegrationPacks.findByName('Client IT Pack')).resolves.toMatchObject([
      { id: pack.id },
    ]);
  });

  it('releases the pack and polls the release to SUCCESS', async () => {
    const release = await boomi.releases.create({
      integrationPackId: state.packId!,
      components: [{ componentId: orderIntake(), version }],
    });
    expect(release.requestId).toMatch(/^release-/);
    const status = await boomi.releases.waitForRelease(release.requestId!, FAST_POLL);
    expect(status).toMatchObject({ state: 'SUCCESS', httpStatus: 200 });
    const pack = await boomi.publisherIntegrationPacks.get(state.packId!);
    expect(pack.PublisherPackagedComponents.PublisherPackagedComponent).toMatchObject([
      { componentId: orderIntake(), currentVersion: version },
    ]);
  });

  it('shares the pack with an account group, where a member account sees it (partner API)', async () => {
    const qa = t.world.accountGroups.find((g) => g.name === 'Acme QA Subscribers')!;
    const share = await boomi.accountGroupIntegrationPacks.create({
      accountGroupId: qa.id,
      integrationPackId: state.packId!,
    });
    expect(share).toMatchObject({ accountGroupId: qa.id, integrationPackId: state.packId });
    const shared = await boomi.accountGroupIntegrationPacks.findByAccountGroup(qa.id);
    expect(shared.map((s) => s.integrationPackId)).toContain(state.packId);

    const subscriber = t.client({
      baseUrl: `${t.sandbox.url}/partner/api/rest/v1`,
      overrideAccount: qa.memberAccountIds[0]!,
    });
    await expect(subscriber.integrationPacks.get(state.packId!)).resolves.toMatchObject({
      id: state.packId,
      name: 'Client IT Pack',
      installationType: 'MULTI',
    });
  });

  it('deploys the package, finds the deployment, undeploys it', async () => {
    const environmentId = t.world.environments.find((e) => e.name === 'Test 2')!.id;
    const deployment = await boomi.deployedPackages.create({
      environmentId,
      packageId: state.packageId!,
      notes: 'client integration test',
    });
    expect(deployment).toMatchObject({ packageId: state.packageId, environmentId, active: true });
    const active = await boomi.deployedPackages.find({
      environmentId,
      packageId: state.packageId!,
      active: true,
    });
    expect(active.map((d) => d.deploymentId)).toStrictEqual([deployment.deploymentId]);
    await expect(boomi.deployedPackages.delete(deployment.deploymentId)).resolves.toBe('deleted');
    await expect(boomi.deployedPackages.get(deployment.deploymentId)).resolves.toMatchObject({
      active: false,
    });
    await expect(
      boomi.deployedPackages.find({ environmentId, packageId: state.packageId!, active: true }),
    ).resolves.toStrictEqual([]);
    await expect(boomi.deployedPackages.delete('00000000-0000-4000-8000-000000000000')).resolves.toBe(
      'not-found',
    );
  });

  it('removes the component from the pack for the next release', async () => {
    const pack = await boomi.publisherIntegrationPacks.removeComponent(state.packId!, orderIntake());
    expect(pack.PublisherPackagedComponents.PublisherPackagedComponent).toMatchObject([
      { componentId: orderIntake(), deleted: true },
    ]);
  });
});

describe('contract', () => {
  it('every request sent above used an operation of the official subset with a body its schema accepts', () => {
    expect(t.requests.length).toBeGreaterThan(30);
    expectRequestsFollowOfficialSchemas(t.requests);
  });

  it('every call was reported with its object, status and attempt', () => {
    const boomiEvents = (
      boomi as unknown as { events: { object: string; status: number; attempt: number }[] }
    ).events;
    const objects = new Set(boomiEvents.map((e) => e.object));
    for (const object of [
      'Branch',
      'MergeRequest',
      'PackagedComponent',
      'PublisherIntegrationPack',
      'ReleaseIntegrationPack',
      'ReleaseIntegrationPackStatus',
      'DeployedPackage',
      'Environment',
      'AccountGroup',
      'AccountGroupIntegrationPack',
      'EnvironmentExtensions',
    ]) {
      expect(objects).toContain(object);
    }
    expect(boomiEvents.every((e) => e.attempt === 1)).toBe(true);
  });
});

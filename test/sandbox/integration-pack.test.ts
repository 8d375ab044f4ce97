import { describe, expect, it } from 'vitest';
import { control, eq, expectBoomiError, useDemoSandbox } from './support.ts';

const demo = useDemoSandbox({ resetBeforeEach: true });

const world = demo.world;
const component = (name: string) => world().components.find((c) => c.name === name)!;
const group = (name: string) => world().accountGroups.find((g) => g.name === name)!;

async function newPack(installationType = 'MULTI', name = 'New Pack') {
  const created = await demo.boomi.post('/PublisherIntegrationPack', {
    name,
    Description: 'desc',
    installationType,
  });
  expect(created.status).toBe(200);
  return created.body;
}

async function shareablePackage(componentName: string, version: string) {
  const created = await demo.boomi.post('/PackagedComponent', {
    componentId: component(componentName).id,
    packageVersion: version,
    shareable: true,
  });
  expect(created.status).toBe(200);
  return created.body;
}

const add = (packId: string, componentIds: string[], extra: Record<string, unknown> = {}) =>
  demo.boomi.post(`/PublisherIntegrationPack/${packId}`, {
    id: packId,
    operationType: 'ADD',
    PublisherPackagedComponents: {
      PublisherPackagedComponent: componentIds.map((componentId) => ({ componentId })),
    },
    ...extra,
  });

describe('PublisherIntegrationPack (checklist 23–25)', () => {
  it('creates a pack with an empty component list', async () => {
    const pack = await newPack();
    expect(pack).toMatchObject({
      '@type': 'PublisherIntegrationPack',
      name: 'New Pack',
      Description: 'desc',
      installationType: 'MULTI',
      PublisherPackagedComponents: { '@type': 'PublisherPackagedComponents' },
    });
    expect((await demo.boomi.get(`/PublisherIntegrationPack/${pack.id}`)).body).toEqual(pack);
  });

  it('requires Description (capital D), name and a valid installationType', async () => {
    expectBoomiError(
      await demo.boomi.post('/PublisherIntegrationPack', { name: 'x', installationType: 'MULTI' }),
      400,
      /Description/,
    );
    expectBoomiError(
      await demo.boomi.post('/PublisherIntegrationPack', { Description: '', installationType: 'MULTI' }),
      400,
      /name/,
    );
    expectBoomiError(
      await demo.boomi.post('/PublisherIntegrationPack', {
        name: 'x',
        Description: '',
        installationType: 'BOTH',
      }),
      400,
      /installationType/,
    );
  });

  it('adds a component: the newest shareable package becomes pending, latest is shown', async () => {
    const pack = await newPack();
    await shareablePackage('Order Intake', '2.0');
    const updated = await add(pack.id, [component('Order Intake').id]);
    expect(updated.status).toBe(200);
    expect(updated.body.PublisherPackagedComponents.PublisherPackagedComponent).toEqual([
      {
        '@type': 'PublisherPackagedComponent',
        componentId: component('Order Intake').id,
        componentName: 'Order Intake',
        componentType: 'process',
        pendingVersion: '2.0',
        latestVersion: '2.0',
        deleted: false,
      },
    ]);
    // latestVersion follows new shareable packages.
    await shareablePackage('Order Intake', '2.1');
    const later = await demo.boomi.get(`/PublisherIntegrationPack/${pack.id}`);
    expect(later.body.PublisherPackagedComponents.PublisherPackagedComponent[0]).toMatchObject({
      pendingVersion: '2.0',
      latestVersion: '2.1',
    });
  });

  it('requires operationType on update, and refuses components without a shareable package', async () => {
    const pack = await newPack();
    expectBoomiError(
      await demo.boomi.post(`/PublisherIntegrationPack/${pack.id}`, { id: pack.id, name: 'x' }),
      400,
      /operationType/,
    );
    await demo.boomi.post('/PackagedComponent', {
      componentId: component('Invoice Sync').id,
      packageVersion: '5.0',
      shareable: false,
    });
    await control(demo.sandbox, 'POST', '/seed', {
      components: [{ accountId: world().accountId, id: 'proc-new', name: 'Never packaged', type: 'process' }],
    });
    expectBoomiError(await add(pack.id, ['proc-new']), 400, /no shareable packaged component/);
    expectBoomiError(await add(pack.id, ['nope']), 400, /nope/);
    expect(
      (await demo.boomi.get(`/PublisherIntegrationPack/${pack.id}`)).body.PublisherPackagedComponents
        .PublisherPackagedComponent,
    ).toBeUndefined();
  });

  it('refuses API services in MULTI packs, renaming MULTI packs and changing installationType', async () => {
    await control(demo.sandbox, 'POST', '/seed', {
      components: [{ accountId: world().accountId, id: 'api-1', name: 'Orders API', type: 'webservice' }],
      packages: [
        { accountId: world().accountId, componentId: 'api-1', packageVersion: '1.0', shareable: true },
      ],
    });
    const multi = await newPack('MULTI');
    expectBoomiError(await add(multi.id, ['api-1']), 400, /API Service/);
    expectBoomiError(await add(multi.id, [], { name: 'Renamed' }), 400, /single-install/);
    expectBoomiError(await add(multi.id, [], { installationType: 'SINGLE' }), 400, /installationType/);
    const single = await newPack('SINGLE', 'Single');
    expect((await add(single.id, ['api-1'], { name: 'Renamed' })).body).toMatchObject({ name: 'Renamed' });
  });

  it('DELETE operationType marks components for removal; the next release drops them', async () => {
    const pack = world().integrationPacks.find((p) => p.name === 'Acme Order Management')!;
    const customer = component('Customer Master Sync').id;
    const marked = await demo.boomi.post(`/PublisherIntegrationPack/${pack.id}`, {
      id: pack.id,
      operationType: 'DELETE',
      PublisherPackagedComponents: { PublisherPackagedComponent: [{ componentId: customer }] },
    });
    expect(
      marked.body.PublisherPackagedComponents.PublisherPackagedComponent.find(
        (c: { componentId: string }) => c.componentId === customer,
      ).deleted,
    ).toBe(true);
    const release = await demo.boomi.post('/ReleaseIntegrationPack', {
      id: pack.id,
      releaseSchedule: 'IMMEDIATELY',
    });
    await demo.boomi.get(`/ReleaseIntegrationPackStatus/${release.body.requestId}`);
    expect((await demo.boomi.get(`/ReleaseIntegrationPackStatus/${release.body.requestId}`)).status).toBe(
      200,
    );
    const after = await demo.boomi.get(`/PublisherIntegrationPack/${pack.id}`);
    expect(
      after.body.PublisherPackagedComponents.PublisherPackagedComponent.map(
        (c: { componentId: string }) => c.componentId,
      ),
    ).toEqual([component('Order Intake').id]);
  });
});

describe('ReleaseIntegrationPack and its status (checklist 27, 28)', () => {
  async function packReadyToRelease() {
    const pack = await newPack();
    await shareablePackage('Order Intake', '2.0');
    await add(pack.id, [component('Order Intake').id]);
    return pack;
  }

  it('releases: 202 IN_PROGRESS, then 200 SUCCESS, and the version becomes current', async () => {
    const pack = await packReadyToRelease();
    const release = await demo.boomi.post('/ReleaseIntegrationPack', {
      id: pack.id,
      releaseSchedule: 'IMMEDIATELY',
      ReleasePackagedComponents: {
        ReleasePackagedComponent: [{ componentId: component('Order Intake').id, version: '2.0' }],
      },
    });
    expect(release.status).toBe(200);
    expect(release.body.requestId).toMatch(/^release-[0-9a-f-]{36}$/);
    expect(release.body.releaseStatusUrl).toBe(
      `${demo.sandbox.apiBaseUrl}/${world().accountId}/ReleaseIntegrationPackStatus/${release.body.requestId}`,
    );
    expect(release.body.ReleasePackagedComponents.ReleasePackagedComponent[0]).toMatchObject({
      version: '2.0',
      releasedVersion: '2.0',
    });

    const polling = await fetch(release.body.releaseStatusUrl, {
      headers: {
        accept: 'application/json',
        authorization: `Basic ${Buffer.from(`${world().username}:${world().apiToken}`).toString('base64')}`,
      },
    });
    expect(polling.status).toBe(202);
    expect(await polling.json()).toMatchObject({
      releaseStatus: 'IN_PROGRESS',
      responseStatusCode: 202,
      integrationPackId: pack.id,
    });
    const done = await demo.boomi.get(`/ReleaseIntegrationPackStatus/${release.body.requestId}`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ releaseStatus: 'SUCCESS', responseStatusCode: 200 });
    const after = await demo.boomi.get(`/PublisherIntegrationPack/${pack.id}`);
    const entry = after.body.PublisherPackagedComponents.PublisherPackagedComponent[0];
    expect(entry.currentVersion).toBe('2.0');
    expect(entry.pendingVersion).toBeUndefined();
  });

  it('ends ERROR under a scenario fault, leaving the current version as it was', async () => {
    const pack = await packReadyToRelease();
    await control(demo.sandbox, 'POST', '/faults', { scenario: 'releaseError', id: pack.id });
    const release = await demo.boomi.post('/ReleaseIntegrationPack', {
      id: pack.id,
      releaseSchedule: 'IMMEDIATELY',
    });
    expect((await demo.boomi.get(`/ReleaseIntegrationPackStatus/${release.body.requestId}`)).status).toBe(
      202,
    );
    const done = await demo.boomi.get(`/ReleaseIntegrationPackStatus/${release.body.requestId}`);
    expect(done.status).toBe(200);
    expect(done.body.releaseStatus).toBe('ERROR');
    const after = await demo.boomi.get(`/PublisherIntegrationPack/${pack.id}`);
    expect(
      after.body.PublisherPackagedComponents.PublisherPackagedComponent[0].currentVersion,
    ).toBeUndefined();
  });

  it("refuses an unknown pack with Boomi's message, a bad schedule and unknown versions", async () => {
    expectBoomiError(
      await demo.boomi.post('/ReleaseIntegrationPack', { id: 'nope', releaseSchedule: 'IMMEDIATELY' }),
      400,
      'Integration pack ID nope is invalid. Provide a valid integration pack ID to complete this action.',
    );
    const pack = await packReadyToRelease();
    expectBoomiError(
      await demo.boomi.post('/ReleaseIntegrationPack', { id: pack.id, releaseSchedule: 'SOON' }),
      400,
      /releaseSchedule/,
    );
    expectBoomiError(
      await demo.boomi.post('/ReleaseIntegrationPack', {
        id: pack.id,
        releaseSchedule: 'IMMEDIATELY',
        ReleasePackagedComponents: {
          ReleasePackagedComponent: [{ componentId: component('Order Intake').id, version: '8.8' }],
        },
      }),
      400,
      /8\.8/,
    );
    const empty = await newPack('MULTI', 'Empty');
    expectBoomiError(
      await demo.boomi.post('/ReleaseIntegrationPack', { id: empty.id, releaseSchedule: 'IMMEDIATELY' }),
      400,
      /no pending changes/,
    );
    expectBoomiError(await demo.boomi.get('/ReleaseIntegrationPackStatus/release-nope'), 400, /release-nope/);
  });

  it('schedules a release: 202 SCHEDULED until the date, one scheduled release per pack', async () => {
    const pack = await packReadyToRelease();
    expectBoomiError(
      await demo.boomi.post('/ReleaseIntegrationPack', {
        id: pack.id,
        releaseSchedule: 'RELEASE_ON_SPECIFIED_DATE',
        releaseOnDate: '2001-01-01',
      }),
      400,
      /future date/,
    );
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const scheduled = await demo.boomi.post('/ReleaseIntegrationPack', {
      id: pack.id,
      releaseSchedule: 'RELEASE_ON_SPECIFIED_DATE',
      releaseOnDate: tomorrow,
    });
    expect(scheduled.body.releaseOnDate).toBe(tomorrow);
    const status = await demo.boomi.get(`/ReleaseIntegrationPackStatus/${scheduled.body.requestId}`);
    expect(status.status).toBe(202);
    expect(status.body.releaseStatus).toBe('SCHEDULED');
    expectBoomiError(
      await demo.boomi.post('/ReleaseIntegrationPack', {
        id: pack.id,
        releaseSchedule: 'RELEASE_ON_SPECIFIED_DATE',
        releaseOnDate: tomorrow,
      }),
      400,
      /already has a scheduled release/,
    );
    await control(demo.sandbox, 'POST', '/clock', { advanceMs: 3 * 86_400_000 });
    const released = await demo.boomi.get(`/ReleaseIntegrationPackStatus/${scheduled.body.requestId}`);
    expect(released.status).toBe(200);
    expect(released.body.releaseStatus).toBe('SUCCESS');
  });
});

describe('AccountGroup, AccountGroupIntegrationPack and IntegrationPack (checklist 22, 30)', () => {
  it('shares a released pack with an account group: members then see it as an IntegrationPack', async () => {
    const pack = await newPack('MULTI', 'Fresh Pack');
    await shareablePackage('Invoice Sync', '2.0');
    await add(pack.id, [component('Invoice Sync').id]);
    const release = await demo.boomi.post('/ReleaseIntegrationPack', {
      id: pack.id,
      releaseSchedule: 'IMMEDIATELY',
    });
    await demo.boomi.get(`/ReleaseIntegrationPackStatus/${release.body.requestId}`);
    expect(
      (await demo.boomi.get(`/ReleaseIntegrationPackStatus/${release.body.requestId}`)).body.releaseStatus,
    ).toBe('SUCCESS');
    const dev = world().devAccounts[0]!.devAccountId;
    const asDev = { partner: true, overrideAccount: dev };
    const before = await demo.boomi.query('IntegrationPack', eq('name', pack.name), asDev);
    expect(before.body.numberOfResults).toBe(0);

    const share = await demo.boomi.post('/AccountGroupIntegrationPack', {
      accountGroupId: group('Acme QA Subscribers').id,
      integrationPackId: pack.id,
    });
    expect(share.status).toBe(200);
    expect(share.body).toMatchObject({
      '@type': 'AccountGroupIntegrationPack',
      integrationPackName: pack.name,
      installationType: 'MULTI',
    });
    const after = await demo.boomi.query('IntegrationPack', eq('name', pack.name), asDev);
    expect(after.body.result).toEqual([
      {
        '@type': 'IntegrationPack',
        id: pack.id,
        name: pack.name,
        installationType: 'MULTI',
        Description: expect.any(String),
      },
    ]);
    expect((await demo.boomi.get(`/IntegrationPack/${pack.id}`, asDev)).status).toBe(200);

    // The group's GET lists the pack as a resource; its query does not carry resources.
    const groupGet = await demo.boomi.get(`/AccountGroup/${group('Acme QA Subscribers').id}`);
    expect(groupGet.body.Resources.Resource.map((r: { resourceId: string }) => r.resourceId)).toContain(
      pack.id,
    );
    const groupQuery = await demo.boomi.query('AccountGroup', eq('name', 'Acme QA Subscribers'));
    expect(groupQuery.body.result[0].Resources).toBeUndefined();

    expect((await demo.boomi.delete(`/AccountGroupIntegrationPack/${share.body.id}`)).status).toBe(200);
    expect(
      (await demo.boomi.query('IntegrationPack', eq('name', pack.name), asDev)).body.numberOfResults,
    ).toBe(0);
  });

  it('never shows the publisher its own packs as IntegrationPack', async () => {
    const pack = world().integrationPacks[0]!;
    expect((await demo.boomi.query('IntegrationPack')).body.numberOfResults).toBe(0);
    expectBoomiError(await demo.boomi.get(`/IntegrationPack/${pack.id}`), 400, /is invalid/);
  });

  it('refuses sharing twice, unknown groups and unknown packs', async () => {
    const pack = world().integrationPacks.find((p) => p.name === 'Acme Order Management')!;
    const qa = group('Acme QA Subscribers').id;
    expectBoomiError(
      await demo.boomi.post('/AccountGroupIntegrationPack', {
        accountGroupId: qa,
        integrationPackId: pack.id,
      }),
      400,
      /already shared/,
    );
    expectBoomiError(
      await demo.boomi.post('/AccountGroupIntegrationPack', {
        accountGroupId: 'nope',
        integrationPackId: pack.id,
      }),
      400,
      /nope/,
    );
    expectBoomiError(
      await demo.boomi.post('/AccountGroupIntegrationPack', {
        accountGroupId: qa,
        integrationPackId: 'nope',
      }),
      400,
      /is invalid/,
    );
  });

  it('queries shares by accountGroupId only', async () => {
    const qa = group('Acme QA Subscribers').id;
    const shares = await demo.boomi.query('AccountGroupIntegrationPack', eq('accountGroupId', qa));
    expect(shares.body.result.map((s: { integrationPackName: string }) => s.integrationPackName)).toEqual([
      'Acme Order Management',
    ]);
    expectBoomiError(
      await demo.boomi.query('AccountGroupIntegrationPack', eq('integrationPackId', 'x')),
      400,
      /accountGroupId/,
    );
  });

  it('creates and updates account groups', async () => {
    const created = await demo.boomi.post('/AccountGroup', {
      name: 'Partners',
      autoSubscribeAlertLevel: 'warning',
    });
    expect(created.body).toMatchObject({
      '@type': 'AccountGroup',
      name: 'Partners',
      defaultGroup: false,
      accountId: world().accountId,
    });
    const updated = await demo.boomi.post(`/AccountGroup/${created.body.id}`, { name: 'Partners EU' });
    expect(updated.body).toMatchObject({ name: 'Partners EU', autoSubscribeAlertLevel: 'warning' });
    expectBoomiError(
      await demo.boomi.post('/AccountGroup', { name: 'x', autoSubscribeAlertLevel: 'loud' }),
      400,
      /autoSubscribeAlertLevel/,
    );
    expect((await demo.boomi.query('AccountGroup', eq('defaultGroup', 'true'))).body.result[0].name).toBe(
      'All Accounts',
    );
  });
});

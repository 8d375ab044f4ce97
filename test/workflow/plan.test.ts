/**
 * The dry-run plan (spec §11) against the run it describes: for each mode, with a new and with an
 * existing pack, the plan makes no Boomi write, and the writes it lists are the writes the run then
 * makes — compared on the sandbox's call log — as are its expected calls (polls: at least).
 */
import { describe, expect, it } from 'vitest';
import { describeBoomiCall } from '../../src/domain/boomi-calls.ts';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import type { DeployPreview } from '../../src/domain/deploy-preview.ts';
import {
  ADMIN,
  SECOND_ADMIN,
  accountGroupNamed,
  environmentNamed,
  freshPromotion,
  PEER_APPROVED,
  registerPromotion,
  type DemoPromotion,
} from '../helpers/world.ts';
import { useWorld } from './support/use-world.ts';

const world = useWorld();

/** Plans, checks the plan wrote nothing, runs, and returns the plan and the run's calls. */
async function planThenRun(body: Record<string, unknown>, caller = ADMIN) {
  const request = parseDeployRequest(body);
  const beforePlan = await world.control.mark();
  const plan = await world.services.deployments.plan(request, caller);
  expect(await world.control.writesSince(beforePlan)).toEqual([]);
  const beforeRun = await world.control.mark();
  const response = await world.services.deployments.runSync(request, caller);
  expect(response.success, response.errorMessage ?? '').toBe(true);
  const calls = (await world.control.calls(beforeRun)).map(describeBoomiCall);
  return { plan, response, calls, writes: await world.control.writesSince(beforeRun) };
}

/** Each planned call made as often as planned; a poll at least as often. */
function expectCallsAsPlanned(plan: DeployPreview, calls: string[]): void {
  const planned = new Map<string, { count: number; atLeast: boolean }>();
  for (const c of plan.boomiCalls.calls) {
    const entry = planned.get(c.call) ?? { count: 0, atLeast: false };
    planned.set(c.call, { count: entry.count + c.count, atLeast: entry.atLeast || c.atLeast });
  }
  const made = new Map<string, number>();
  for (const call of calls) made.set(call, (made.get(call) ?? 0) + 1);
  expect([...made.keys()].sort()).toEqual([...planned.keys()].sort());
  for (const [call, { count, atLeast }] of planned) {
    if (atLeast) expect(made.get(call), call).toBeGreaterThanOrEqual(count);
    else expect(made.get(call), call).toBe(count);
  }
  expect(calls.length).toBeGreaterThanOrEqual(plan.boomiCalls.total);
}

async function testDeployed(promotion: DemoPromotion, packageVersion: string) {
  // Peer-approved up front: the production plans and runs of these records need it (spec §10 5a).
  await registerPromotion(world, promotion, PEER_APPROVED);
  const { response } = await planThenRun({
    promotionId: promotion.promotionId,
    packageVersion,
    deploymentTarget: 'TEST',
    createNewPack: true,
    newPackName: `Test pack ${promotion.promotionId}`,
    targetEnvironments: [{ environmentId: environmentNamed(world.demo, 'Test').id }],
  });
  return response;
}

describe('the plan lists the writes the run then makes', () => {
  it('mode 1, new pack, account group: merge, package, pack, release, share, two deployments', async () => {
    const promotion = await freshPromotion(world, 'plan-mode1-new');
    await registerPromotion(world, promotion);
    const qa = accountGroupNamed(world.demo, 'Acme QA Subscribers');
    const { plan, calls, writes } = await planThenRun({
      promotionId: promotion.promotionId,
      packageVersion: '1.0.0',
      deploymentTarget: 'TEST',
      createNewPack: true,
      newPackName: 'Plan pack mode 1',
      targetAccountGroupId: qa.id,
    });
    expect(plan).toMatchObject({
      mode: 'TEST',
      merge: { merge: true, branchId: promotion.branchId },
      packagedComponent: { action: 'create', packageId: null },
      integrationPack: {
        action: 'create',
        name: 'Plan pack mode 1',
        currentVersion: null,
        newVersion: '1.0.0',
      },
      accountGroup: { accountGroupId: qa.id, share: true },
      branch: { action: 'keep', branchIds: [promotion.branchId] },
      activeRun: null,
    });
    expect(plan.environments.map((e) => [e.environmentName, e.classification, e.current, e.deploy])).toEqual(
      expect.arrayContaining([
        ['Test', 'TEST', null, true],
        ['Test 2', 'TEST', null, true],
      ]),
    );
    expect([...plan.boomiCalls.writes].sort()).toEqual([...writes].sort());
    expect(plan.boomiCalls.writeCount).toBe(9);
    expectCallsAsPlanned(plan, calls);
  });

  it('mode 1, existing pack over a deployed version: the active version → the new one', async () => {
    const promotion = await freshPromotion(world, 'plan-mode1-existing');
    await registerPromotion(world, promotion);
    const test = environmentNamed(world.demo, 'Test');
    const pack = world.demo.integrationPacks.find((p) => p.name === 'Acme Order Management')!;
    await world.control.seed({
      packages: [
        {
          accountId: world.demo.accountId,
          id: '0a0a0a0a-0000-4000-a000-000000000001',
          componentId: promotion.prodComponentId,
          packageVersion: '0.9',
          shareable: true,
        },
      ],
      deployments: [
        {
          accountId: world.demo.accountId,
          environmentId: test.id,
          packageId: '0a0a0a0a-0000-4000-a000-000000000001',
        },
      ],
    });
    const { plan, calls, writes } = await planThenRun({
      promotionId: promotion.promotionId,
      packageVersion: '1.0.0',
      deploymentTarget: 'TEST',
      integrationPackId: pack.id,
      targetEnvironments: [{ environmentId: test.id }],
    });
    expect(plan.integrationPack).toMatchObject({
      action: 'use',
      integrationPackId: pack.id,
      name: pack.name,
      addComponent: true,
      release: true,
    });
    expect(plan.environments).toEqual([
      expect.objectContaining({
        environmentName: 'Test',
        current: expect.objectContaining({ packageVersion: '0.9' }),
        newPackageVersion: '1.0.0',
        deploy: true,
      }),
    ]);
    expect([...plan.boomiCalls.writes].sort()).toEqual([...writes].sort());
    expectCallsAsPlanned(plan, calls);
  });

  for (const packKind of ['existing', 'new'] as const) {
    it(`mode 2 (PRODUCTION from test), ${packKind} pack: no merge, the tested package reused, branch deleted`, async () => {
      const promotion = await freshPromotion(world, `plan-mode2-${packKind}`);
      const tested = await testDeployed(promotion, '2.0.0');
      const pack = world.demo.integrationPacks.find((p) => p.name === 'Acme Finance Integrations')!;
      const production = accountGroupNamed(world.demo, 'Acme Production Subscribers');
      const { plan, calls, writes } = await planThenRun(
        {
          promotionId: promotion.promotionId,
          testPromotionId: promotion.promotionId,
          packageVersion: '2.0.0',
          deploymentTarget: 'PRODUCTION',
          targetAccountGroupId: production.id,
          ...(packKind === 'existing'
            ? { integrationPackId: pack.id }
            : { createNewPack: true, newPackName: 'Plan pack mode 2' }),
        },
        SECOND_ADMIN,
      );
      expect(plan).toMatchObject({
        mode: 'PRODUCTION_FROM_TEST',
        merge: { merge: false, branchId: null },
        packagedComponent: { action: 'reuse', packageId: tested.packagedComponentId },
        integrationPack: { action: packKind === 'existing' ? 'use' : 'create' },
        branch: { action: 'delete', branchIds: [promotion.branchId] },
      });
      expect(plan.environments.map((e) => [e.environmentName, e.classification])).toEqual([
        ['Production', 'PROD'],
      ]);
      expect(writes).not.toContain('POST /MergeRequest');
      expect([...plan.boomiCalls.writes].sort()).toEqual([...writes].sort());
      expectCallsAsPlanned(plan, calls);
    });

    it(`mode 3 (hotfix), ${packKind} pack: merge, package, release, deploy, branch deleted`, async () => {
      const promotion = await freshPromotion(world, `plan-mode3-${packKind}`);
      await registerPromotion(world, promotion, PEER_APPROVED);
      const pack = world.demo.integrationPacks.find((p) => p.name === 'Acme Finance Integrations')!;
      const { plan, calls, writes } = await planThenRun({
        promotionId: promotion.promotionId,
        packageVersion: '3.0.1',
        deploymentTarget: 'PRODUCTION',
        isHotfix: true,
        hotfixJustification: 'Plan before the fix',
        targetEnvironments: [{ environmentId: environmentNamed(world.demo, 'Production').id }],
        ...(packKind === 'existing'
          ? { integrationPackId: pack.id }
          : { createNewPack: true, newPackName: 'Plan pack mode 3' }),
      });
      expect(plan).toMatchObject({
        mode: 'PRODUCTION_HOTFIX',
        isHotfix: true,
        merge: { merge: true },
        packagedComponent: { action: 'create' },
        accountGroup: null,
        branch: { action: 'delete', branchIds: [promotion.branchId] },
      });
      expect([...plan.boomiCalls.writes].sort()).toEqual([...writes].sort());
      expect(writes).toContain('DELETE /Branch');
      expectCallsAsPlanned(plan, calls);
    });
  }

  it('reports an active run (check 9) instead of refusing, and writes nothing', async () => {
    const promotion = await freshPromotion(world, 'plan-active-run');
    await registerPromotion(world, promotion);
    await world.repos.deploymentRuns.create({
      runId: 'run-plan-active',
      promotionId: promotion.promotionId,
      mode: 'TEST',
      deploymentTarget: 'TEST',
      request: {},
      callerEmail: ADMIN.email,
      state: 'RUNNING',
    });
    const request = parseDeployRequest({
      promotionId: promotion.promotionId,
      packageVersion: '1.0.0',
      deploymentTarget: 'TEST',
      createNewPack: true,
      newPackName: 'Never',
    });
    const mark = await world.control.mark();
    const plan = await world.services.deployments.plan(request, ADMIN);
    expect(plan.activeRun).toEqual({ runId: 'run-plan-active' });
    expect(plan.warnings.join(' ')).toContain('DEPLOYMENT_IN_PROGRESS');
    await expect(world.services.deployments.runSync(request, ADMIN)).rejects.toMatchObject({
      code: 'DEPLOYMENT_IN_PROGRESS',
    });
    expect(await world.control.writesSince(mark)).toEqual([]);
  });
});

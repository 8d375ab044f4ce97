/**
 * The seed's three verify scenarios, end to end: sandbox over HTTP, real PostgreSQL, DBOS.
 * Each asserts the response, the PromotionLog, the branch afterwards (GET /Branch on the
 * sandbox) and the exact Boomi writes in the sandbox's call log.
 */
import { describe, expect, it } from 'vitest';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import { ADMIN, accountGroupNamed, peerApprove, registerPromotion, SECOND_ADMIN } from '../helpers/world.ts';
import { useWorld } from './support/use-world.ts';

const world = useWorld();

describe('Package and Deploy — the seed scenarios', () => {
  it('mode 1 (TEST): merges, packages, creates the pack, deploys to the QA group, keeps the branch', async () => {
    const promotion = world.demo.promotions[0]!;
    await registerPromotion(world, promotion);
    const qa = accountGroupNamed(world.demo, 'Acme QA Subscribers');
    const mark = await world.control.mark();

    const response = await world.services.deployments.runSync(
      parseDeployRequest({
        promotionId: promotion.promotionId,
        packageVersion: '2.0.0',
        deploymentTarget: 'TEST',
        createNewPack: true,
        newPackName: 'Orders - TEST',
        newPackDescription: 'Order Intake for the test environments',
        targetAccountGroupId: qa.id,
      }),
      ADMIN,
    );

    expect(response).toMatchObject({
      success: true,
      errorCode: null,
      promotionId: promotion.promotionId,
      deploymentTarget: 'TEST',
      branchPreserved: 'true',
      isHotfix: 'false',
      deploymentStatus: 'DEPLOYED',
      integrationPackName: 'Orders - TEST',
      releaseVersion: '2.0.0',
      cacheRefreshFailed: 'false',
    });
    expect(response.deployedEnvironments.map((e) => `${e.environmentName}: ${e.status}`).sort()).toEqual([
      'Test 2: DEPLOYED',
      'Test: DEPLOYED',
    ]);
    expect(response.extensionAccessMappingCount).toBeGreaterThan(0);

    const log = await world.repos.promotions.get(promotion.promotionId);
    expect(log).toMatchObject({
      status: 'TEST_DEPLOYED',
      branchId: promotion.branchId,
      testIntegrationPackId: response.integrationPackId,
      testIntegrationPackName: 'Orders - TEST',
      targetEnvironment: 'TEST',
      prodPackageId: response.packagedComponentId,
      packageVersion: '2.0.0',
      adminReviewStatus: 'ADMIN_APPROVED',
      adminApprovedBy: ADMIN.email,
    });
    expect(log?.testDeployedAt).toBeTruthy();
    expect(await world.control.branchExists(promotion.branchId)).toBe(true);

    expect((await world.control.writesSince(mark)).sort()).toEqual(
      [
        'POST /MergeRequest',
        'POST /MergeRequest/execute',
        'POST /PackagedComponent',
        'POST /PublisherIntegrationPack',
        'POST /PublisherIntegrationPack',
        'POST /ReleaseIntegrationPack',
        'POST /AccountGroupIntegrationPack',
        'POST /DeployedPackage',
        'POST /DeployedPackage',
      ].sort(),
    );

    const run = await world.services.deployments.getRun(response.runId);
    expect(run?.state).toBe('SUCCEEDED');
    expect(run?.response).toEqual(response);
    const [test, test2] = [...qa.environmentIds].sort();
    expect(run?.steps.map((s) => s.name)).toEqual([
      '2.5-merge-create',
      '2.6-merge-execute',
      '3-packaged-component',
      '5-create-pack',
      '5-add-to-pack',
      '7-release',
      '7-share-with-account-group',
      '8-previous-deployments',
      `8-deploy:${test}`,
      `8-deploy:${test2}`,
      `8.3-cache-refresh:${test}`,
      `8.3-cache-refresh:${test2}`,
      '8.5-keep-branch',
      '9-update-promotion-log',
      '10-return-response',
    ]);
    expect(run?.steps.every((s) => s.state === 'SUCCEEDED')).toBe(true);
    expect(run?.steps.find((s) => s.name === '3-packaged-component')?.boomiCalls).toEqual([
      'POST /PackagedComponent/query',
      'POST /PackagedComponent',
    ]);
  });

  it('mode 2 (PRODUCTION from test): no merge, reuses the tested package, deploys to production, deletes the branch', async () => {
    const promotion = world.demo.promotions[0]!;
    const tested = await world.repos.promotions.get(promotion.promotionId);
    expect(tested?.status).toBe('TEST_DEPLOYED');
    const production = accountGroupNamed(world.demo, 'Acme Production Subscribers');
    const productionPack = world.demo.integrationPacks.find((p) => p.name === 'Acme Order Management')!;
    await peerApprove(world, promotion.promotionId);
    const mark = await world.control.mark();

    const response = await world.services.deployments.runSync(
      parseDeployRequest({
        promotionId: promotion.promotionId,
        testPromotionId: promotion.promotionId,
        packageVersion: '2.0.0',
        deploymentTarget: 'PRODUCTION',
        integrationPackId: productionPack.id,
        targetAccountGroupId: production.id,
      }),
      SECOND_ADMIN,
    );

    expect(response).toMatchObject({
      success: true,
      deploymentTarget: 'PRODUCTION',
      branchPreserved: 'false',
      isHotfix: 'false',
      deploymentStatus: 'DEPLOYED',
      packagedComponentId: tested?.prodPackageId,
      integrationPackId: productionPack.id,
      integrationPackName: productionPack.name,
    });
    expect(response.deployedEnvironments).toEqual([
      expect.objectContaining({ environmentName: 'Production', status: 'DEPLOYED' }),
    ]);

    const log = await world.repos.promotions.get(promotion.promotionId);
    expect(log).toMatchObject({
      status: 'DEPLOYED',
      testPromotionId: promotion.promotionId,
      integrationPackId: productionPack.id,
      integrationPackName: productionPack.name,
      targetEnvironment: 'PRODUCTION',
      branchId: null,
      adminReviewStatus: 'ADMIN_APPROVED',
      adminApprovedBy: SECOND_ADMIN.email,
      // What mode 1 recorded stays.
      testIntegrationPackName: 'Orders - TEST',
    });
    expect(await world.control.branchExists(promotion.branchId)).toBe(false);

    // No MergeRequest, no second package; the pack already held the component.
    expect((await world.control.writesSince(mark)).sort()).toEqual(
      [
        'POST /ReleaseIntegrationPack',
        'POST /AccountGroupIntegrationPack',
        'POST /DeployedPackage',
        'DELETE /Branch',
      ].sort(),
    );
  });

  it('mode 3 (hotfix): merges, packages, adds to the existing pack, deploys to production, deletes the branch', async () => {
    const promotion = world.demo.promotions[1]!;
    await registerPromotion(world, promotion);
    await peerApprove(world, promotion.promotionId);
    const productionPack = world.demo.integrationPacks.find((p) => p.name === 'Acme Finance Integrations')!;
    const production = world.demo.environments.find((e) => e.classification === 'PROD')!;
    const mark = await world.control.mark();

    const response = await world.services.deployments.runSync(
      parseDeployRequest({
        promotionId: promotion.promotionId,
        packageVersion: '1.0.1-hotfix',
        deploymentTarget: 'PRODUCTION',
        isHotfix: 'true',
        hotfixJustification: 'Critical API fix',
        existingPackId: productionPack.id,
        targetEnvironments: [{ environmentId: production.id }],
      }),
      ADMIN,
    );

    expect(response).toMatchObject({
      success: true,
      isHotfix: 'true',
      branchPreserved: 'false',
      deploymentTarget: 'PRODUCTION',
      deploymentStatus: 'DEPLOYED',
      integrationPackId: productionPack.id,
      releaseVersion: '1.0.1-hotfix',
    });
    const log = await world.repos.promotions.get(promotion.promotionId);
    expect(log).toMatchObject({
      status: 'DEPLOYED',
      isHotfix: 'true',
      hotfixJustification: 'Critical API fix',
      integrationPackId: productionPack.id,
      targetEnvironment: 'PRODUCTION',
      prodPackageId: response.packagedComponentId,
      branchId: null,
    });
    expect(await world.control.branchExists(promotion.branchId)).toBe(false);
    // The pack already holds Invoice Sync (an older version): no ADD, just the release of 1.0.1-hotfix.
    expect((await world.control.writesSince(mark)).sort()).toEqual(
      [
        'POST /MergeRequest',
        'POST /MergeRequest/execute',
        'POST /PackagedComponent',
        'POST /ReleaseIntegrationPack',
        'POST /DeployedPackage',
        'DELETE /Branch',
      ].sort(),
    );
  });
});

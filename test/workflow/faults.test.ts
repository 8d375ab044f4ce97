/**
 * Boomi failing in each way the spec names, injected with the sandbox's fault rules: the run
 * ends in a finished deployment or a clean, explained failure — never half done.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import type { DeployResponse } from '../../src/domain/deploy-response.ts';
import {
  ADMIN,
  environmentNamed,
  freshPromotion,
  recordingLogger,
  PEER_APPROVED,
  registerPromotion,
} from '../helpers/world.ts';
import { deployFreshToTest } from './support/deploy-fresh.ts';
import { useWorld } from './support/use-world.ts';

const log = recordingLogger();
const world = useWorld({ log, settings: { mergeTimeoutMs: 1_500 } });
const TEST3_ID = '3e5f7c1a-9b2d-4c6e-8a0f-1d3b5c7e9a2f';

beforeAll(async () => {
  await world.control.seed({
    environments: [{ accountId: world.demo.accountId, id: TEST3_ID, name: 'Test 3', classification: 'TEST' }],
  });
});
afterEach(async () => {
  await world.control.clearFaults();
  await world.control.setLatency({ mergeMergingMs: 20 });
});

const testEnvironments = () => [
  { environmentId: environmentNamed(world.demo, 'Test').id },
  { environmentId: environmentNamed(world.demo, 'Test 2').id },
  { environmentId: TEST3_ID },
];

/** A fresh promotion deployed in mode 1 to the given targets. */
function deployTest(key: string, targetEnvironments = testEnvironments()) {
  return deployFreshToTest(world, key, targetEnvironments);
}

/** The catastrophic contract: branch deleted, FAILED, branchId null, errorMessage, failed step kept. */
async function expectCatastrophe(
  outcome: Awaited<ReturnType<typeof deployTest>>,
  code: string,
  failedStep: string,
): Promise<void> {
  const { promotion, response } = outcome;
  expect(response).toMatchObject({ success: false, errorCode: code, deployedEnvironments: [] });
  expect(response.errorMessage).toBeTruthy();
  const record = await world.repos.promotions.get(promotion.promotionId);
  expect(record).toMatchObject({ status: 'FAILED', branchId: null, errorMessage: response.errorMessage });
  expect(await world.control.branchExists(promotion.branchId)).toBe(false);
  const run = await world.services.deployments.getRun(response.runId);
  expect(run?.state).toBe('FAILED');
  const step = run?.steps.find((s) => s.name === failedStep);
  expect(step).toMatchObject({ state: 'FAILED' });
  expect(step?.error).toBeTruthy();
  expect(run?.steps.find((s) => s.name === 'compensate:delete-branch')).toMatchObject({ state: 'SUCCEEDED' });
}

describe('Package and Deploy under Boomi faults', () => {
  it('merge FAILED_TO_MERGE → MERGE_FAILED, branch deleted, nothing packaged', async () => {
    await world.control.addFault({ scenario: 'mergeFails' });
    const outcome = await deployTest('merge-fails');
    await expectCatastrophe(outcome, 'MERGE_FAILED', '2.6-merge-execute');
    expect(outcome.response.errorMessage).toContain('FAILED_TO_MERGE');
    expect(await world.control.writesSince(outcome.mark)).toEqual([
      'POST /MergeRequest',
      'POST /MergeRequest/execute',
      'DELETE /Branch',
    ]);
  });

  it('a merge that does not finish in time → MERGE_TIMEOUT', async () => {
    await world.control.setLatency({ mergeMergingMs: 60_000 });
    const outcome = await deployTest('merge-timeout');
    await expectCatastrophe(outcome, 'MERGE_TIMEOUT', '2.6-merge-execute');
  });

  it('release ERROR → PROMOTION_FAILED with the package and pack kept in the answer', async () => {
    await world.control.addFault({ scenario: 'releaseError' });
    const outcome = await deployTest('release-error');
    await expectCatastrophe(outcome, 'PROMOTION_FAILED', '7-release');
    expect(outcome.response.packagedComponentId).toBeTruthy();
    expect(outcome.response.errorMessage).toContain('ERROR');
    expect(
      (await world.control.writesSince(outcome.mark)).filter((w) => w === 'POST /DeployedPackage'),
    ).toEqual([]);
  });

  it('PackagedComponent create answering 500 → PROMOTION_FAILED with Boomi’s message', async () => {
    await world.control.addFault({
      method: 'POST',
      pathPattern: '/PackagedComponent',
      status: 500,
      body: { '@type': 'Error', message: 'Internal packaging failure' },
    });
    const outcome = await deployTest('package-500');
    await expectCatastrophe(outcome, 'PROMOTION_FAILED', '3-packaged-component');
    expect(outcome.response.errorMessage).toContain('Internal packaging failure');
  });

  it('PackagedComponent create still 503 after the client’s retries → PROMOTION_FAILED', async () => {
    await world.control.addFault({ method: 'POST', pathPattern: '/PackagedComponent', status: 503 });
    const outcome = await deployTest('package-503');
    await expectCatastrophe(outcome, 'PROMOTION_FAILED', '3-packaged-component');
    const attempts = (await world.control.calls(outcome.mark)).filter(
      (c) => c.method === 'POST' && c.path === '/PackagedComponent',
    );
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts.every((c) => c.status === 503)).toBe(true);
  });

  it('a deploy answered 502 (outcome unknown): the step checks Boomi again and deploys once', async () => {
    await world.control.addFault({ method: 'POST', pathPattern: '/DeployedPackage', status: 502, times: 1 });
    const test = environmentNamed(world.demo, 'Test');
    const { response, mark } = await deployTest('deploy-502', [{ environmentId: test.id }]);
    expect(response).toMatchObject({ success: true, deploymentStatus: 'DEPLOYED' });
    const deploys = (await world.control.calls(mark)).filter(
      (c) => c.method === 'POST' && c.path === '/DeployedPackage',
    );
    expect(deploys.map((c) => c.status)).toEqual([502, 200]);
    const run = await world.services.deployments.getRun(response.runId);
    // No look before the first send (step 8-previous-deployments has just read every target);
    // after the 502 one look at the settle deadline, then the one deploy that counts.
    expect(run?.steps.find((s) => s.name === `8-deploy:${test.id}`)).toMatchObject({
      state: 'SUCCEEDED',
      boomiCalls: ['POST /DeployedPackage', 'POST /DeployedPackage/query', 'POST /DeployedPackage'],
    });
  });

  it('one of three environments failing → PARTIAL, the others deployed, the run succeeds', async () => {
    await world.control.addFault({ method: 'POST', pathPattern: '/DeployedPackage', status: 500, times: 1 });
    const { promotion, response } = await deployTest('one-env-fails');
    expect(response).toMatchObject({ success: true, errorCode: null, deploymentStatus: 'PARTIAL' });
    // The deploys go out together: the fault hits whichever arrives first.
    const failed = response.deployedEnvironments.filter((e) => e.status === 'FAILED');
    const deployed = response.deployedEnvironments.filter((e) => e.status === 'DEPLOYED');
    expect([failed.length, deployed.length]).toEqual([1, 2]);
    expect(failed[0]?.errorMessage).toContain('500');
    expect(deployed.every((e) => e.deploymentId)).toBe(true);
    expect(response.deployedEnvironments.map((e) => e.environmentId)).toEqual(
      testEnvironments().map((e) => e.environmentId),
    );
    expect((await world.repos.promotions.get(promotion.promotionId))?.status).toBe('TEST_DEPLOYED');
  });

  it('every environment failing → DEPLOYMENT_FAILED; status and branch kept for a retry', async () => {
    await world.control.addFault({ method: 'POST', pathPattern: '/DeployedPackage', status: 500 });
    const { promotion, response } = await deployTest('all-envs-fail');
    expect(response).toMatchObject({
      success: false,
      errorCode: 'DEPLOYMENT_FAILED',
      deploymentStatus: 'FAILED',
      branchPreserved: 'true',
    });
    expect(response.deployedEnvironments.map((e) => e.status)).toEqual(['FAILED', 'FAILED', 'FAILED']);
    const record = await world.repos.promotions.get(promotion.promotionId);
    expect(record).toMatchObject({ status: 'COMPLETED', branchId: promotion.branchId });
    expect(record?.errorMessage).toContain('Deployment failed in every target environment');
    expect(await world.control.branchExists(promotion.branchId)).toBe(true);
  });

  it('EnvironmentExtensions failing → success with cacheRefreshFailed "true"', async () => {
    await world.control.addFault({ method: 'POST', pathPattern: '/EnvironmentExtensions/bulk', status: 500 });
    const test = environmentNamed(world.demo, 'Test');
    const { response } = await deployTest('cache-fails', [{ environmentId: test.id }]);
    expect(response).toMatchObject({
      success: true,
      deploymentStatus: 'DEPLOYED',
      cacheRefreshFailed: 'true',
      extensionAccessMappingCount: 0,
    });
    const run = await world.services.deployments.getRun(response.runId);
    expect(run?.steps.find((s) => s.name === `8.3-cache-refresh:${test.id}`)).toMatchObject({
      state: 'FAILED',
    });
    expect(
      log.warnings.some((w) => (w.details as { step?: string }).step === `8.3-cache-refresh:${test.id}`),
    ).toBe(true);
  });

  it('one environment unreadable in the bulk read of extensions → only its cache refresh fails', async () => {
    const [test, test2, test3] = testEnvironments().map((e) => e.environmentId) as [string, string, string];
    // Boomi answers a bulk GET with 200 and a status per id: the second environment's is 400.
    const read = (environmentId: string) => ({
      '@type': 'BulkResponse',
      statusCode: 200,
      Result: { '@type': 'EnvironmentExtensions', id: environmentId, environmentId },
    });
    await world.control.addFault({
      method: 'POST',
      pathPattern: '/EnvironmentExtensions/bulk',
      status: 200,
      body: {
        '@type': 'BulkResult',
        response: [
          { ...read(test), index: 0 },
          { '@type': 'BulkResponse', index: 1, id: test2, statusCode: 400, errorMessage: 'Not authorized' },
          { ...read(test3), index: 2 },
        ],
      },
    });
    const { response } = await deployTest('cache-fails-in-one');
    expect(response).toMatchObject({
      success: true,
      deploymentStatus: 'DEPLOYED',
      cacheRefreshFailed: 'true',
    });
    expect(response.deployedEnvironments.map((e) => e.status)).toEqual(['DEPLOYED', 'DEPLOYED', 'DEPLOYED']);
    const run = await world.services.deployments.getRun(response.runId);
    const refresh = (id: string) => run?.steps.find((s) => s.name === `8.3-cache-refresh:${id}`);
    expect([refresh(test)?.state, refresh(test2)?.state, refresh(test3)?.state]).toEqual([
      'SUCCEEDED',
      'FAILED',
      'SUCCEEDED',
    ]);
    expect(refresh(test2)?.error).toContain('400 Not authorized');
  });

  it('branch delete failing after a successful production deploy → success, the failure logged', async () => {
    await world.control.addFault({ method: 'DELETE', pathPattern: '/Branch/*', status: 500 });
    const promotion = await freshPromotion(world, 'delete-fails');
    await registerPromotion(world, promotion, PEER_APPROVED);
    const production = environmentNamed(world.demo, 'Production');
    const response: DeployResponse = await world.services.deployments.runSync(
      parseDeployRequest({
        promotionId: promotion.promotionId,
        packageVersion: '1.0.1',
        deploymentTarget: 'PRODUCTION',
        isHotfix: true,
        hotfixJustification: 'Broken order mapping in production',
        createNewPack: true,
        newPackName: 'Hotfix pack',
        targetEnvironments: [{ environmentId: production.id }],
      }),
      ADMIN,
    );
    expect(response).toMatchObject({ success: true, deploymentStatus: 'DEPLOYED', branchPreserved: 'false' });
    // Spec §10: the branch is not forgotten — kept on record for the janitor.
    expect(await world.repos.promotions.get(promotion.promotionId)).toMatchObject({
      status: 'DEPLOYED',
      branchId: promotion.branchId,
      branchCleanupPending: true,
    });
    const run = await world.services.deployments.getRun(response.runId);
    expect(run?.steps.find((s) => s.name === '8.6-delete-branch')).toMatchObject({ state: 'FAILED' });
    expect(log.warnings.some((w) => (w.details as { step?: string }).step === '8.6-delete-branch')).toBe(
      true,
    );
  });
});

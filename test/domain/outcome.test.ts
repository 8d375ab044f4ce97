import { describe, expect, it } from 'vitest';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import { checkDeployPreconditions, type DeployPlan } from '../../src/domain/modes.ts';
import {
  deploymentFailedUpdate,
  failureUpdates,
  keepBranchesForCleanup,
  successUpdates,
} from '../../src/domain/outcome.ts';
import type { PromotionLog } from '../../src/domain/promotion.ts';
import { ACCOUNT, ADMIN, promotionLog, testBody } from './fixtures.ts';

const NOW = '2026-02-03T04:05:06.789Z';
const ARTIFACTS = { prodPackageId: 'pkg-9', integrationPackId: 'ip-9', integrationPackName: 'Orders' };

/** Peer-approved by someone else (spec §10 check 5a), so every mode may run. */
const approved = (overrides: Partial<PromotionLog> = {}) =>
  promotionLog({ peerReviewStatus: 'PEER_APPROVED', peerReviewedBy: 'reviewer@example.com', ...overrides });

function plan(
  body: Record<string, unknown>,
  promotion = approved(),
  testPromotion: PromotionLog | null = null,
): DeployPlan {
  return checkDeployPreconditions({
    request: parseDeployRequest(testBody(body)),
    caller: ADMIN,
    promotion,
    testPromotion,
    accountId: ACCOUNT,
  });
}

const testRecord = approved({
  promotionId: 't-1',
  status: 'TEST_DEPLOYED',
  branchId: 'branch-t',
  testDeployedEnvironmentCount: 1,
});
const MODE_2 = { deploymentTarget: 'PRODUCTION', testPromotionId: 't-1' };
const MODE_3 = { deploymentTarget: 'PRODUCTION', isHotfix: true, hotfixJustification: 'Critical API fix' };

describe('successUpdates', () => {
  it('mode 1: TEST_DEPLOYED with the test pack, branch kept, admin approval recorded', () => {
    expect(successUpdates(plan({}), ARTIFACTS, NOW, 2)).toStrictEqual([
      {
        promotionId: 'p-1',
        patch: {
          prodPackageId: 'pkg-9',
          packageVersion: '1.2.0',
          errorMessage: null,
          adminReviewStatus: 'ADMIN_APPROVED',
          adminApprovedBy: 'admin@example.com',
          adminApprovedAt: NOW,
          status: 'TEST_DEPLOYED',
          testDeployedEnvironmentCount: 2,
          testDeployedAt: NOW,
          testIntegrationPackId: 'ip-9',
          testIntegrationPackName: 'Orders',
          targetEnvironment: 'TEST',
          isHotfix: 'false',
        },
      },
    ]);
  });

  it('mode 2: DEPLOYED, linked to the test record, branch cleared here and on the test record', () => {
    const updates = successUpdates(plan(MODE_2, approved(), testRecord), ARTIFACTS, NOW, 1);
    expect(updates).toStrictEqual([
      {
        promotionId: 'p-1',
        patch: {
          prodPackageId: 'pkg-9',
          packageVersion: '1.2.0',
          errorMessage: null,
          adminReviewStatus: 'ADMIN_APPROVED',
          adminApprovedBy: 'admin@example.com',
          adminApprovedAt: NOW,
          status: 'DEPLOYED',
          testPromotionId: 't-1',
          promotedFromTestBy: 'admin@example.com',
          integrationPackId: 'ip-9',
          integrationPackName: 'Orders',
          targetEnvironment: 'PRODUCTION',
          isHotfix: 'false',
          branchId: null,
        },
      },
      {
        promotionId: 't-1',
        patch: { branchId: null, promotedToProductionAt: NOW, productionPromotionId: 'p-1' },
      },
    ]);
  });

  it('mode 1 that deployed nowhere keeps the status and the test fields (spec §10)', () => {
    const [update] = successUpdates(plan({}), ARTIFACTS, NOW, 0);
    expect(update!.patch).not.toHaveProperty('status');
    expect(update!.patch).not.toHaveProperty('testDeployedAt');
    expect(update!.patch).not.toHaveProperty('testDeployedEnvironmentCount');
  });

  it('mode 2 in place: one record, its branch cleared', () => {
    const promotion = approved({ status: 'TEST_DEPLOYED', testDeployedEnvironmentCount: 1 });
    const updates = successUpdates(plan({ ...MODE_2, testPromotionId: 'p-1' }, promotion), ARTIFACTS, NOW, 1);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.patch).toMatchObject({
      status: 'DEPLOYED',
      testPromotionId: 'p-1',
      branchId: null,
      promotedToProductionAt: NOW,
      productionPromotionId: 'p-1',
    });
  });

  it('mode 3: DEPLOYED hotfix with its justification, branch cleared', () => {
    const [update] = successUpdates(plan(MODE_3), ARTIFACTS, NOW, 1);
    expect(update!.patch).toMatchObject({
      status: 'DEPLOYED',
      isHotfix: 'true',
      hotfixJustification: 'Critical API fix',
      integrationPackId: 'ip-9',
      integrationPackName: 'Orders',
      targetEnvironment: 'PRODUCTION',
      branchId: null,
      adminReviewStatus: 'ADMIN_APPROVED',
    });
    expect(update!.patch).not.toHaveProperty('testPromotionId');
  });
});

describe('failureUpdates', () => {
  it('sets FAILED, clears the branch and keeps the error cut to 5000 characters', () => {
    const [update, ...others] = failureUpdates(plan({}), 'x'.repeat(6000));
    expect(others).toStrictEqual([]);
    expect(update!.promotionId).toBe('p-1');
    expect(update!.patch.status).toBe('FAILED');
    expect(update!.patch.branchId).toBeNull();
    expect(Array.from(update!.patch.errorMessage!)).toHaveLength(5000);
    expect(update!.patch.errorMessage!.endsWith('…')).toBe(true);
  });

  it('keeps a short error as it is', () => {
    expect(failureUpdates(plan(MODE_3), 'Merge failed: conflict')[0]!.patch.errorMessage).toBe(
      'Merge failed: conflict',
    );
  });

  it('mode 2 clears the test record’s branch only when it was the same branch', () => {
    const shared = approved({ branchId: 'b' });
    const sameBranch = failureUpdates(plan(MODE_2, shared, { ...testRecord, branchId: 'b' }), 'boom');
    expect(sameBranch.map((u) => u.promotionId)).toStrictEqual(['p-1', 't-1']);
    const ownBranch = failureUpdates(plan(MODE_2, approved(), testRecord), 'boom');
    expect(ownBranch.map((u) => u.promotionId)).toStrictEqual(['p-1']);
  });
});

describe('deploymentFailedUpdate', () => {
  it('keeps status and branch, records the package and the error', () => {
    expect(deploymentFailedUpdate(plan(MODE_3), { prodPackageId: 'pkg-9' }, 'all failed')).toStrictEqual({
      promotionId: 'p-1',
      patch: { prodPackageId: 'pkg-9', packageVersion: '1.2.0', errorMessage: 'all failed' },
    });
  });
});

describe('keepBranchesForCleanup', () => {
  it('keeps every branchId a failed delete would have cleared and marks the record for the janitor', () => {
    const updates = keepBranchesForCleanup(
      successUpdates(plan(MODE_2, approved(), testRecord), ARTIFACTS, NOW, 1),
    );
    expect(updates.map((u) => u.patch.branchId)).toStrictEqual([undefined, undefined]);
    expect(updates.map((u) => u.patch.branchCleanupPending)).toStrictEqual([true, true]);
    expect(updates[0]!.patch.status).toBe('DEPLOYED');
  });

  it('leaves an update that clears no branch as it is', () => {
    const update = deploymentFailedUpdate(plan(MODE_3), { prodPackageId: 'pkg-9' }, 'all failed');
    expect(keepBranchesForCleanup([update])).toStrictEqual([update]);
  });
});

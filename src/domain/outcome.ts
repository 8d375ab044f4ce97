/**
 * What a Package and Deploy run writes to the PromotionLog at its end (spec §4 mode table,
 * step 9), for each way a run can end:
 * - success (every or some environments deployed, or no targets): `successUpdates`;
 * - every target environment failed (DEPLOYMENT_FAILED): `deploymentFailedUpdate`;
 * - a catastrophic failure (merge, package, pack, release): `failureUpdates`.
 *
 * Decisions where the docs are silent:
 * - Every success also records `prodPackageId` and `packageVersion` (the version last
 *   packaged), clears a stale `errorMessage`, and sets `isHotfix` "false" in modes 1 and 2.
 *   Mode 2 records the approver as `promotedFromTestBy`.
 * - Spec §10: a TEST run that deployed to no environment (no targets) leaves status and the
 *   test fields as they were; mode 2 stamps the test record `promotedToProductionAt` and
 *   `productionPromotionId` (the record itself when promoted in place).
 * - When every environment failed, the run is not catastrophic: status and branch are kept so
 *   the admin can retry once the environments are fixed (the retry reuses the package and the
 *   release); only `errorMessage`, `prodPackageId` and `packageVersion` are recorded.
 */
import type { DeployPlan } from './modes.ts';
import { FIELD_LIMITS, type PromotionLog } from './promotion.ts';
import { truncate } from './text.ts';

/** Fields an update may change (the store owns the key and the generated fields). */
export type PromotionPatch = Partial<
  Omit<PromotionLog, 'promotionId' | 'createdAt' | 'updatedAt' | 'rowVersion'>
>;

export interface PromotionUpdate {
  promotionId: string;
  patch: PromotionPatch;
}

export interface DeployArtifacts {
  /** The PackagedComponent's packageId. */
  prodPackageId: string;
  integrationPackId: string;
  integrationPackName: string;
}

/**
 * The run's own promotion first, then other records (mode 2: the test record's branchId and its
 * promotion stamp). `deployedCount` is how many target environments the run deployed to.
 */
export function successUpdates(
  plan: DeployPlan,
  artifacts: DeployArtifacts,
  now: string,
  deployedCount: number,
): PromotionUpdate[] {
  const patch: PromotionPatch = {
    prodPackageId: artifacts.prodPackageId,
    packageVersion: plan.packageVersion,
    errorMessage: null,
    adminReviewStatus: 'ADMIN_APPROVED',
    adminApprovedBy: plan.approvedBy,
    adminApprovedAt: now,
    ...modePatch(plan, artifacts, now, deployedCount),
  };
  if (plan.onSuccess.clearBranchOn.includes(plan.promotionId)) patch.branchId = null;
  const others = otherBranchClears(plan, plan.onSuccess.clearBranchOn);
  const testId = plan.mode === 'PRODUCTION_FROM_TEST' ? plan.testPromotionId : null;
  if (testId !== null) {
    const stamp = { promotedToProductionAt: now, productionPromotionId: plan.promotionId };
    const target = testId === plan.promotionId ? patch : others.find((u) => u.promotionId === testId)?.patch;
    if (target) Object.assign(target, stamp);
    else others.push({ promotionId: testId, patch: stamp });
  }
  return [{ promotionId: plan.promotionId, patch }, ...others];
}

function modePatch(
  plan: DeployPlan,
  artifacts: DeployArtifacts,
  now: string,
  deployedCount: number,
): PromotionPatch {
  switch (plan.mode) {
    case 'TEST':
      // Spec §10: TEST_DEPLOYED only when the run really deployed somewhere.
      if (deployedCount < 1) return { targetEnvironment: 'TEST', isHotfix: 'false' };
      return {
        status: 'TEST_DEPLOYED',
        testDeployedEnvironmentCount: deployedCount,
        testDeployedAt: now,
        testIntegrationPackId: artifacts.integrationPackId,
        testIntegrationPackName: artifacts.integrationPackName,
        targetEnvironment: 'TEST',
        isHotfix: 'false',
      };
    case 'PRODUCTION_FROM_TEST':
      return {
        status: 'DEPLOYED',
        testPromotionId: plan.testPromotionId,
        promotedFromTestBy: plan.approvedBy,
        integrationPackId: artifacts.integrationPackId,
        integrationPackName: artifacts.integrationPackName,
        targetEnvironment: 'PRODUCTION',
        isHotfix: 'false',
      };
    case 'PRODUCTION_HOTFIX':
      return {
        status: 'DEPLOYED',
        isHotfix: 'true',
        hotfixJustification: plan.hotfixJustification,
        integrationPackId: artifacts.integrationPackId,
        integrationPackName: artifacts.integrationPackName,
        targetEnvironment: 'PRODUCTION',
      };
  }
}

/** Every target environment failed: keep status and branch, record what exists and why. */
export function deploymentFailedUpdate(
  plan: DeployPlan,
  artifacts: Pick<DeployArtifacts, 'prodPackageId'>,
  errorMessage: string,
): PromotionUpdate {
  return {
    promotionId: plan.promotionId,
    patch: {
      prodPackageId: artifacts.prodPackageId,
      packageVersion: plan.packageVersion,
      errorMessage: truncate(errorMessage, FIELD_LIMITS.errorMessage),
    },
  };
}

/** Catastrophic failure: FAILED, branch gone, the error kept (≤5000 characters). */
export function failureUpdates(plan: DeployPlan, errorMessage: string): PromotionUpdate[] {
  const patch: PromotionPatch = {
    status: 'FAILED',
    branchId: null,
    errorMessage: truncate(errorMessage, FIELD_LIMITS.errorMessage),
  };
  return [{ promotionId: plan.promotionId, patch }, ...otherBranchClears(plan, plan.onFailure.clearBranchOn)];
}

function otherBranchClears(plan: DeployPlan, clearBranchOn: readonly string[]): PromotionUpdate[] {
  return clearBranchOn
    .filter((promotionId) => promotionId !== plan.promotionId)
    .map((promotionId) => ({ promotionId, patch: { branchId: null } }));
}

/**
 * Spec §10, branches are never lost: when a branch delete failed, the records keep `branchId`
 * and are marked `branchCleanupPending` for the janitor instead of forgetting the branch.
 */
export function keepBranchesForCleanup(updates: readonly PromotionUpdate[]): PromotionUpdate[] {
  return updates.map(({ promotionId, patch }) => {
    if (patch.branchId !== null) return { promotionId, patch };
    const { branchId: _kept, ...rest } = patch;
    return { promotionId, patch: { ...rest, branchCleanupPending: true } };
  });
}

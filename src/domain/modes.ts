/**
 * Deployment modes and checks 2–7 of spec §4 — the seed's steps 2.0 (status gate), 2.1 (self-approval)
 * and 2.2–2.4 (mode decision) among them — run in the spec's order before any Boomi write.
 * `checkDeployPreconditions` either throws the spec's PromoError or returns the plan the
 * workflow follows: what to merge, package, release, and which branches to clean up.
 *
 * Check-1 rules that need more than the body run where their data is first known:
 * `prodAccountId` (needs the configured account) before check 2, `prodComponentId` (needs the
 * record) right after check 3, `branchId` (in mode 2 it may name the test record's branch)
 * after check 6. All answer INVALID_REQUEST.
 *
 * Decisions where the docs are silent:
 * - PRODUCTION with `testPromotionId` and `isHotfix` true is refused at check 1
 *   (deploy-request.ts); so mode 2 never carries the hotfix flag.
 * - The caller must have an email: without one, self-approval cannot be checked → FORBIDDEN.
 * - Mode 2 also refuses a deployer who initiated the *test* promotion (self-approval): the
 *   production record may be someone else's, but the change being approved is theirs.
 * - A record without `prodComponentId` cannot be packaged → PROMOTION_NOT_COMPLETED (after the
 *   status gate): the upstream registration is incomplete.
 * - When `testPromotionId` equals `promotionId` the test record is the promotion itself
 *   (promoted in place) and the `testPromotion` argument is not consulted.
 */
import { DEFAULT_APPROVAL_POLICY, needsPeerApproval, type ApprovalPolicy } from './approval-policy.ts';
import type { Caller } from './caller.ts';
import type { DeployRequest } from './deploy-request.ts';
import { PromoError } from './errors.ts';
import { invalid } from './fields.ts';
import { identityKey, sameIdentity } from './identity.ts';
import type { DeploymentTarget, PromotionLog, PromotionStatus } from './promotion.ts';

export const DEPLOY_MODES = ['TEST', 'PRODUCTION_FROM_TEST', 'PRODUCTION_HOTFIX'] as const;
export type DeployMode = (typeof DEPLOY_MODES)[number];

/** The seed's numbering of the modes, used in step names, notes and logs. */
export const DEPLOY_MODE_NUMBER: Readonly<Record<DeployMode, 1 | 2 | 3>> = {
  TEST: 1,
  PRODUCTION_FROM_TEST: 2,
  PRODUCTION_HOTFIX: 3,
};

export const DEPLOYABLE_STATUSES: readonly PromotionStatus[] = ['COMPLETED', 'TEST_DEPLOYED'];

export type PackChoice =
  | { kind: 'create'; name: string; description: string | null }
  | { kind: 'existing'; integrationPackId: string };

/** Branch clean-up: branches to DELETE, then PromotionLog records whose branchId becomes null. */
export interface BranchCleanup {
  deleteBranchIds: string[];
  clearBranchOn: string[];
}

export interface DeployPlan {
  mode: DeployMode;
  modeNumber: 1 | 2 | 3;
  deploymentTarget: DeploymentTarget;
  promotionId: string;
  /** Merge the branch into main first (modes 1 and 3). */
  merge: boolean;
  /** The branch to merge (modes 1 and 3); null in mode 2. */
  branchId: string | null;
  /** Branch kept at the end (mode 1) or deleted (modes 2 and 3). */
  keepBranch: boolean;
  /** Clean-up after a successful run (empty in mode 1). */
  onSuccess: BranchCleanup;
  /** Clean-up after a catastrophic failure (the seed deletes the branch in every mode). */
  onFailure: BranchCleanup;
  prodComponentId: string;
  packageVersion: string;
  pack: PackChoice;
  isHotfix: boolean;
  hotfixJustification: string | null;
  testPromotionId: string | null;
  /** Mode 2, same version as tested: the PackagedComponent that was tested (to reuse). */
  testedPackageId: string | null;
  targetEnvironmentIds: string[];
  targetAccountGroupId: string | null;
  /** The approving admin (the authenticated caller). */
  approvedBy: string;
  initiatedBy: string;
  devAccountId: string;
  devPackageId: string;
  notes: string | null;
}

export interface DeployPreconditionInput {
  request: DeployRequest;
  caller: Caller;
  promotion: PromotionLog | null;
  /** The record named by request.testPromotionId (null if none or not found). */
  testPromotion: PromotionLog | null;
  /** The configured Boomi account. */
  accountId: string;
  /** Checks 5a and 5b (spec §10); the spec's defaults when left out. */
  policy?: ApprovalPolicy;
}

/** Seed 2.2: TEST → mode 1 (2.3); PRODUCTION with testPromotionId → mode 2 (2.4); else mode 3. */
export function selectMode(request: Pick<DeployRequest, 'deploymentTarget' | 'testPromotionId'>): DeployMode {
  if (request.deploymentTarget === 'TEST') return 'TEST';
  return request.testPromotionId !== null ? 'PRODUCTION_FROM_TEST' : 'PRODUCTION_HOTFIX';
}

export function checkDeployPreconditions(input: DeployPreconditionInput): DeployPlan {
  const { request, caller, accountId } = input;
  if (request.prodAccountId !== null && request.prodAccountId !== accountId) {
    throw invalid(`prodAccountId '${request.prodAccountId}' is not the configured account '${accountId}'`);
  }

  // Spec §4 check 2: the role.
  if (!caller.roles.includes('admin'))
    throw new PromoError('FORBIDDEN', 'Package and Deploy requires the admin role');
  const approvedBy = caller.email.trim();
  if (identityKey(approvedBy) === '') {
    throw new PromoError('FORBIDDEN', 'The caller has no email; an approving admin must be identified');
  }

  // Check 3: the promotion exists.
  const promotion = input.promotion;
  if (promotion === null || promotion.promotionId !== request.promotionId) {
    throw new PromoError('PROMOTION_NOT_FOUND', `Promotion ${request.promotionId} not found`);
  }
  if (
    request.prodComponentId !== null &&
    promotion.prodComponentId !== null &&
    request.prodComponentId !== promotion.prodComponentId
  ) {
    throw invalid(
      `prodComponentId '${request.prodComponentId}' is not the component of promotion ${promotion.promotionId} ('${promotion.prodComponentId}')`,
    );
  }

  // Seed 2.0 — Promotion Status Gate (spec check 4).
  if (!DEPLOYABLE_STATUSES.includes(promotion.status)) {
    throw new PromoError(
      'PROMOTION_NOT_COMPLETED',
      `Promotion ${promotion.promotionId} has status '${promotion.status}' — packaging requires COMPLETED or TEST_DEPLOYED status`,
    );
  }
  const prodComponentId = promotion.prodComponentId;
  if (prodComponentId === null) {
    throw new PromoError(
      'PROMOTION_NOT_COMPLETED',
      `Promotion ${promotion.promotionId} has no prodComponentId recorded — packaging requires the promoted root process`,
    );
  }

  // Seed 2.1 — Admin Self-Approval Prevention (spec check 5).
  if (sameIdentity(approvedBy, promotion.initiatedBy)) {
    throw new PromoError('SELF_APPROVAL_NOT_ALLOWED', 'Admin cannot approve and deploy their own promotion');
  }
  checkApprovalChain(
    input.policy ?? DEFAULT_APPROVAL_POLICY,
    promotion,
    request.deploymentTarget,
    approvedBy,
  );

  // Seed 2.2 — Decision: deployment mode (2.3 TEST, 2.4 production from test, else hotfix; spec check 6).
  const mode = selectMode(request);
  const test = mode === 'PRODUCTION_FROM_TEST' ? checkTestPromotion(input, promotion, approvedBy) : null;
  if (mode === 'PRODUCTION_HOTFIX') checkHotfix(request);
  checkBranchMatches(request, promotion, test);

  // Check 7: the merging modes (seed 2.5–2.7) need the branch; 2.4 skips the merge.
  const merge = mode !== 'PRODUCTION_FROM_TEST';
  if (merge && promotion.branchId === null) {
    throw new PromoError(
      'BRANCH_NOT_FOUND',
      `Promotion ${promotion.promotionId} has no branch to merge (branchId is not set)`,
    );
  }

  return {
    mode,
    modeNumber: DEPLOY_MODE_NUMBER[mode],
    deploymentTarget: request.deploymentTarget,
    promotionId: promotion.promotionId,
    merge,
    branchId: merge ? promotion.branchId : null,
    keepBranch: mode === 'TEST',
    onSuccess: mode === 'TEST' ? { deleteBranchIds: [], clearBranchOn: [] } : cleanup(promotion, test, true),
    onFailure: cleanup(promotion, test, false),
    prodComponentId,
    packageVersion: request.packageVersion,
    pack: request.createNewPack
      ? { kind: 'create', name: request.newPackName!, description: request.newPackDescription }
      : { kind: 'existing', integrationPackId: request.integrationPackId! },
    isHotfix: mode === 'PRODUCTION_HOTFIX',
    hotfixJustification: mode === 'PRODUCTION_HOTFIX' ? request.hotfixJustification : null,
    testPromotionId: test?.promotionId ?? null,
    testedPackageId:
      test !== null && test.packageVersion === request.packageVersion ? test.prodPackageId : null,
    targetEnvironmentIds: request.targetEnvironmentIds,
    targetAccountGroupId: request.targetAccountGroupId,
    approvedBy,
    initiatedBy: promotion.initiatedBy,
    devAccountId: promotion.devAccountId,
    devPackageId: promotion.devPackageId,
    notes: request.notes,
  };
}

/** Spec §10 checks 5a (peer approval first) and 5b (four eyes), after self-approval. */
function checkApprovalChain(
  policy: ApprovalPolicy,
  promotion: PromotionLog,
  target: DeploymentTarget,
  approvedBy: string,
): void {
  if (needsPeerApproval(policy, target) && promotion.peerReviewStatus !== 'PEER_APPROVED') {
    const what = target === 'PRODUCTION' ? 'production deployment' : 'test deployment';
    throw new PromoError(
      'PEER_REVIEW_REQUIRED',
      `Promotion ${promotion.promotionId} has peer review status '${promotion.peerReviewStatus ?? 'NONE'}' — ${what} requires PEER_APPROVED`,
    );
  }
  if (policy.distinctApprover && sameIdentity(approvedBy, promotion.peerReviewedBy)) {
    throw new PromoError(
      'REVIEWER_CANNOT_APPROVE',
      'The peer reviewer of a promotion cannot also approve its deployment',
    );
  }
}

function checkTestPromotion(
  input: DeployPreconditionInput,
  promotion: PromotionLog,
  approvedBy: string,
): PromotionLog {
  const testPromotionId = input.request.testPromotionId!;
  const test = testPromotionId === promotion.promotionId ? promotion : input.testPromotion;
  if (test === null || test.promotionId !== testPromotionId) {
    throw new PromoError('TEST_PROMOTION_NOT_FOUND', `Test promotion ${testPromotionId} not found`);
  }
  if (test.status !== 'TEST_DEPLOYED') {
    throw invalid(
      `Test promotion ${testPromotionId} has status '${test.status}' — production from test requires TEST_DEPLOYED status`,
    );
  }
  // Spec §10 (check 6 changed): really deployed to test, and not promoted already.
  if ((test.testDeployedEnvironmentCount ?? 0) < 1) {
    throw invalid(
      `Test promotion ${testPromotionId} was not deployed to any test environment — production from test requires a test run that deployed`,
    );
  }
  if (test.productionPromotionId !== null || test.promotedToProductionAt !== null) {
    throw invalid(
      `Test promotion ${testPromotionId} was already promoted to production by promotion ${test.productionPromotionId ?? 'unknown'}`,
    );
  }
  if (test.prodComponentId !== promotion.prodComponentId) {
    throw invalid(
      `Test promotion ${testPromotionId} is for component '${test.prodComponentId}', not '${promotion.prodComponentId}'`,
    );
  }
  if (sameIdentity(approvedBy, test.initiatedBy)) {
    throw new PromoError('SELF_APPROVAL_NOT_ALLOWED', 'Admin cannot approve and deploy their own promotion');
  }
  return test;
}

function checkHotfix(request: DeployRequest): void {
  if (!request.isHotfix) {
    throw new PromoError(
      'HOTFIX_JUSTIFICATION_REQUIRED',
      'A PRODUCTION deployment without testPromotionId is a hotfix: isHotfix must be true, with a hotfixJustification',
    );
  }
  if (request.hotfixJustification === null) {
    throw new PromoError(
      'HOTFIX_JUSTIFICATION_REQUIRED',
      'hotfixJustification is required for a hotfix deployment',
    );
  }
}

/** A branchId in the request must name the promotion's branch (or, in mode 2, the test record's). */
function checkBranchMatches(
  request: DeployRequest,
  promotion: PromotionLog,
  test: PromotionLog | null,
): void {
  const given = request.branchId;
  if (given === null) return;
  const known = [promotion.branchId, test?.branchId ?? null].filter((id): id is string => id !== null);
  // No branch recorded at all: modes 1 and 3 answer BRANCH_NOT_FOUND at check 7; mode 2 needs none.
  if (known.length === 0 || known.includes(given)) return;
  throw invalid(`branchId '${given}' is not the branch of promotion ${promotion.promotionId}`);
}

/**
 * Mode 2 on success deletes the branch of both records and clears it on both. On failure a
 * run deletes the promotion's own branch; the test record's branchId is cleared only when it
 * named that same (now deleted) branch.
 */
function cleanup(promotion: PromotionLog, test: PromotionLog | null, success: boolean): BranchCleanup {
  const separateTest = test !== null && test.promotionId !== promotion.promotionId ? test : null;
  const ownBranch = promotion.branchId;
  const deleteBranchIds = ownBranch !== null ? [ownBranch] : [];
  const clearBranchOn = [promotion.promotionId];
  if (separateTest !== null) {
    const testBranch = separateTest.branchId;
    if (success && testBranch !== null && !deleteBranchIds.includes(testBranch))
      deleteBranchIds.push(testBranch);
    if (success || (testBranch !== null && testBranch === ownBranch))
      clearBranchOn.push(separateTest.promotionId);
  }
  return { deleteBranchIds, clearBranchOn };
}

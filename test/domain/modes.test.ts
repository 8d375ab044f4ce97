import { describe, expect, it } from 'vitest';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import {
  checkDeployPreconditions,
  selectMode,
  type DeployPreconditionInput,
} from '../../src/domain/modes.ts';
import type { Caller } from '../../src/domain/caller.ts';
import type { PromotionLog } from '../../src/domain/promotion.ts';
import { ACCOUNT, ADMIN, promotionLog as basePromotionLog, testBody, thrown } from './fixtures.ts';

/** Records past the approval chain (peer-approved by a reviewer, tested somewhere) unless overridden. */
const promotionLog = (overrides: Partial<PromotionLog> = {}) =>
  basePromotionLog({
    peerReviewStatus: 'PEER_APPROVED',
    peerReviewedBy: 'reviewer@example.com',
    testDeployedEnvironmentCount: 1,
    ...overrides,
  });

const HOTFIX = { deploymentTarget: 'PRODUCTION', isHotfix: 'true', hotfixJustification: 'Critical API fix' };
const FROM_TEST = { deploymentTarget: 'PRODUCTION', testPromotionId: 't-1' };
const testRecord = (overrides: Partial<PromotionLog> = {}) =>
  promotionLog({
    promotionId: 't-1',
    status: 'TEST_DEPLOYED',
    branchId: 'branch-t',
    packageVersion: '1.2.0',
    prodPackageId: 'pkg-tested',
    ...overrides,
  });

function input(
  body: Record<string, unknown> = {},
  overrides: Partial<Omit<DeployPreconditionInput, 'request'>> = {},
): DeployPreconditionInput {
  return {
    request: parseDeployRequest(testBody(body)),
    caller: ADMIN,
    promotion: promotionLog(),
    testPromotion: null,
    accountId: ACCOUNT,
    ...overrides,
  };
}

function refusal(value: DeployPreconditionInput): { code: string; message: string; status: number } {
  const error = thrown(() => checkDeployPreconditions(value));
  return { code: error.code, message: error.message, status: error.status };
}

describe('selectMode', () => {
  it('picks the seed’s mode from deploymentTarget and testPromotionId', () => {
    expect(selectMode({ deploymentTarget: 'TEST', testPromotionId: null })).toBe('TEST');
    expect(selectMode({ deploymentTarget: 'PRODUCTION', testPromotionId: 't-1' })).toBe(
      'PRODUCTION_FROM_TEST',
    );
    expect(selectMode({ deploymentTarget: 'PRODUCTION', testPromotionId: null })).toBe('PRODUCTION_HOTFIX');
  });
});

describe('checkDeployPreconditions — each check’s code and message', () => {
  it('check 1: prodAccountId must be the configured account', () => {
    expect(refusal(input({ prodAccountId: 'other' }))).toStrictEqual({
      code: 'INVALID_REQUEST',
      status: 400,
      message: "prodAccountId 'other' is not the configured account 'acct-primary'",
    });
  });

  it('check 2: the caller needs the admin role', () => {
    const reviewer: Caller = { email: 'r@example.com', roles: ['reviewer', 'promoter'] };
    expect(refusal(input({}, { caller: reviewer }))).toStrictEqual({
      code: 'FORBIDDEN',
      status: 403,
      message: 'Package and Deploy requires the admin role',
    });
  });

  it('check 2: an admin without an email is refused (self-approval could not be checked)', () => {
    expect(refusal(input({}, { caller: { email: ' ', roles: ['admin'] } })).code).toBe('FORBIDDEN');
  });

  it('check 3: the promotion must exist', () => {
    expect(refusal(input({}, { promotion: null }))).toStrictEqual({
      code: 'PROMOTION_NOT_FOUND',
      status: 404,
      message: 'Promotion p-1 not found',
    });
  });

  it('check 1 with the record: prodComponentId must be the promotion’s', () => {
    expect(refusal(input({ prodComponentId: 'comp-x' }))).toStrictEqual({
      code: 'INVALID_REQUEST',
      status: 400,
      message: "prodComponentId 'comp-x' is not the component of promotion p-1 ('comp-1')",
    });
  });

  it.each(['IN_PROGRESS', 'FAILED', 'DEPLOYED', 'PEER_REJECTED', 'ADMIN_REJECTED'] as const)(
    'check 4: status %s fails the gate with the seed’s message',
    (status) => {
      expect(refusal(input({}, { promotion: promotionLog({ status }) }))).toStrictEqual({
        code: 'PROMOTION_NOT_COMPLETED',
        status: 409,
        message: `Promotion p-1 has status '${status}' — packaging requires COMPLETED or TEST_DEPLOYED status`,
      });
    },
  );

  it('check 4: a record without prodComponentId cannot be packaged', () => {
    const error = refusal(input({}, { promotion: promotionLog({ prodComponentId: null }) }));
    expect(error.code).toBe('PROMOTION_NOT_COMPLETED');
    expect(error.message).toContain('no prodComponentId');
  });

  it('check 5: the initiator cannot deploy, compared case-insensitively', () => {
    const caller: Caller = { email: 'dev@EXAMPLE.com', roles: ['admin'] };
    expect(refusal(input({}, { caller }))).toStrictEqual({
      code: 'SELF_APPROVAL_NOT_ALLOWED',
      status: 403,
      message: 'Admin cannot approve and deploy their own promotion',
    });
  });

  it('check 6, mode 2: the test promotion must exist', () => {
    expect(refusal(input(FROM_TEST))).toStrictEqual({
      code: 'TEST_PROMOTION_NOT_FOUND',
      status: 404,
      message: 'Test promotion t-1 not found',
    });
  });

  it('check 6, mode 2: the test promotion must be TEST_DEPLOYED', () => {
    const error = refusal(input(FROM_TEST, { testPromotion: testRecord({ status: 'COMPLETED' }) }));
    expect(error).toStrictEqual({
      code: 'INVALID_REQUEST',
      status: 400,
      message:
        "Test promotion t-1 has status 'COMPLETED' — production from test requires TEST_DEPLOYED status",
    });
  });

  it('check 6, mode 2: the test promotion must be for the same component', () => {
    const error = refusal(input(FROM_TEST, { testPromotion: testRecord({ prodComponentId: 'comp-9' }) }));
    expect(error).toStrictEqual({
      code: 'INVALID_REQUEST',
      status: 400,
      message: "Test promotion t-1 is for component 'comp-9', not 'comp-1'",
    });
  });

  it('check 6, mode 2: the deployer must not be the test promotion’s initiator either', () => {
    const error = refusal(
      input(FROM_TEST, { testPromotion: testRecord({ initiatedBy: 'ADMIN@example.com' }) }),
    );
    expect(error.code).toBe('SELF_APPROVAL_NOT_ALLOWED');
  });

  it('check 6, mode 3: PRODUCTION without testPromotionId needs isHotfix', () => {
    const error = refusal(input({ deploymentTarget: 'PRODUCTION' }));
    expect(error.code).toBe('HOTFIX_JUSTIFICATION_REQUIRED');
    expect(error.status).toBe(400);
  });

  it('check 6, mode 3: a hotfix needs a justification', () => {
    expect(refusal(input({ ...HOTFIX, hotfixJustification: '  ' }))).toStrictEqual({
      code: 'HOTFIX_JUSTIFICATION_REQUIRED',
      status: 400,
      message: 'hotfixJustification is required for a hotfix deployment',
    });
  });

  it('check 1 after mode: a branchId that is not the promotion’s is refused', () => {
    expect(refusal(input({ branchId: 'branch-x' }))).toStrictEqual({
      code: 'INVALID_REQUEST',
      status: 400,
      message: "branchId 'branch-x' is not the branch of promotion p-1",
    });
  });

  it.each([
    ['TEST', {}],
    ['PRODUCTION_HOTFIX', HOTFIX],
  ] as const)('check 7: mode %s needs the promotion’s branch', (_mode, body) => {
    expect(
      refusal(input({ ...body, branchId: 'branch-1' }, { promotion: promotionLog({ branchId: null }) })),
    ).toStrictEqual({
      code: 'BRANCH_NOT_FOUND',
      status: 409,
      message: 'Promotion p-1 has no branch to merge (branchId is not set)',
    });
  });
});

describe('checkDeployPreconditions — order of the checks', () => {
  it('role before existence', () => {
    const caller: Caller = { email: 'x@example.com', roles: ['viewer'] };
    expect(refusal(input({}, { caller, promotion: null })).code).toBe('FORBIDDEN');
  });

  it('status gate before self-approval', () => {
    const promotion = promotionLog({ status: 'FAILED', initiatedBy: ADMIN.email });
    expect(refusal(input({}, { promotion })).code).toBe('PROMOTION_NOT_COMPLETED');
  });

  it('self-approval before the mode rules', () => {
    const promotion = promotionLog({ initiatedBy: ADMIN.email });
    expect(refusal(input(FROM_TEST, { promotion })).code).toBe('SELF_APPROVAL_NOT_ALLOWED');
    expect(refusal(input({ deploymentTarget: 'PRODUCTION' }, { promotion })).code).toBe(
      'SELF_APPROVAL_NOT_ALLOWED',
    );
  });

  it('mode rules before the branch check', () => {
    const promotion = promotionLog({ branchId: null });
    expect(refusal(input({ deploymentTarget: 'PRODUCTION' }, { promotion })).code).toBe(
      'HOTFIX_JUSTIFICATION_REQUIRED',
    );
  });
});

describe('checkDeployPreconditions — the plan per mode', () => {
  it('mode 1 merges the branch, keeps it, and creates the named pack', () => {
    const plan = checkDeployPreconditions(
      input({ targetEnvironments: [{ environmentId: 'e1' }], notes: 'n' }),
    );
    expect(plan).toMatchObject({
      mode: 'TEST',
      modeNumber: 1,
      deploymentTarget: 'TEST',
      merge: true,
      branchId: 'branch-1',
      keepBranch: true,
      onSuccess: { deleteBranchIds: [], clearBranchOn: [] },
      onFailure: { deleteBranchIds: ['branch-1'], clearBranchOn: ['p-1'] },
      prodComponentId: 'comp-1',
      packageVersion: '1.2.0',
      pack: { kind: 'create', name: 'Orders - TEST', description: null },
      isHotfix: false,
      testPromotionId: null,
      testedPackageId: null,
      targetEnvironmentIds: ['e1'],
      approvedBy: 'admin@example.com',
      initiatedBy: 'Dev@Example.com',
      devAccountId: 'dev-a',
      devPackageId: 'devpkg-1',
      notes: 'n',
    });
  });

  it('mode 2 (separate records) skips the merge and cleans up both records’ branches', () => {
    const promotion = promotionLog({ promotionId: 'p-1', branchId: 'branch-1' });
    const plan = checkDeployPreconditions(
      input(
        { ...FROM_TEST, createNewPack: false, newPackName: null, integrationPackId: 'ip-prod' },
        { promotion, testPromotion: testRecord() },
      ),
    );
    expect(plan).toMatchObject({
      mode: 'PRODUCTION_FROM_TEST',
      modeNumber: 2,
      merge: false,
      branchId: null,
      keepBranch: false,
      onSuccess: { deleteBranchIds: ['branch-1', 'branch-t'], clearBranchOn: ['p-1', 't-1'] },
      onFailure: { deleteBranchIds: ['branch-1'], clearBranchOn: ['p-1'] },
      pack: { kind: 'existing', integrationPackId: 'ip-prod' },
      testPromotionId: 't-1',
      testedPackageId: 'pkg-tested',
      isHotfix: false,
    });
  });

  it('mode 2 in place: the promotion is its own test record, the testPromotion argument is not needed', () => {
    const promotion = testRecord({ promotionId: 'p-1', branchId: 'branch-1' });
    const plan = checkDeployPreconditions(input({ ...FROM_TEST, testPromotionId: 'p-1' }, { promotion }));
    expect(plan.onSuccess).toStrictEqual({ deleteBranchIds: ['branch-1'], clearBranchOn: ['p-1'] });
    expect(plan.testPromotionId).toBe('p-1');
  });

  it('mode 2 accepts the test record’s branch as branchId, and works with no branch left', () => {
    const promotion = promotionLog({ branchId: null });
    const plan = checkDeployPreconditions(
      input({ ...FROM_TEST, branchId: 'branch-t' }, { promotion, testPromotion: testRecord() }),
    );
    expect(plan.onSuccess.deleteBranchIds).toStrictEqual(['branch-t']);
    expect(plan.onFailure).toStrictEqual({ deleteBranchIds: [], clearBranchOn: ['p-1'] });
  });

  it('mode 2 with a different version does not point at the tested package', () => {
    const plan = checkDeployPreconditions(
      input({ ...FROM_TEST, packageVersion: '1.3.0' }, { testPromotion: testRecord() }),
    );
    expect(plan.testedPackageId).toBeNull();
  });

  it('mode 2 failure clears the test record’s branchId only when it named the deleted branch', () => {
    const promotion = promotionLog({ branchId: 'shared-branch' });
    const plan = checkDeployPreconditions(
      input(FROM_TEST, { promotion, testPromotion: testRecord({ branchId: 'shared-branch' }) }),
    );
    expect(plan.onFailure).toStrictEqual({
      deleteBranchIds: ['shared-branch'],
      clearBranchOn: ['p-1', 't-1'],
    });
    expect(plan.onSuccess).toStrictEqual({
      deleteBranchIds: ['shared-branch'],
      clearBranchOn: ['p-1', 't-1'],
    });
  });

  it('mode 3 merges, deletes the branch and carries the justification', () => {
    const plan = checkDeployPreconditions(
      input(HOTFIX, { promotion: promotionLog({ status: 'TEST_DEPLOYED' }) }),
    );
    expect(plan).toMatchObject({
      mode: 'PRODUCTION_HOTFIX',
      modeNumber: 3,
      merge: true,
      branchId: 'branch-1',
      keepBranch: false,
      onSuccess: { deleteBranchIds: ['branch-1'], clearBranchOn: ['p-1'] },
      isHotfix: true,
      hotfixJustification: 'Critical API fix',
      testPromotionId: null,
    });
  });
});

describe('checkDeployPreconditions — the approval chain (spec §10)', () => {
  const pending = () => promotionLog({ peerReviewStatus: 'PENDING_PEER_REVIEW', peerReviewedBy: null });

  it('5a: a hotfix of a record without peer approval is refused with the spec’s message', () => {
    expect(refusal(input(HOTFIX, { promotion: pending() }))).toStrictEqual({
      code: 'PEER_REVIEW_REQUIRED',
      status: 409,
      message:
        "Promotion p-1 has peer review status 'PENDING_PEER_REVIEW' — production deployment requires PEER_APPROVED",
    });
  });

  it('5a: mode 2 looks at the record being deployed', () => {
    const value = input(FROM_TEST, { promotion: pending(), testPromotion: testRecord() });
    expect(refusal(value).code).toBe('PEER_REVIEW_REQUIRED');
  });

  it('5a policy: PRODUCTION lets TEST through, ALL gates TEST with its own wording, NONE gates nothing', () => {
    const testRun = (peerReviewRequiredFor: 'PRODUCTION' | 'ALL' | 'NONE') =>
      input({}, { promotion: pending(), policy: { peerReviewRequiredFor, distinctApprover: true } });
    expect(checkDeployPreconditions(testRun('PRODUCTION')).mode).toBe('TEST');
    expect(refusal(testRun('ALL'))).toStrictEqual({
      code: 'PEER_REVIEW_REQUIRED',
      status: 409,
      message:
        "Promotion p-1 has peer review status 'PENDING_PEER_REVIEW' — test deployment requires PEER_APPROVED",
    });
    expect(checkDeployPreconditions(testRun('NONE')).mode).toBe('TEST');
    const hotfix = input(HOTFIX, {
      promotion: pending(),
      policy: { peerReviewRequiredFor: 'NONE', distinctApprover: true },
    });
    expect(checkDeployPreconditions(hotfix).mode).toBe('PRODUCTION_HOTFIX');
  });

  it('5b: the peer reviewer cannot approve the deployment, whatever the spelling', () => {
    const promotion = promotionLog({ peerReviewedBy: ' ADMIN@example.COM ' });
    expect(refusal(input(HOTFIX, { promotion }))).toStrictEqual({
      code: 'REVIEWER_CANNOT_APPROVE',
      status: 403,
      message: 'The peer reviewer of a promotion cannot also approve its deployment',
    });
    const relaxed = input(HOTFIX, {
      promotion,
      policy: { peerReviewRequiredFor: 'PRODUCTION', distinctApprover: false },
    });
    expect(checkDeployPreconditions(relaxed).mode).toBe('PRODUCTION_HOTFIX');
  });

  it('order: self-approval (5) before 5a, 5a before 5b, 5b before the mode rules (6)', () => {
    const own = pending();
    own.initiatedBy = ADMIN.email;
    expect(refusal(input(HOTFIX, { promotion: own })).code).toBe('SELF_APPROVAL_NOT_ALLOWED');
    const reviewedByMe = promotionLog({
      peerReviewStatus: 'PENDING_PEER_REVIEW',
      peerReviewedBy: ADMIN.email,
    });
    expect(refusal(input(HOTFIX, { promotion: reviewedByMe })).code).toBe('PEER_REVIEW_REQUIRED');
    const approvedByMe = promotionLog({ peerReviewedBy: ADMIN.email });
    expect(refusal(input({ deploymentTarget: 'PRODUCTION' }, { promotion: approvedByMe })).code).toBe(
      'REVIEWER_CANNOT_APPROVE',
    );
  });

  it('6: the test record must have deployed to at least one environment', () => {
    const value = input(FROM_TEST, { testPromotion: testRecord({ testDeployedEnvironmentCount: 0 }) });
    expect(refusal(value)).toMatchObject({ code: 'INVALID_REQUEST', status: 400 });
    expect(refusal(value).message).toContain('not deployed to any test environment');
  });

  it('6: a test record already promoted cannot be promoted again, naming the production promotion', () => {
    const promoted = testRecord({
      productionPromotionId: 'prod-7',
      promotedToProductionAt: '2026-01-02T00:00:00.000Z',
    });
    expect(refusal(input(FROM_TEST, { testPromotion: promoted }))).toStrictEqual({
      code: 'INVALID_REQUEST',
      status: 400,
      message: 'Test promotion t-1 was already promoted to production by promotion prod-7',
    });
  });
});

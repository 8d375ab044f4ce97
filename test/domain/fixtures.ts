/** Builders for domain tests: a complete PromotionLog and a valid deploy body, overridable. */
import type { Caller } from '../../src/domain/caller.ts';
import { isPromoError, type PromoError } from '../../src/domain/errors.ts';
import type { PromotionLog } from '../../src/domain/promotion.ts';

export const ACCOUNT = 'acct-primary';
export const ADMIN: Caller = { email: 'admin@example.com', roles: ['admin'] };

export function promotionLog(overrides: Partial<PromotionLog> = {}): PromotionLog {
  return {
    promotionId: 'p-1',
    devAccountId: 'dev-a',
    prodAccountId: ACCOUNT,
    devPackageId: 'devpkg-1',
    prodPackageId: null,
    prodComponentId: 'comp-1',
    packageVersion: null,
    initiatedBy: 'Dev@Example.com',
    initiatedAt: '2026-01-01T00:00:00.000Z',
    status: 'COMPLETED',
    componentsTotal: 3,
    componentsCreated: 2,
    componentsUpdated: 1,
    componentsFailed: 0,
    errorMessage: null,
    resultDetail: null,
    peerReviewStatus: null,
    peerReviewedBy: null,
    peerReviewedAt: null,
    peerReviewComments: null,
    adminReviewStatus: null,
    adminApprovedBy: null,
    adminApprovedAt: null,
    adminComments: null,
    branchId: 'branch-1',
    branchName: 'promo-p-1',
    integrationPackId: null,
    integrationPackName: null,
    processName: 'Orders',
    targetEnvironment: 'TEST',
    isHotfix: null,
    hotfixJustification: null,
    testPromotionId: null,
    testDeployedAt: null,
    testIntegrationPackId: null,
    testIntegrationPackName: null,
    promotedFromTestBy: null,
    withdrawnAt: null,
    withdrawalReason: null,
    branchCleanupPending: false,
    promotedToProductionAt: null,
    productionPromotionId: null,
    testDeployedEnvironmentCount: null,
    rolledBackAt: null,
    rolledBackBy: null,
    rollbackReason: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    rowVersion: 1,
    ...overrides,
  };
}

/** A valid mode-1 body (create a new pack). */
export function testBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    promotionId: 'p-1',
    packageVersion: '1.2.0',
    deploymentTarget: 'TEST',
    createNewPack: true,
    newPackName: 'Orders - TEST',
    ...overrides,
  };
}

/** Runs `action` and returns the PromoError it throws (fails the test if it does not throw one). */
export function thrown(action: () => unknown): PromoError {
  try {
    action();
  } catch (error) {
    if (isPromoError(error)) return error;
    throw error;
  }
  throw new Error('expected a PromoError, nothing was thrown');
}

/**
 * The PromotionLog record (spec §3; field list of the original design's model),
 * plus prodComponentId and packageVersion. Timestamps are ISO-8601 UTC strings.
 * Fields the design spells as string booleans ("true"/"false") stay strings.
 */
export const PROMOTION_STATUSES = [
  'IN_PROGRESS',
  'COMPLETED',
  'FAILED',
  'TEST_DEPLOYED',
  'DEPLOYED',
  'PEER_REJECTED',
  'ADMIN_REJECTED',
  'WITHDRAWN',
  'ROLLED_BACK',
] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

export const PEER_REVIEW_STATUSES = ['PENDING_PEER_REVIEW', 'PEER_APPROVED', 'PEER_REJECTED'] as const;
export type PeerReviewStatus = (typeof PEER_REVIEW_STATUSES)[number];

export const ADMIN_REVIEW_STATUSES = ['PENDING_ADMIN_REVIEW', 'ADMIN_APPROVED', 'ADMIN_REJECTED'] as const;
export type AdminReviewStatus = (typeof ADMIN_REVIEW_STATUSES)[number];

export type DeploymentTarget = 'TEST' | 'PRODUCTION';
export type StringBoolean = 'true' | 'false';

export interface PromotionLog {
  promotionId: string;
  devAccountId: string;
  prodAccountId: string;
  devPackageId: string;
  prodPackageId: string | null;
  prodComponentId: string | null;
  packageVersion: string | null;
  initiatedBy: string;
  initiatedAt: string;
  status: PromotionStatus;
  componentsTotal: number;
  componentsCreated: number;
  componentsUpdated: number;
  componentsFailed: number;
  errorMessage: string | null;
  resultDetail: string | null;
  peerReviewStatus: PeerReviewStatus | null;
  peerReviewedBy: string | null;
  peerReviewedAt: string | null;
  peerReviewComments: string | null;
  adminReviewStatus: AdminReviewStatus | null;
  adminApprovedBy: string | null;
  adminApprovedAt: string | null;
  adminComments: string | null;
  branchId: string | null;
  branchName: string | null;
  integrationPackId: string | null;
  integrationPackName: string | null;
  processName: string | null;
  targetEnvironment: DeploymentTarget;
  isHotfix: StringBoolean | null;
  hotfixJustification: string | null;
  testPromotionId: string | null;
  testDeployedAt: string | null;
  testIntegrationPackId: string | null;
  testIntegrationPackName: string | null;
  promotedFromTestBy: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  /** Spec §12: set by a rollback of the promotion's deployment run. */
  rolledBackAt: string | null;
  rolledBackBy: string | null;
  rollbackReason: string | null;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-concurrency counter, bumped by every update. */
  rowVersion: number;
}

/** Field length limits of the spec and the design's model, shared by API validation and SQL checks. */
export const FIELD_LIMITS = {
  packageVersion: 20,
  newPackName: 100,
  newPackDescription: 500,
  hotfixJustification: 1000,
  errorMessage: 5000,
  resultDetail: 5000,
  peerReviewComments: 500,
  adminComments: 500,
  withdrawalReason: 500,
  rollbackReason: 500,
  denyReason: 500,
} as const;

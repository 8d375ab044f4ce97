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

/**
 * Recorded decisions (issue 13): a peer rejection, a denial or a withdrawal stands — no run and
 * no later write may change the record's status again (enforced by migration 006's trigger).
 */
export const DECIDED_STATUSES: readonly PromotionStatus[] = ['PEER_REJECTED', 'ADMIN_REJECTED', 'WITHDRAWN'];

/** Spec §10: the statuses in which a record's branch is no longer needed (the janitor's work). */
export const FINAL_STATUSES: readonly PromotionStatus[] = [
  'DEPLOYED',
  'FAILED',
  'PEER_REJECTED',
  'ADMIN_REJECTED',
  'WITHDRAWN',
];

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
  /** A branch delete failed: `branchId` is kept until the janitor deletes it (spec §10). */
  branchCleanupPending: boolean;
  /** Test record: when it was promoted to production, and by which promotion (spec §10). */
  promotedToProductionAt: string | null;
  productionPromotionId: string | null;
  /** Test record: how many environments its TEST run deployed to (mode 2 needs at least one). */
  testDeployedEnvironmentCount: number | null;
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

/** The PromotionLog on the wire (spec §3), its list filters, and the review/denial answers. */
import { Type, type TSchema } from 'typebox';
import type { PromotionLog } from '../../domain/promotion.ts';
import { QUEUES } from '../../domain/queues.ts';
import { ADMIN_REVIEW_STATUSES, PEER_REVIEW_STATUSES, PROMOTION_STATUSES } from '../../domain/promotion.ts';
import {
  PromotionRegistrationBodySchema,
  type PromotionRegistration,
} from '../../domain/promotion-registration.ts';
import { DenyBodySchema, PeerReviewBodySchema, type Denial, type PeerReview } from '../../domain/review.ts';
import { WithdrawBodySchema, type Withdrawal } from '../../domain/withdrawal.ts';
import { PageQuerySchema, pageOf } from './common.ts';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const text = nullable(Type.String());
const time = nullable(Type.String({ format: 'date-time' }));

export const PromotionStatusSchema = Type.Enum(PROMOTION_STATUSES);
export const PeerReviewStatusSchema = Type.Enum(PEER_REVIEW_STATUSES);
export const AdminReviewStatusSchema = Type.Enum(ADMIN_REVIEW_STATUSES);

const PromotionLogObject = Type.Object(
  {
    promotionId: Type.String(),
    devAccountId: Type.String(),
    prodAccountId: Type.String(),
    devPackageId: Type.String(),
    prodPackageId: text,
    prodComponentId: text,
    packageVersion: text,
    initiatedBy: Type.String(),
    initiatedAt: Type.String({ format: 'date-time' }),
    status: PromotionStatusSchema,
    componentsTotal: Type.Integer(),
    componentsCreated: Type.Integer(),
    componentsUpdated: Type.Integer(),
    componentsFailed: Type.Integer(),
    errorMessage: text,
    resultDetail: text,
    peerReviewStatus: nullable(PeerReviewStatusSchema),
    peerReviewedBy: text,
    peerReviewedAt: time,
    peerReviewComments: text,
    adminReviewStatus: nullable(AdminReviewStatusSchema),
    adminApprovedBy: text,
    adminApprovedAt: time,
    adminComments: text,
    branchId: text,
    branchName: text,
    integrationPackId: text,
    integrationPackName: text,
    processName: text,
    targetEnvironment: Type.Union([Type.Literal('TEST'), Type.Literal('PRODUCTION')]),
    isHotfix: nullable(Type.Union([Type.Literal('true'), Type.Literal('false')])),
    hotfixJustification: text,
    testPromotionId: text,
    testDeployedAt: time,
    testIntegrationPackId: text,
    testIntegrationPackName: text,
    promotedFromTestBy: text,
    withdrawnAt: time,
    withdrawalReason: text,
    branchCleanupPending: Type.Boolean({
      description: 'A branch delete failed: branchId is kept until the janitor deletes it',
    }),
    promotedToProductionAt: time,
    productionPromotionId: text,
    testDeployedEnvironmentCount: nullable(
      Type.Integer({ description: 'Environments the TEST run deployed to (mode 2 needs at least one)' }),
    ),
    branchAgeDays: Type.Optional(
      Type.Integer({
        description: 'production-readiness queue: days since the promotion (its branch) was made',
      }),
    ),
    branchAgeLevel: Type.Optional(
      Type.Union([Type.Literal('OK'), Type.Literal('AMBER'), Type.Literal('RED')], {
        description: 'production-readiness queue: AMBER from 15 days, RED beyond 30',
      }),
    ),
    rolledBackAt: time,
    rolledBackBy: text,
    rollbackReason: text,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    rowVersion: Type.Integer({ description: 'Bumped by every update (optimistic concurrency)' }),
  },
  { description: 'A PromotionLog record' },
);
/** Typed as the domain's PromotionLog, which it mirrors field for field. */
export const PromotionLogSchema = Type.Unsafe<PromotionLog>(PromotionLogObject);

export const REVIEW_STAGES = ['PENDING_PEER_REVIEW', 'PENDING_ADMIN_REVIEW', 'ALL'] as const;

export const PromotionListQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  status: Type.Optional(Type.Array(PromotionStatusSchema, { description: 'Repeat for several statuses' })),
  peerReviewStatus: Type.Optional(PeerReviewStatusSchema),
  adminReviewStatus: Type.Optional(AdminReviewStatusSchema),
  initiatedBy: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 320,
      description: 'Compared in a normalised form (NFKC, case-folded, invisible characters removed)',
    }),
  ),
  reviewStage: Type.Optional(
    Type.Enum(REVIEW_STAGES, {
      description: 'Review queue: awaiting peer review, awaiting admin review, or ALL',
    }),
  ),
  targetEnvironment: Type.Optional(Type.Union([Type.Literal('TEST'), Type.Literal('PRODUCTION')])),
  queue: Type.Optional(
    Type.Enum(QUEUES, {
      description:
        'Spec §10 work queues, for the caller: peer-review, admin-approval (never their own), production-readiness (with branchAgeDays). Not combinable with other filters',
    }),
  ),
});

export const PromotionPageSchema = pageOf(PromotionLogSchema);

export const PromotionParamsSchema = Type.Object({
  promotionId: Type.String({ minLength: 1, maxLength: 255 }),
});

export const ReviewAnswerSchema = Type.Object({
  success: Type.Literal(true),
  promotion: PromotionLogSchema,
  branchDeleted: Type.Boolean({ description: 'False if there was no branch or its delete failed (logged)' }),
});

// Bodies whose rules live in the domain: published as the domain's schemas, typed as what its
// parser hands the handler (`domainParsedBody`).
export const PromotionRegistrationBody = Type.Unsafe<PromotionRegistration>(PromotionRegistrationBodySchema);
export const PeerReviewBody = Type.Unsafe<PeerReview>(PeerReviewBodySchema);
export const DenyBody = Type.Unsafe<Denial>(DenyBodySchema);
export const WithdrawBody = Type.Unsafe<Withdrawal>(WithdrawBodySchema);

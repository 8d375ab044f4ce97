/**
 * Peer review and admin denial (spec §5): body rules, who may decide, and the PromotionLog
 * patch each decision writes. The caller's identity always comes from authentication.
 *
 * Checks run in this order: body (INVALID_REQUEST) → role (FORBIDDEN) → promotion exists
 * (PROMOTION_NOT_FOUND) → not the initiator → state.
 *
 * Decisions where the docs are silent:
 * - A caller without an email cannot be checked against the initiator → FORBIDDEN.
 * - Peer review: a decided review (PEER_APPROVED / PEER_REJECTED) answers ALREADY_REVIEWED
 *   first; otherwise the promotion must be COMPLETED or TEST_DEPLOYED (reviewing a running,
 *   failed, deployed or rejected promotion means nothing) → PROMOTION_NOT_COMPLETED.
 * - Denial: only COMPLETED or TEST_DEPLOYED promotions (the ones an admin could still deploy)
 *   can be denied → PROMOTION_NOT_COMPLETED otherwise; so a deployed or already rejected
 *   promotion is never denied. Denying a separate production record leaves its test record as is.
 */
import { Type } from 'typebox';
import { PromoError } from './errors.ts';
import {
  invalid,
  optionalString,
  rejectUnknownFields,
  requireObject,
  requiredEnum,
  requiredString,
} from './fields.ts';
import type { Caller } from './caller.ts';
import { identityKey, sameIdentity } from './identity.ts';
import type { PromotionPatch } from './outcome.ts';
import { FIELD_LIMITS, type PromotionLog, type PromotionStatus } from './promotion.ts';

export const REVIEW_DECISIONS = ['APPROVED', 'REJECTED'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

const REVIEWABLE_STATUSES: readonly PromotionStatus[] = ['COMPLETED', 'TEST_DEPLOYED'];

export const PeerReviewBodySchema = Type.Object(
  {
    decision: Type.Union([Type.Literal('APPROVED'), Type.Literal('REJECTED')]),
    comments: Type.Optional(
      Type.Union([Type.String({ maxLength: FIELD_LIMITS.peerReviewComments }), Type.Null()], {
        description: 'Required when the decision is REJECTED',
      }),
    ),
  },
  { additionalProperties: false, description: 'Peer review decision (spec §5)' },
);

export const DenyBodySchema = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: FIELD_LIMITS.denyReason,
      description: 'Why the admin denies',
    }),
  },
  { additionalProperties: false, description: 'Admin denial (spec §5)' },
);

export interface PeerReview {
  decision: ReviewDecision;
  comments: string | null;
}

/** A decision to apply: the patch, and the branch to DELETE (200/404 both success) if any. */
export interface ReviewOutcome {
  patch: PromotionPatch;
  deleteBranchId: string | null;
}

const IDENTITY_HINT = {
  reviewerEmail: 'reviewerEmail is not accepted: the reviewer is the authenticated caller',
};

export function parsePeerReview(raw: unknown): PeerReview {
  const body = requireObject(raw, 'Request body');
  rejectUnknownFields(body, new Set(['decision', 'comments']), 'the peer review', IDENTITY_HINT);
  const decision = requiredEnum(body, 'decision', REVIEW_DECISIONS);
  const comments = optionalString(body, 'comments', FIELD_LIMITS.peerReviewComments);
  return checkPeerReview({ decision, comments });
}

/** The review's own rule, whoever sends it (an HTTP body, the CLI, a direct call). */
function checkPeerReview(review: PeerReview): PeerReview {
  if (review.decision === 'REJECTED' && review.comments === null) {
    throw invalid('comments are required when rejecting');
  }
  return review;
}

/** A denial's reason: present, at most FIELD_LIMITS.denyReason characters. */
function checkDenialReason(reason: string): string {
  if (reason.trim() === '') throw invalid('reason is required');
  if (reason.length > FIELD_LIMITS.denyReason) {
    throw invalid(`reason must be at most ${FIELD_LIMITS.denyReason} characters`);
  }
  return reason;
}

export interface Denial {
  reason: string;
}

export function parseDenial(raw: unknown): Denial {
  const body = requireObject(raw, 'Request body');
  rejectUnknownFields(body, new Set(['reason']), 'the denial');
  return { reason: requiredString(body, 'reason', FIELD_LIMITS.denyReason) };
}

export interface PeerReviewInput {
  review: PeerReview;
  caller: Caller;
  promotionId: string;
  promotion: PromotionLog | null;
  now: string;
}

export function decidePeerReview(input: PeerReviewInput): ReviewOutcome {
  const { caller } = input;
  const review = checkPeerReview(input.review);
  if (!caller.roles.includes('reviewer') && !caller.roles.includes('admin')) {
    throw new PromoError('FORBIDDEN', 'Peer review requires the reviewer or admin role');
  }
  const reviewer = requireEmail(caller);
  const promotion = requirePromotion(input.promotionId, input.promotion);
  if (sameIdentity(reviewer, promotion.initiatedBy)) {
    throw new PromoError('SELF_REVIEW_NOT_ALLOWED', 'You cannot review your own promotion');
  }
  if (promotion.peerReviewStatus === 'PEER_APPROVED' || promotion.peerReviewStatus === 'PEER_REJECTED') {
    throw new PromoError(
      'ALREADY_REVIEWED',
      `Promotion ${promotion.promotionId} was already reviewed (${promotion.peerReviewStatus})`,
    );
  }
  requireStatus(promotion, 'peer review');

  const patch: PromotionPatch = {
    peerReviewedBy: reviewer,
    peerReviewedAt: input.now,
    peerReviewComments: review.comments,
  };
  if (review.decision === 'APPROVED') {
    return {
      patch: { ...patch, peerReviewStatus: 'PEER_APPROVED', adminReviewStatus: 'PENDING_ADMIN_REVIEW' },
      deleteBranchId: null,
    };
  }
  return {
    patch: { ...patch, peerReviewStatus: 'PEER_REJECTED', status: 'PEER_REJECTED', branchId: null },
    deleteBranchId: promotion.branchId,
  };
}

export interface DenialInput {
  reason: string;
  caller: Caller;
  promotionId: string;
  promotion: PromotionLog | null;
  now: string;
}

export function decideDenial(input: DenialInput): ReviewOutcome {
  const reason = checkDenialReason(input.reason);
  if (!input.caller.roles.includes('admin'))
    throw new PromoError('FORBIDDEN', 'Denial requires the admin role');
  const admin = requireEmail(input.caller);
  const promotion = requirePromotion(input.promotionId, input.promotion);
  if (sameIdentity(admin, promotion.initiatedBy)) {
    throw new PromoError('SELF_APPROVAL_NOT_ALLOWED', 'Admin cannot deny their own promotion');
  }
  requireStatus(promotion, 'denial');
  return {
    patch: {
      status: 'ADMIN_REJECTED',
      adminReviewStatus: 'ADMIN_REJECTED',
      adminApprovedBy: admin,
      adminApprovedAt: input.now,
      adminComments: reason,
      branchId: null,
    },
    deleteBranchId: promotion.branchId,
  };
}

function requireEmail(caller: Caller): string {
  const email = caller.email.trim();
  if (identityKey(email) === '')
    throw new PromoError('FORBIDDEN', 'The caller has no email; a decision needs an identified person');
  return email;
}

function requirePromotion(promotionId: string, promotion: PromotionLog | null): PromotionLog {
  if (promotion === null || promotion.promotionId !== promotionId) {
    throw new PromoError('PROMOTION_NOT_FOUND', `Promotion ${promotionId} not found`);
  }
  return promotion;
}

function requireStatus(promotion: PromotionLog, action: string): void {
  if (REVIEWABLE_STATUSES.includes(promotion.status)) return;
  throw new PromoError(
    'PROMOTION_NOT_COMPLETED',
    `Promotion ${promotion.promotionId} has status '${promotion.status}' — ${action} requires COMPLETED or TEST_DEPLOYED status`,
  );
}

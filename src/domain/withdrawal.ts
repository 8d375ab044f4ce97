/**
 * Withdrawing a promotion (spec §10): its initiator, or an admin, takes it out of the chain
 * before it reaches production. Body rules, who may, in which state, and the patch it writes.
 *
 * Checks run in this order: body (INVALID_REQUEST) → promotion exists (PROMOTION_NOT_FOUND) →
 * the initiator or an admin (FORBIDDEN) → state (PROMOTION_NOT_WITHDRAWABLE). A run in progress
 * is refused by the service before this (DEPLOYMENT_IN_PROGRESS, issue 13).
 *
 * Decisions where the docs are silent:
 * - "Not yet promoted": a TEST_DEPLOYED record already promoted to production (its
 *   productionPromotionId set) is not withdrawable either.
 * - A blank reason counts as none (the reason is optional).
 */
import { Type } from 'typebox';
import type { Caller } from './caller.ts';
import { PromoError } from './errors.ts';
import { optionalString, rejectUnknownFields, requireObject } from './fields.ts';
import { sameIdentity } from './identity.ts';
import { FIELD_LIMITS, type PromotionLog, type PromotionStatus } from './promotion.ts';
import type { ReviewOutcome } from './review.ts';

const WITHDRAWABLE_STATUSES: readonly PromotionStatus[] = ['COMPLETED', 'TEST_DEPLOYED'];

export const WithdrawBodySchema = Type.Object(
  {
    reason: Type.Optional(
      Type.Union([Type.String({ maxLength: FIELD_LIMITS.withdrawalReason }), Type.Null()], {
        description: 'Why the promotion is withdrawn (optional)',
      }),
    ),
  },
  { additionalProperties: false, description: 'Withdraw a promotion (spec §10)' },
);

export interface Withdrawal {
  reason: string | null;
}

/** An absent body is a withdrawal without a reason. */
export function parseWithdrawal(raw: unknown): Withdrawal {
  if (raw === undefined || raw === null) return { reason: null };
  const body = requireObject(raw, 'Request body');
  rejectUnknownFields(body, new Set(['reason']), 'the withdrawal');
  const reason = optionalString(body, 'reason', FIELD_LIMITS.withdrawalReason);
  return { reason: reason !== null && reason.trim() !== '' ? reason : null };
}

export interface WithdrawalInput {
  withdrawal: Withdrawal;
  caller: Caller;
  promotionId: string;
  promotion: PromotionLog | null;
  now: string;
}

export function decideWithdrawal(input: WithdrawalInput): ReviewOutcome {
  const { caller, promotion } = input;
  if (promotion === null || promotion.promotionId !== input.promotionId) {
    throw new PromoError('PROMOTION_NOT_FOUND', `Promotion ${input.promotionId} not found`);
  }
  const isInitiator = sameIdentity(caller.email, promotion.initiatedBy);
  if (!isInitiator && !caller.roles.includes('admin')) {
    throw new PromoError('FORBIDDEN', 'Only the initiator of a promotion or an admin can withdraw it');
  }
  if (!WITHDRAWABLE_STATUSES.includes(promotion.status) || promotion.productionPromotionId !== null) {
    const promoted = promotion.productionPromotionId !== null ? ', already promoted to production' : '';
    throw new PromoError(
      'PROMOTION_NOT_WITHDRAWABLE',
      `Promotion ${promotion.promotionId} has status '${promotion.status}'${promoted} — withdrawal requires COMPLETED or TEST_DEPLOYED status, not yet promoted`,
    );
  }
  return {
    patch: {
      status: 'WITHDRAWN',
      withdrawnAt: input.now,
      withdrawalReason: input.withdrawal.reason,
      branchId: null,
    },
    deleteBranchId: promotion.branchId,
  };
}

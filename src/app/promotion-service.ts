/**
 * The PromotionLog as the adapters see it (spec §3, §7): registering a promotion applies the
 * domain's registration plan to the store — creating answers created: true, an update or an
 * identical re-send (an upstream retry) created: false with the record as it now is.
 */
import type { Caller } from '../domain/caller.ts';
import { PromoError } from '../domain/errors.ts';
import { registeredEvent } from '../domain/notifications/index.ts';
import { planPromotionRegistration, type PromotionRegistration } from '../domain/promotion-registration.ts';
import type { PromotionLog } from '../domain/promotion.ts';
import { enqueueNotification } from '../store/repositories/notifications.ts';
import type { PromotionFilter, PromotionsRepository } from '../store/repositories/promotions.ts';
import type { TransactionRunner } from '../store/transaction.ts';
import type { PromotionQuery, PromotionService } from './contract.ts';

export interface PromotionServiceDeps {
  promotions: PromotionsRepository;
  /** Registration and the notification announcing it commit together. */
  withTransaction: TransactionRunner;
  /** The configured (primary) Boomi account id: promotions must name it. */
  accountId: string;
}

/** A record entering peer review is announced to the reviewers in the same transaction (spec §13). */
async function registerPromotion(
  { promotions, withTransaction, accountId }: PromotionServiceDeps,
  registration: PromotionRegistration,
  caller: Caller,
): Promise<{ created: boolean; promotion: PromotionLog }> {
  const existing = await promotions.get(registration.promotionId);
  const now = new Date().toISOString();
  const plan = planPromotionRegistration({ registration, existing, caller, accountId, now });
  if (plan.kind === 'unchanged' || (plan.kind === 'update' && existing === null)) {
    return { created: false, promotion: existing! };
  }
  const promotion = await withTransaction(async (tx) => {
    // The row version read above guards an update against a concurrent writer (CONFLICT, 409).
    const written =
      plan.kind === 'create'
        ? await tx.promotions.create(plan.promotion)
        : ((await tx.promotions.update(registration.promotionId, plan.patch, existing!.rowVersion)) ??
          existing!);
    await enqueueNotification(tx, registeredEvent(existing, written, caller.email));
    return written;
  });
  return { created: plan.kind === 'create', promotion };
}

/** `reviewStage` is the review queue's shorthand; it must agree with an explicit status filter. */
export function promotionFilterOf(query: PromotionQuery): PromotionFilter {
  const { reviewStage, ...filter } = query;
  if (reviewStage === 'PENDING_PEER_REVIEW') {
    if (filter.peerReviewStatus && filter.peerReviewStatus !== reviewStage) {
      throw new PromoError('INVALID_REQUEST', 'reviewStage PENDING_PEER_REVIEW contradicts peerReviewStatus');
    }
    return { ...filter, peerReviewStatus: reviewStage };
  }
  if (reviewStage === 'PENDING_ADMIN_REVIEW') {
    if (filter.adminReviewStatus && filter.adminReviewStatus !== reviewStage) {
      throw new PromoError(
        'INVALID_REQUEST',
        'reviewStage PENDING_ADMIN_REVIEW contradicts adminReviewStatus',
      );
    }
    return { ...filter, adminReviewStatus: reviewStage };
  }
  return filter;
}

export function createPromotionService(deps: PromotionServiceDeps): PromotionService {
  return {
    register: (registration, caller) => registerPromotion(deps, registration, caller),
    list: (query, page) => deps.promotions.list(promotionFilterOf(query), page),
    async get(promotionId) {
      const promotion = await deps.promotions.get(promotionId);
      if (!promotion) throw new PromoError('PROMOTION_NOT_FOUND', `Promotion ${promotionId} was not found`);
      return promotion;
    },
  };
}

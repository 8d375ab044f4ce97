/**
 * The PromotionLog as the adapters see it (spec §3, §7): registering a promotion applies the
 * domain's registration plan to the store — creating answers created: true, an update or an
 * identical re-send (an upstream retry) created: false with the record as it now is.
 */
import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from '../domain/approval-policy.ts';
import type { Caller } from '../domain/caller.ts';
import { PromoError } from '../domain/errors.ts';
import { registeredEvent } from '../domain/notifications/index.ts';
import { planPromotionRegistration, type PromotionRegistration } from '../domain/promotion-registration.ts';
import type { PromotionLog } from '../domain/promotion.ts';
import { branchAgeOf, type Queue } from '../domain/queues.ts';
import { enqueueNotification } from '../store/repositories/notifications.ts';
import type { PageRequest, PromotionFilter, PromotionsRepository } from '../store/repositories/promotions.ts';
import type { Page } from '../store/sql.ts';
import type { TransactionRunner } from '../store/transaction.ts';
import type { PromotionListItem, PromotionQuery, PromotionService } from './contract.ts';

export interface PromotionServiceDeps {
  promotions: PromotionsRepository;
  /** Registration and the notification announcing it commit together. */
  withTransaction: TransactionRunner;
  /** The configured (primary) Boomi account id: promotions must name it. */
  accountId: string;
  /** Four eyes decides whether the admin-approval queue hides what the caller peer-reviewed. */
  policy?: ApprovalPolicy;
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

/** Spec §10's queues as filters: what `caller` can act on now (see domain/queues.ts). */
export function queueFilterOf(queue: Queue, caller: Caller, policy: ApprovalPolicy): PromotionFilter {
  switch (queue) {
    case 'peer-review':
      return {
        peerReviewStatus: 'PENDING_PEER_REVIEW',
        status: ['COMPLETED', 'TEST_DEPLOYED'],
        notInitiatedBy: caller.email,
        noActiveRun: true,
      };
    case 'admin-approval':
      return {
        peerReviewStatus: 'PEER_APPROVED',
        status: ['COMPLETED', 'TEST_DEPLOYED'],
        notPromoted: true,
        notInitiatedBy: caller.email,
        ...(policy.distinctApprover ? { notPeerReviewedBy: caller.email } : {}),
        noActiveRun: true,
      };
    case 'production-readiness':
      return { status: ['TEST_DEPLOYED'], notPromoted: true, noActiveRun: true };
  }
}

/** A queue is a filter of its own: it takes no other filter besides paging. */
function queueQuery(
  query: PromotionQuery,
  caller: Caller | undefined,
  policy: ApprovalPolicy,
): PromotionFilter {
  const { queue, ...rest } = query;
  if (Object.values(rest).some((value) => value !== undefined)) {
    throw new PromoError('INVALID_REQUEST', 'queue cannot be combined with other filters');
  }
  if (!caller) throw new PromoError('FORBIDDEN', 'A queue is personal: the caller must be identified');
  return queueFilterOf(queue!, caller, policy);
}

async function listPromotions(
  deps: PromotionServiceDeps,
  query: PromotionQuery,
  page: PageRequest,
  caller: Caller | undefined,
): Promise<Page<PromotionListItem>> {
  if (query.queue === undefined) return deps.promotions.list(promotionFilterOf(query), page);
  const filter = queueQuery(query, caller, deps.policy ?? DEFAULT_APPROVAL_POLICY);
  const result = await deps.promotions.list(filter, page);
  if (query.queue !== 'production-readiness') return result;
  const now = new Date();
  return { ...result, items: result.items.map((item) => ({ ...item, ...branchAgeOf(item, now) })) };
}

/** `reviewStage` is the review queue's shorthand; it must agree with an explicit status filter. */
export function promotionFilterOf(query: PromotionQuery): PromotionFilter {
  const { reviewStage, queue: _queue, ...filter } = query;
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
    list: (query, page, caller) => listPromotions(deps, query, page, caller),
    async get(promotionId) {
      const promotion = await deps.promotions.get(promotionId);
      if (!promotion) throw new PromoError('PROMOTION_NOT_FOUND', `Promotion ${promotionId} was not found`);
      return promotion;
    },
  };
}

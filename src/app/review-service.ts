/**
 * Peer review and admin denial (spec §5, the seed's "Branch Deletion on Rejection/Denial").
 * The domain decides (who may, in which state, which patch); this applies the decision with
 * optimistic concurrency (`promotions.updateWithRetry`) — a record changed meanwhile is re-read and the decision taken again,
 * so two racing reviewers get one decision and one ALREADY_REVIEWED — and deletes the branch.
 * (The HTTP layer audits each decision and refusal.)
 *
 * Order, as the seed has it: a peer rejection is recorded first and the branch deleted after; a
 * denial deletes the branch first, then records. Either way a failed delete is logged and never
 * fails the decision. Decision where the docs are silent: `branchId` is cleared only once the
 * branch is really gone (200 or not found), so a branch a failed delete left behind stays on
 * record for a later clean-up instead of becoming an untracked orphan.
 */
import type { BoomiClient } from '../boomi/index.ts';
import type { Caller } from '../domain/caller.ts';
import { PromoError } from '../domain/errors.ts';
import type { PromotionPatch } from '../domain/outcome.ts';
import { deniedEvent, peerReviewedEvent, type NotificationEvent } from '../domain/notifications/index.ts';
import type { PromotionLog } from '../domain/promotion.ts';
import { decideDenial, decidePeerReview, type ReviewOutcome as Decision } from '../domain/review.ts';
import { enqueueNotification } from '../store/repositories/notifications.ts';
import type { PromotionsRepository } from '../store/repositories/promotions.ts';
import type { TransactionRunner } from '../store/transaction.ts';
import type { WorkflowLogger } from '../workflow/logger.ts';
import { errorMessageOf } from '../workflow/failures.ts';
import type { ReviewOutcome, ReviewService } from './contract.ts';

export interface ReviewServiceDeps {
  boomi: BoomiClient;
  repos: { promotions: PromotionsRepository; withTransaction: TransactionRunner };
  log: WorkflowLogger;
}

/** The notification a recorded decision sends (spec §13), built from the record as written. */
type Announce = (recorded: PromotionLog) => NotificationEvent | null;

/** Deletes the decision's branch; false (logged) when the delete failed — the decision stands. */
async function deleteBranch(
  { boomi, log }: ReviewServiceDeps,
  branchId: string | null,
  promotionId: string,
): Promise<boolean> {
  if (branchId === null) return false;
  try {
    await boomi.branches.delete(branchId);
    return true;
  } catch (error) {
    log.warn(
      { promotionId, branchId, error: errorMessageOf(error) },
      'Branch delete failed; the decision stands',
    );
    return false;
  }
}

/** The update and the notification announcing it (if any) commit together or not at all. */
async function update(
  { repos }: ReviewServiceDeps,
  promotion: PromotionLog,
  patch: PromotionPatch,
  announce?: Announce,
): Promise<PromotionLog> {
  return repos.withTransaction(async (tx) => {
    const updated = await tx.promotions.update(promotion.promotionId, patch, promotion.rowVersion);
    if (!updated) throw new PromoError('PROMOTION_NOT_FOUND', `Promotion ${promotion.promotionId} not found`);
    if (announce) await enqueueNotification(tx, announce(updated));
    return updated;
  });
}

/** Records the decision (branchId kept), then deletes the branch, then clears branchId. */
async function recordThenDelete(
  deps: ReviewServiceDeps,
  promotion: PromotionLog,
  decision: Decision,
  announce: Announce,
): Promise<ReviewOutcome> {
  const { branchId: _cleared, ...patch } = decision.patch;
  const recorded = await update(deps, promotion, patch, announce);
  const branchDeleted = await deleteBranch(deps, decision.deleteBranchId, promotion.promotionId);
  if (!branchDeleted || recorded.branchId === null) return { promotion: recorded, branchDeleted };
  // branchId = null on the freshest record (another writer may have touched it in between).
  const cleared = await deps.repos.promotions.updateWithRetry(promotion.promotionId, (current) =>
    update(deps, current ?? recorded, { branchId: null }),
  );
  return { promotion: cleared, branchDeleted };
}

/** Deletes the branch first, then records the decision (clearing branchId if it is gone). */
async function deleteThenRecord(
  deps: ReviewServiceDeps,
  promotion: PromotionLog,
  decision: Decision,
  announce: Announce,
): Promise<ReviewOutcome> {
  const branchDeleted = await deleteBranch(deps, decision.deleteBranchId, promotion.promotionId);
  const { branchId: _cleared, ...patch } = decision.patch;
  const recorded = await update(deps, promotion, branchDeleted ? decision.patch : patch, announce);
  return { promotion: recorded, branchDeleted };
}

/** A peer approval only records; a rejection records, then deletes the branch. */
async function applyPeerReview(
  deps: ReviewServiceDeps,
  promotion: PromotionLog,
  decision: Decision,
  announce: Announce,
): Promise<ReviewOutcome> {
  if (decision.deleteBranchId !== null) return recordThenDelete(deps, promotion, decision, announce);
  return { promotion: await update(deps, promotion, decision.patch, announce), branchDeleted: false };
}

export function createReviewService(deps: ReviewServiceDeps): ReviewService {
  const { promotions } = deps.repos;
  // Each decision is taken on the current record; on CONFLICT the record is re-read and decided again.
  return {
    peerReview: (promotionId, review, caller: Caller) =>
      promotions.updateWithRetry(promotionId, async (promotion) => {
        const now = new Date().toISOString();
        const decision = decidePeerReview({ review, caller, promotionId, promotion, now });
        return applyPeerReview(deps, promotion!, decision, (recorded) =>
          peerReviewedEvent(recorded, caller.email),
        );
      }),
    deny: (promotionId, { reason }, caller: Caller) =>
      promotions.updateWithRetry(promotionId, async (promotion) => {
        const now = new Date().toISOString();
        const decision = decideDenial({ reason, caller, promotionId, promotion, now });
        return deleteThenRecord(deps, promotion!, decision, (recorded) =>
          deniedEvent(recorded, caller.email),
        );
      }),
  };
}

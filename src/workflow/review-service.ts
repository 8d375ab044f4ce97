/**
 * Peer review and admin denial (spec §5, the seed's "Branch Deletion on Rejection/Denial").
 * The domain decides (who may, in which state, which patch); this applies the decision with
 * optimistic concurrency — a record changed meanwhile is re-read and the decision taken again,
 * so two racing reviewers get one decision and one ALREADY_REVIEWED — and deletes the branch.
 * (The HTTP layer audits each decision and refusal.)
 *
 * Order, as the seed has it: a peer rejection is recorded first and the branch deleted after; a
 * denial deletes the branch first, then records. Either way a failed delete is logged and never
 * fails the decision. Decision where the docs are silent: `branchId` is cleared only once the
 * branch is really gone (200 or not found), so a branch a failed delete left behind stays on
 * record for a later clean-up instead of becoming an untracked orphan.
 */
import { PromoError, isPromoError } from '../domain/errors.ts';
import type { PromotionPatch } from '../domain/outcome.ts';
import type { PromotionLog } from '../domain/promotion.ts';
import {
  decideDenial,
  decidePeerReview,
  parseDenial,
  parsePeerReview,
  type ReviewOutcome as Decision,
} from '../domain/review.ts';
import type { ReviewOutcome, ReviewService } from '../http/services.ts';
import type { WorkflowDeps } from './context.ts';
import { errorMessageOf } from './failures.ts';

const CONFLICT_ATTEMPTS = 5;

export function createReviewService(deps: Pick<WorkflowDeps, 'boomi' | 'repos' | 'log'>): ReviewService {
  const { boomi, repos, log } = deps;

  async function deleteBranch(branchId: string | null, promotionId: string): Promise<boolean> {
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

  async function update(promotion: PromotionLog, patch: PromotionPatch): Promise<PromotionLog> {
    const updated = await repos.promotions.update(promotion.promotionId, patch, promotion.rowVersion);
    if (!updated) throw new PromoError('PROMOTION_NOT_FOUND', `Promotion ${promotion.promotionId} not found`);
    return updated;
  }

  /** Takes the decision on the current record; on CONFLICT, reloads and decides again. */
  async function decideFresh(
    promotionId: string,
    decide: (promotion: PromotionLog | null, now: string) => Decision,
    apply: (promotion: PromotionLog, decision: Decision) => Promise<ReviewOutcome>,
  ): Promise<ReviewOutcome> {
    for (let attempt = 1; ; attempt++) {
      const promotion = await repos.promotions.get(promotionId);
      const decision = decide(promotion, new Date().toISOString());
      try {
        return await apply(promotion!, decision);
      } catch (error) {
        if (!(isPromoError(error) && error.code === 'CONFLICT') || attempt >= CONFLICT_ATTEMPTS) throw error;
      }
    }
  }

  /** Records the decision (branchId kept), then deletes the branch, then clears branchId. */
  async function recordThenDelete(promotion: PromotionLog, decision: Decision): Promise<ReviewOutcome> {
    const { branchId: _cleared, ...patch } = decision.patch;
    let recorded = await update(promotion, patch);
    const branchDeleted = await deleteBranch(decision.deleteBranchId, promotion.promotionId);
    if (branchDeleted && recorded.branchId !== null) {
      recorded = await clearBranch(recorded);
    }
    return { promotion: recorded, branchDeleted };
  }

  /** Deletes the branch first, then records the decision (clearing branchId if it is gone). */
  async function deleteThenRecord(promotion: PromotionLog, decision: Decision): Promise<ReviewOutcome> {
    const branchDeleted = await deleteBranch(decision.deleteBranchId, promotion.promotionId);
    const { branchId: _cleared, ...patch } = decision.patch;
    const recorded = await update(promotion, branchDeleted ? decision.patch : patch);
    return { promotion: recorded, branchDeleted };
  }

  /** branchId = null on the freshest record (another writer may have touched it in between). */
  async function clearBranch(promotion: PromotionLog): Promise<PromotionLog> {
    let current = promotion;
    for (let attempt = 1; ; attempt++) {
      try {
        return await update(current, { branchId: null });
      } catch (error) {
        if (!(isPromoError(error) && error.code === 'CONFLICT') || attempt >= CONFLICT_ATTEMPTS) throw error;
        current = (await repos.promotions.get(promotion.promotionId)) ?? current;
      }
    }
  }

  return {
    async peerReview(promotionId, input, caller) {
      const review = parsePeerReview(input);
      return decideFresh(
        promotionId,
        (promotion, now) => decidePeerReview({ review, caller, promotionId, promotion, now }),
        (promotion, decision) =>
          decision.deleteBranchId === null
            ? update(promotion, decision.patch).then((recorded) => ({
                promotion: recorded,
                branchDeleted: false,
              }))
            : recordThenDelete(promotion, decision),
      );
    },

    async deny(promotionId, input, caller) {
      const { reason } = parseDenial(input);
      return decideFresh(
        promotionId,
        (promotion, now) => decideDenial({ reason, caller, promotionId, promotion, now }),
        deleteThenRecord,
      );
    },
  };
}

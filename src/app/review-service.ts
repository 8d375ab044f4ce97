/**
 * Peer review and admin denial (spec §5, the seed's "Branch Deletion on Rejection/Denial").
 * The domain decides (who may, in which state, which patch); this applies the decision with
 * optimistic concurrency (`promotions.updateWithRetry`) — a record changed meanwhile is re-read and the decision taken again,
 * so two racing reviewers get one decision and one ALREADY_REVIEWED — and deletes the branch.
 * Each decision commits with its notification (spec §13). (The HTTP layer audits each decision and refusal.)
 *
 * Order, as the seed has it: a peer rejection is recorded first and the branch deleted after; a
 * denial deletes the branch first, then records. Either way a failed delete is logged and never
 * fails the decision; `branchId` is cleared only once the branch is really gone (200 or not
 * found), else the record is marked `branchCleanupPending` for the janitor (spec §10). No decision
 * while a run of the promotion is active (DEPLOYMENT_IN_PROGRESS, issue 13): see decision-apply.ts.
 */
import type { Caller } from '../domain/caller.ts';
import { deniedEvent, peerReviewedEvent } from '../domain/notifications/index.ts';
import type { PromotionLog } from '../domain/promotion.ts';
import { decideDenial, decidePeerReview, type ReviewOutcome as Decision } from '../domain/review.ts';
import type { ReviewOutcome, ReviewService } from './contract.ts';
import {
  deleteThenRecord,
  recordOnly,
  recordThenDelete,
  refuseDuringRun,
  type Announce,
  type DecisionDeps,
} from './decision-apply.ts';

export type ReviewServiceDeps = DecisionDeps;

/** A peer approval only records; a rejection records, then deletes the branch. */
async function applyPeerReview(
  deps: ReviewServiceDeps,
  promotion: PromotionLog,
  decision: Decision,
  announce: Announce,
): Promise<ReviewOutcome> {
  if (decision.deleteBranchId !== null) return recordThenDelete(deps, promotion, decision, announce);
  return recordOnly(deps, promotion, decision.patch, announce);
}

export function createReviewService(deps: ReviewServiceDeps): ReviewService {
  const { promotions } = deps.repos;
  // Each decision is taken on the current record; on CONFLICT the record is re-read and decided again.
  return {
    peerReview: (promotionId, review, caller: Caller) =>
      promotions.updateWithRetry(promotionId, async (promotion) => {
        const now = new Date().toISOString();
        const decision = decidePeerReview({ review, caller, promotionId, promotion, now });
        await refuseDuringRun(deps, promotionId, 'peer review');
        return applyPeerReview(deps, promotion!, decision, (recorded) =>
          peerReviewedEvent(recorded, caller.email),
        );
      }),
    deny: (promotionId, { reason }, caller: Caller) =>
      promotions.updateWithRetry(promotionId, async (promotion) => {
        const now = new Date().toISOString();
        const decision = decideDenial({ reason, caller, promotionId, promotion, now });
        await refuseDuringRun(deps, promotionId, 'denial');
        return deleteThenRecord(deps, promotion!, decision, (recorded) =>
          deniedEvent(recorded, caller.email),
        );
      }),
  };
}

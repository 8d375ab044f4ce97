/**
 * Applying a recorded decision (peer review, denial, withdrawal) to the PromotionLog and its
 * branch — shared by the review and withdraw services.
 *
 * - No decision while a run of the promotion is active (issue 13): DEPLOYMENT_IN_PROGRESS. Should
 *   a run start after this check, the run itself leaves the decided record alone (its final update
 *   re-reads the record, and migration 006's trigger refuses to change a decided status).
 * - Branches are never lost (spec §10): `branchId` is cleared only once the branch is really gone
 *   (200 or not found); a failed delete keeps it and marks `branchCleanupPending` for the janitor.
 */
import type { BoomiClient } from '../boomi/index.ts';
import { PromoError } from '../domain/errors.ts';
import type { NotificationEvent } from '../domain/notifications/index.ts';
import type { PromotionPatch } from '../domain/outcome.ts';
import type { PromotionLog } from '../domain/promotion.ts';
import type { ReviewOutcome as Decision } from '../domain/review.ts';
import type { DeploymentRunsRepository } from '../store/repositories/deployment-runs.ts';
import { enqueueNotification } from '../store/repositories/notifications.ts';
import type { PromotionsRepository } from '../store/repositories/promotions.ts';
import type { TransactionRunner } from '../store/transaction.ts';
import { errorMessageOf } from '../workflow/failures.ts';
import type { WorkflowLogger } from '../workflow/logger.ts';
import type { ReviewOutcome } from './contract.ts';

export interface DecisionDeps {
  boomi: BoomiClient;
  repos: {
    promotions: PromotionsRepository;
    deploymentRuns: DeploymentRunsRepository;
    withTransaction: TransactionRunner;
  };
  log: WorkflowLogger;
}

/** The notification a recorded decision sends (spec §13), built from the record as written. */
export type Announce = (recorded: PromotionLog) => NotificationEvent | null;

/** Issue 13: a decision is refused while a run of the promotion is active. */
export async function refuseDuringRun(
  deps: DecisionDeps,
  promotionId: string,
  action: string,
): Promise<void> {
  const run = await deps.repos.deploymentRuns.findActiveForPromotion(promotionId);
  if (run === null) return;
  throw new PromoError(
    'DEPLOYMENT_IN_PROGRESS',
    `Deployment run ${run.runId} of promotion ${promotionId} is active — ${action} is possible once it has ended`,
  );
}

/** Deletes the decision's branch; false (logged) when the delete failed — the decision stands. */
async function deleteBranch(
  { boomi, log }: DecisionDeps,
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
      'Branch delete failed; the decision stands and the janitor will retry',
    );
    return false;
  }
}

/** The update and the notification announcing it (if any) commit together or not at all. */
async function update(
  { repos }: DecisionDeps,
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

/** The patch once the delete is known: branch cleared, or kept and marked for the janitor. */
function withBranchOutcome(patch: PromotionPatch, hadBranch: boolean, deleted: boolean): PromotionPatch {
  const { branchId: _cleared, ...rest } = patch;
  if (!hadBranch) return rest;
  return deleted
    ? { ...rest, branchId: null, branchCleanupPending: false }
    : { ...rest, branchCleanupPending: true };
}

/** Records the decision (branchId kept), then deletes the branch, then clears or marks it. */
export async function recordThenDelete(
  deps: DecisionDeps,
  promotion: PromotionLog,
  decision: Decision,
  announce: Announce,
): Promise<ReviewOutcome> {
  const { branchId: _kept, ...patch } = decision.patch;
  const recorded = await update(deps, promotion, patch, announce);
  const branchId = decision.deleteBranchId;
  if (branchId === null) return { promotion: recorded, branchDeleted: false };
  const branchDeleted = await deleteBranch(deps, branchId, promotion.promotionId);
  // On the freshest record: another writer may have touched it in between.
  const final = await deps.repos.promotions.updateWithRetry(promotion.promotionId, (current) =>
    update(deps, current ?? recorded, withBranchOutcome({}, true, branchDeleted)),
  );
  return { promotion: final, branchDeleted };
}

/** Deletes the branch first, then records the decision (clearing branchId if it is gone). */
export async function deleteThenRecord(
  deps: DecisionDeps,
  promotion: PromotionLog,
  decision: Decision,
  announce: Announce,
): Promise<ReviewOutcome> {
  const branchId = decision.deleteBranchId;
  const branchDeleted = await deleteBranch(deps, branchId, promotion.promotionId);
  const patch = withBranchOutcome(decision.patch, branchId !== null, branchDeleted);
  return { promotion: await update(deps, promotion, patch, announce), branchDeleted };
}

/** A decision that deletes nothing only records. */
export async function recordOnly(
  deps: DecisionDeps,
  promotion: PromotionLog,
  patch: PromotionPatch,
  announce: Announce,
): Promise<ReviewOutcome> {
  return { promotion: await update(deps, promotion, patch, announce), branchDeleted: false };
}

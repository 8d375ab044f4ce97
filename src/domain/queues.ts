/**
 * The work queues of spec §10, as rules: which records a person can act on now. The store turns
 * them into a filter; the console and the CLI show them.
 * - peer-review: PENDING_PEER_REVIEW, reviewable now (COMPLETED / TEST_DEPLOYED), not one's own;
 * - admin-approval: PEER_APPROVED, not yet deployed to production, not one's own (nor, under the
 *   four-eyes policy, one the person peer-reviewed);
 * - production-readiness: TEST_DEPLOYED, not yet promoted; with the branch's age in days.
 * Decisions where the docs are silent: a record with an active run is in no queue (nothing can be
 * decided on it until the run ends); the branch's age is counted from `initiatedAt` (the branch
 * is created by the promotion), amber from 15 days, red beyond 30 (the design's thresholds).
 */
import type { PromotionLog } from './promotion.ts';

export const QUEUES = ['peer-review', 'admin-approval', 'production-readiness'] as const;
export type Queue = (typeof QUEUES)[number];

const DAY_MS = 86_400_000;
export const BRANCH_AGE_AMBER_DAYS = 15;
export const BRANCH_AGE_RED_DAYS = 30;

export type BranchAgeLevel = 'OK' | 'AMBER' | 'RED';

export interface BranchAge {
  branchAgeDays: number;
  branchAgeLevel: BranchAgeLevel;
}

export function branchAgeOf(promotion: Pick<PromotionLog, 'initiatedAt'>, now: Date): BranchAge {
  const days = Math.max(0, Math.floor((now.getTime() - Date.parse(promotion.initiatedAt)) / DAY_MS));
  const level = days > BRANCH_AGE_RED_DAYS ? 'RED' : days >= BRANCH_AGE_AMBER_DAYS ? 'AMBER' : 'OK';
  return { branchAgeDays: days, branchAgeLevel: level };
}

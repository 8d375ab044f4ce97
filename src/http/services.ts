/**
 * What the HTTP layer needs from the workflow layer, as interfaces only: the routes call these,
 * `src/workflow/` implements them. Refusals are thrown as PromoError (the root error handler
 * answers them); "not found" on reads is `null` (the route answers 404).
 *
 * The caller passed in is always the authenticated identity (`request.caller`), never a body field.
 */
import type { DeployRequest } from '../domain/deploy-request.ts';
import type { PromotionLog } from '../domain/promotion.ts';
import type { PeerReview } from '../domain/review.ts';
import type { Caller } from '../domain/caller.ts';
import type { DeployResponse, DeploymentRunView, RunStepView } from './schemas/deployments.ts';

export type { DeployRequest, DeployResponse, DeploymentRunView, RunStepView };

/** What a run subscriber receives, in order: each step as it happens, then exactly one `end`. */
export type RunEvent = { type: 'step'; step: RunStepView } | { type: 'end'; run: DeploymentRunView };

export type Unsubscribe = () => void;

export interface DeploymentService {
  /**
   * Spec §4 checks 2–9 (the HTTP layer has done check 1, parsing, and check 2, the role), then
   * starts the durable run and resolves at once with its id (POST /deployments answers 202).
   * The same idempotency key from the same caller must resolve to the same run.
   */
  start(request: DeployRequest, caller: Caller, idempotencyKey?: string): Promise<{ runId: string }>;
  /**
   * Like `start`, then waits for the end and resolves with the final response — also when the
   * run failed (`success: false` with MERGE_FAILED, PROMOTION_FAILED, DEPLOYMENT_FAILED …).
   */
  runSync(request: DeployRequest, caller: Caller, idempotencyKey?: string): Promise<DeployResponse>;
  /** The run with its steps so far (`state` RUNNING until it ends), or null for an unknown id. */
  getRun(runId: string): Promise<DeploymentRunView | null>;
  /**
   * Delivers to `listener`, in order and without gaps or repeats: first every step recorded so
   * far, then each new step as it happens, then one `end` event, after which nothing more.
   * A run that already ended delivers its steps and `end` at once. Resolves with a function that
   * stops delivery, or null for an unknown run.
   */
  subscribe(runId: string, listener: (event: RunEvent) => void): Promise<Unsubscribe | null>;
}

/** The body after the domain's `parsePeerReview` (comments required for REJECTED, ≤500). */
export type PeerReviewInput = PeerReview;

/** The body after the domain's `parseDenial` (reason required, ≤500). */
export interface DenyInput {
  reason: string;
}

export interface ReviewOutcome {
  /** The PromotionLog after the decision. */
  promotion: PromotionLog;
  /** False when the branch delete failed (logged; it never fails the decision) or there was none. */
  branchDeleted: boolean;
}

export interface ReviewService {
  /** Spec §5 peer review: PROMOTION_NOT_FOUND, SELF_REVIEW_NOT_ALLOWED, ALREADY_REVIEWED, INVALID_REQUEST. */
  peerReview(promotionId: string, input: PeerReviewInput, caller: Caller): Promise<ReviewOutcome>;
  /** Spec §5 denial: PROMOTION_NOT_FOUND, SELF_APPROVAL_NOT_ALLOWED, INVALID_REQUEST … */
  deny(promotionId: string, input: DenyInput, caller: Caller): Promise<ReviewOutcome>;
}

export interface CacheRefreshResult {
  environmentId: string;
  /** Rows the environment's cache holds after the refresh. */
  extensionAccessMappingCount: number;
  upserted: number;
  deleted: number;
}

export interface CacheService {
  /** Rebuilds one environment's ExtensionAccessMapping cache now (spec §6, admin on demand). */
  refreshEnvironment(environmentId: string, caller: Caller): Promise<CacheRefreshResult>;
}

/** The workflow layer as the HTTP app receives it. */
export interface WorkflowServices {
  deployments: DeploymentService;
  reviews: ReviewService;
  cache: CacheService;
}

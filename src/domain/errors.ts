/**
 * The one registry of error codes the product answers with (spec §4, §5, §7).
 * Every refusal is a PromoError; the HTTP layer turns it into
 * `{success: false, errorCode, errorMessage}` with the status kept here.
 */
export const ERROR_CODES = {
  /** Schema or field rule broken (spec §4 check 1, and any malformed body). */
  INVALID_REQUEST: 400,
  /** No, malformed, expired or revoked credentials. */
  UNAUTHENTICATED: 401,
  /** Authenticated, but the caller's roles do not allow the action. */
  FORBIDDEN: 403,
  /** No PromotionLog with that promotionId. */
  PROMOTION_NOT_FOUND: 404,
  /** Status gate: packaging needs COMPLETED or TEST_DEPLOYED. */
  PROMOTION_NOT_COMPLETED: 409,
  /** The admin deploying initiated the promotion. */
  SELF_APPROVAL_NOT_ALLOWED: 403,
  /** Mode 2: the testPromotionId names no PromotionLog. */
  TEST_PROMOTION_NOT_FOUND: 404,
  /** Mode 3: hotfix flag or justification missing. */
  HOTFIX_JUSTIFICATION_REQUIRED: 400,
  /** Spec §10 check 5a: the record being deployed has no peer approval. */
  PEER_REVIEW_REQUIRED: 409,
  /** Spec §10 check 5b: the deploying admin was the peer reviewer (four eyes). */
  REVIEWER_CANNOT_APPROVE: 403,
  /** Spec §10: withdraw needs COMPLETED or TEST_DEPLOYED and no active run. */
  PROMOTION_NOT_WITHDRAWABLE: 409,
  /** Modes 1 and 3 need the promotion's branch. */
  BRANCH_NOT_FOUND: 409,
  /** A target environment is unknown or of the wrong classification for the mode. */
  INVALID_TARGET_ENVIRONMENT: 400,
  /** Another run is active for this promotion or branch. */
  DEPLOYMENT_IN_PROGRESS: 409,
  /** The merge request ended FAILED_TO_MERGE. */
  MERGE_FAILED: 502,
  /** The merge did not finish in the configured time. */
  MERGE_TIMEOUT: 504,
  /** PackagedComponent, Integration Pack or release failed. */
  PROMOTION_FAILED: 502,
  /** Every target environment failed to deploy. */
  DEPLOYMENT_FAILED: 502,
  /** The reviewer initiated the promotion. */
  SELF_REVIEW_NOT_ALLOWED: 403,
  /** The promotion already has a peer-review decision. */
  ALREADY_REVIEWED: 409,
  /** The promotion's status no longer allows this change (e.g. re-registering a finished promotion). */
  PROMOTION_NOT_UPDATABLE: 409,
  /** Spec §12: the run is not finished, deployed nowhere, or is already rolled back. */
  ROLLBACK_NOT_ALLOWED: 409,
  /** Unknown run, resource or route. */
  NOT_FOUND: 404,
  /** The notification has no failed delivery (nothing to retry). */
  NOTIFICATION_NOT_RETRYABLE: 409,
  /** Same Idempotency-Key sent with a different body. */
  IDEMPOTENCY_KEY_REUSED: 422,
  /** The first request with this Idempotency-Key is still being answered; retry later. */
  IDEMPOTENCY_KEY_IN_USE: 409,
  /** A record changed between read and write (optimistic concurrency). */
  CONFLICT: 409,
  /** A dependency (database, Boomi) is not reachable. */
  SERVICE_UNAVAILABLE: 503,
  /** Anything unexpected; never carries a stack trace. */
  INTERNAL_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class PromoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, status: number = ERROR_CODES[code]) {
    super(message);
    this.name = 'PromoError';
    this.code = code;
    this.status = status;
  }
}

export function isPromoError(value: unknown): value is PromoError {
  return value instanceof PromoError;
}

/** The standard error body of spec §7. */
export interface ErrorBody {
  success: false;
  errorCode: ErrorCode;
  errorMessage: string;
}

export function toErrorBody(error: PromoError): ErrorBody {
  return { success: false, errorCode: error.code, errorMessage: error.message };
}

/**
 * The application's contract: what `http/` and `cli/` may ask of the service, as interfaces and
 * plain views. `src/app/*-service.ts` implement them; adapters import only this file (and the
 * domain). Refusals are thrown as PromoError (the HTTP error handler answers them); "not found"
 * on reads is `null` (the route answers 404).
 *
 * The caller passed in is always the authenticated identity, never a body field.
 */
import type { Caller, Role } from '../domain/caller.ts';
import type { DeployRequest } from '../domain/deploy-request.ts';
import type { DeployPreview } from '../domain/deploy-preview.ts';
import type { DeployResponse } from '../domain/deploy-response.ts';
import type { CacheRefreshResult } from '../domain/extension-cache.ts';
import type { PromotionRegistration } from '../domain/promotion-registration.ts';
import type { PromotionLog } from '../domain/promotion.ts';
import type { Denial, PeerReview } from '../domain/review.ts';
import type { Withdrawal } from '../domain/withdrawal.ts';
import type { BranchAge, Queue } from '../domain/queues.ts';
import type { RollbackRequest, RollbackResponse } from '../domain/rollback.ts';
import type { DeploymentRunView, RunEvent, RunStepView, Unsubscribe } from '../domain/runs.ts';
import type { AccountGroupEnvironment } from '../store/repositories/account-group-environments.ts';
import type { AuditEntry, AuditFilter, NewAuditEntry } from '../store/repositories/audit-log.ts';
import type { NotificationFilter } from '../store/repositories/notifications.ts';
import type { NotificationDelivery, NotificationRecord } from '../store/repositories/notifications.ts';
import type { NotificationEvent } from '../domain/notifications/index.ts';
import type { ComponentMapping } from '../store/repositories/component-mappings.ts';
import type { DevAccountAccess } from '../store/repositories/dev-account-access.ts';
import type { ExtensionAccessMapping } from '../store/repositories/extension-access-mappings.ts';
import type { IdempotencyKeysRepository, IdempotencyRecord } from '../store/repositories/idempotency-keys.ts';
import type { ApiTokenLookup } from './api-tokens.ts';
import type { BranchCount } from './branch-count.ts';
import type { PageRequest, PromotionFilter } from '../store/repositories/promotions.ts';
import type { Page } from '../store/sql.ts';

export type {
  Caller,
  DeployPreview,
  DeployRequest,
  DeployResponse,
  PeerReview,
  Denial,
  PromotionLog,
  Page,
  PageRequest,
};
export type { Withdrawal };
export type {
  CacheRefreshResult,
  DeploymentRunView,
  RollbackRequest,
  RollbackResponse,
  RunEvent,
  RunStepView,
  Unsubscribe,
};
export type { AccountGroupEnvironment, AuditEntry, AuditFilter, ComponentMapping, DevAccountAccess };
export type { ExtensionAccessMapping, IdempotencyRecord, PromotionFilter };

// ── Package and Deploy runs ─────────────────────────────────────────────────────────────────

export interface DeploymentService {
  /**
   * Spec §4 checks 2–9 (the adapter has done check 1, parsing), then starts the durable run and
   * resolves at once with its id (POST /deployments answers 202). The same idempotency key from
   * the same caller resolves to the same run.
   */
  start(request: DeployRequest, caller: Caller, idempotencyKey?: string): Promise<{ runId: string }>;
  /**
   * Like `start`, then waits for the end and resolves with the final response — also when the
   * run failed (`success: false` with MERGE_FAILED, PROMOTION_FAILED, DEPLOYMENT_FAILED …).
   */
  runSync(request: DeployRequest, caller: Caller, idempotencyKey?: string): Promise<DeployResponse>;
  /**
   * Spec §11 dry run: the same checks as `start` (a refusal is the same PromoError), except that an
   * active run (check 9) is reported in the plan; then Boomi reads only — no write, no run.
   */
  plan(request: DeployRequest, caller: Caller): Promise<DeployPreview>;
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

// ── Rollback of a deployment run (spec §12) ─────────────────────────────────────────────────

export interface RollbackService {
  /**
   * Checks (NOT_FOUND, ROLLBACK_NOT_ALLOWED, INVALID_REQUEST, DEPLOYMENT_IN_PROGRESS — all before
   * any Boomi write), then starts the durable rollback run and resolves with its id at once; follow
   * it like a run (DeploymentService.getRun / subscribe).
   */
  start(runId: string, request: RollbackRequest, caller: Caller): Promise<{ runId: string }>;
  /** Like `start`, then waits for the end and resolves with the rollback's response. */
  runSync(runId: string, request: RollbackRequest, caller: Caller): Promise<RollbackResponse>;
}

// ── Peer review and denial ──────────────────────────────────────────────────────────────────

export interface ReviewOutcome {
  /** The PromotionLog after the decision. */
  promotion: PromotionLog;
  /** False when the branch delete failed (logged; it never fails the decision) or there was none. */
  branchDeleted: boolean;
}

export interface ReviewService {
  /** Spec §5 peer review: PROMOTION_NOT_FOUND, SELF_REVIEW_NOT_ALLOWED, ALREADY_REVIEWED, INVALID_REQUEST. */
  peerReview(promotionId: string, review: PeerReview, caller: Caller): Promise<ReviewOutcome>;
  /** Spec §5 denial: PROMOTION_NOT_FOUND, SELF_APPROVAL_NOT_ALLOWED, INVALID_REQUEST … */
  deny(promotionId: string, denial: Denial, caller: Caller): Promise<ReviewOutcome>;
}

export interface WithdrawService {
  /**
   * Spec §10 withdraw: PROMOTION_NOT_FOUND, FORBIDDEN (neither initiator nor admin),
   * DEPLOYMENT_IN_PROGRESS (a run is active), PROMOTION_NOT_WITHDRAWABLE, INVALID_REQUEST.
   */
  withdraw(promotionId: string, withdrawal: Withdrawal, caller: Caller): Promise<ReviewOutcome>;
}

// ── The PromotionLog ────────────────────────────────────────────────────────────────────────

export interface PromotionService {
  /** Creates (created: true) or updates a promotion still IN_PROGRESS; an identical re-send changes nothing. */
  register(
    registration: PromotionRegistration,
    caller: Caller,
  ): Promise<{ created: boolean; promotion: PromotionLog }>;
  /**
   * Newest first; `reviewStage` is the review queue's shorthand for a review-status filter;
   * `queue` (spec §10) lists what `caller` can act on now — it takes no other filter.
   */
  list(query: PromotionQuery, page: PageRequest, caller?: Caller): Promise<Page<PromotionListItem>>;
  /** PROMOTION_NOT_FOUND when there is none. */
  get(promotionId: string): Promise<PromotionLog>;
}

export type ReviewStage = 'PENDING_PEER_REVIEW' | 'PENDING_ADMIN_REVIEW' | 'ALL';

export type PromotionQuery = Pick<
  PromotionFilter,
  'status' | 'peerReviewStatus' | 'adminReviewStatus' | 'initiatedBy' | 'targetEnvironment'
> & { reviewStage?: ReviewStage; queue?: Queue };

/** A listed record; the production-readiness queue adds the branch's age. */
export type PromotionListItem = PromotionLog & Partial<BranchAge>;

// ── Deployment targets (Boomi environments, account groups, the registry) ──────────────────

export type EnvironmentClassification = 'TEST' | 'PROD';

export interface EnvironmentView {
  id: string;
  name: string | null;
  classification: EnvironmentClassification | null;
}

export interface EnvironmentFilter {
  /** Only environments of this classification (Boomi's own query). */
  classification?: EnvironmentClassification;
}

export interface AccountGroupView {
  id: string;
  name: string | null;
  registeredEnvironmentIds: string[];
}

export interface RegistrationEntry {
  environmentId: string;
  environmentName?: string | null;
}

export interface TargetService {
  /** Boomi's environments (all, or one classification), by name. SERVICE_UNAVAILABLE when Boomi cannot answer. */
  environments(filter?: EnvironmentFilter): Promise<EnvironmentView[]>;
  /** Boomi's account groups, each with the environments registered for it here. */
  accountGroups(): Promise<AccountGroupView[]>;
  registeredEnvironments(accountGroupId: string): Promise<AccountGroupEnvironment[]>;
  /** Replaces the group's targets; the group and every environment must exist in Boomi. */
  replaceRegisteredEnvironments(
    accountGroupId: string,
    entries: readonly RegistrationEntry[],
    caller: Caller,
  ): Promise<AccountGroupEnvironment[]>;
}

// ── Integration Pack discovery (spec §11) ───────────────────────────────────────────────────

export interface PackComponentView {
  componentId: string;
  componentName: string | null;
  componentType: string | null;
  /** The package version in the pack's current release. */
  releasedVersion: string | null;
  /** The version the next release ships. */
  pendingVersion: string | null;
  /** The newest shareable package of the component. */
  latestVersion: string | null;
  /** Marked for removal at the next release. */
  removedAtNextRelease: boolean;
}

export interface IntegrationPackView {
  id: string;
  name: string | null;
  description: string;
  installationType: 'SINGLE' | 'MULTI' | null;
  /** The highest released version among the pack's components; null before the first release. */
  latestReleasedVersion: string | null;
  /** When this service last released into the pack (PromotionLog), or null. */
  lastReleasedAt: string | null;
  components: PackComponentView[];
  /** The pack the asked-for process was last released in. */
  suggested: boolean;
}

export interface IntegrationPackQuery {
  /** Root process: marks `suggested` on the pack it was last released in. */
  prodComponentId?: string;
}

export interface IntegrationPackService {
  /**
   * The account's publisher packs, the most recently released first (packs never released here
   * after them, by name). SERVICE_UNAVAILABLE when Boomi cannot answer.
   */
  list(query?: IntegrationPackQuery): Promise<IntegrationPackView[]>;
}

// ── Access data and the ExtensionAccessMapping cache ───────────────────────────────────────

export interface CacheService {
  /** Rebuilds one environment's ExtensionAccessMapping cache now (spec §6, admin on demand). */
  refreshEnvironment(environmentId: string, caller: Caller): Promise<CacheRefreshResult>;
}

export type ComponentMappingInput = Omit<ComponentMapping, 'mappingSource'> &
  Partial<Pick<ComponentMapping, 'mappingSource'>>;

export type DevAccountAccessInput = Omit<DevAccountAccess, 'isActive'> & { isActive: boolean | string };

export interface AccessService {
  /** Insert or replace by (devAccountId, devComponentId); every row must name the configured account. */
  upsertComponentMappings(mappings: readonly ComponentMappingInput[]): Promise<number>;
  /** Insert or replace by (ssoGroupId, devAccountId). */
  upsertDevAccountAccess(entries: readonly DevAccountAccessInput[]): Promise<number>;
  extensionAccess(environmentId: string): Promise<ExtensionAccessMapping[]>;
}

// ── Console sign-in (spec §14) ──────────────────────────────────────────────────────────────

/** The console's OIDC client (authorization code + PKCE). */
export interface OidcSignIn {
  issuer: string;
  clientId: string;
  scope: string;
  /** Which token of the code exchange the API accepts (its audience). */
  bearer: 'id_token' | 'access_token';
}

export interface DemoUser {
  email: string;
  roles: Role[];
  token: string;
}

export interface SignInOptions {
  sandboxDemoUsers: boolean;
  oidc: OidcSignIn | null;
}

export interface SignInService {
  /** How a person signs in: API token always, OIDC when configured, demo users in sandbox mode. */
  options(): SignInOptions;
  /** Sandbox mode only: the demo users and their current tokens; null when talking to real Boomi. */
  demoUsers: (() => Promise<DemoUser[]>) | null;
}

// ── The audit trail ─────────────────────────────────────────────────────────────────────────

export interface AuditService {
  append(entry: NewAuditEntry): Promise<unknown>;
  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>>;
}

// ── Notifications (spec §13) ────────────────────────────────────────────────────────────────

/** One notification as the admin sees it: delivery addresses of webhooks reduced to their origin. */
export interface DeliveryView {
  id: string;
  channel: NotificationDelivery['channel'];
  recipient: string;
  state: NotificationDelivery['state'];
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  deliveredAt: string | null;
}

export type NotificationView = Omit<NotificationRecord, 'deliveries' | 'event'> & {
  event: NotificationEvent;
  deliveries: DeliveryView[];
};

export interface NotificationService {
  /** Recent notifications, newest first, each with its deliveries' state, attempts and last error. */
  list(filter: NotificationFilter, page: PageRequest): Promise<Page<NotificationView>>;
  /** A notification's failed deliveries back to pending: NOT_FOUND, NOTIFICATION_NOT_RETRYABLE. */
  retry(id: string): Promise<NotificationView>;
}

// ── The account's status (spec §10) ──────────────────────────────────────────────────────────

export interface ServiceStatus {
  /** The account's live branches against the seed's limits (warning 15, critical 20). */
  branches: BranchCount;
}

export interface StatusService {
  /** At most ~30 s old (cached); throws when Boomi cannot be read and nothing is cached. */
  read(): Promise<ServiceStatus>;
}

/** Everything the adapters call. */
export interface AppServices {
  status: StatusService;
  deployments: DeploymentService;
  rollbacks: RollbackService;
  reviews: ReviewService;
  withdrawals: WithdrawService;
  cache: CacheService;
  promotions: PromotionService;
  targets: TargetService;
  integrationPacks: IntegrationPackService;
  access: AccessService;
  audit: AuditService;
  notifications: NotificationService;
  signIn: SignInService;
}

/** The stores the HTTP layer's own plugins keep per request: token look-up and idempotency keys. */
export interface RequestStores {
  apiTokens: ApiTokenLookup;
  idempotencyKeys: IdempotencyKeysRepository;
}

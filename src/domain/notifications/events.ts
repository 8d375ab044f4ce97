/**
 * The events of spec §13: what happened to a promotion that a person must act on or know about.
 * An event carries a stable `key` built from the business change it announces (the promotion, or
 * the run), so the same change announced twice — a workflow step re-run after a crash — is one
 * notification, not two.
 */
import type { PromotionLog } from '../promotion.ts';

export const NOTIFICATION_EVENT_TYPES = [
  'promotion.registered',
  'promotion.peer_approved',
  'promotion.peer_rejected',
  'promotion.denied',
  'deployment.test_deployed',
  'deployment.production_deployed',
  'deployment.hotfix_deployed',
  'deployment.run_failed',
  'promotion.withdrawn',
  'deployment.rolled_back',
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

/** What every notification says about the promotion (the webhook body's `promotion`). */
export interface PromotionSummary {
  promotionId: string;
  processName: string | null;
  packageVersion: string | null;
  status: string;
  targetEnvironment: string;
  initiatedBy: string;
  peerReviewedBy: string | null;
  devAccountId: string;
  componentsTotal: number;
  branchName: string | null;
  integrationPackName: string | null;
  isHotfix: boolean;
}

export interface EnvironmentOutcome {
  environmentId: string;
  environmentName: string;
  /** ROLLED_BACK: in a rollback's notification (spec §12). */
  status: 'DEPLOYED' | 'FAILED' | 'ROLLED_BACK';
  errorMessage?: string | undefined;
}

/** Event-specific facts; each template reads the ones its event has. */
export interface NotificationDetail {
  comments?: string | null;
  reason?: string | null;
  runId?: string;
  errorCode?: string | null;
  errorMessage?: string | null;
  hotfixJustification?: string | null;
  environments?: EnvironmentOutcome[];
}

export interface NotificationEvent {
  type: NotificationEventType;
  /** Unique per announced change, e.g. `promotion.denied:P-1` or `deployment.run_failed:<runId>`. */
  key: string;
  occurredAt: string;
  /** Email of the person whose action caused it, or `system`. */
  actor: string;
  promotion: PromotionSummary;
  detail: NotificationDetail;
}

export function summarisePromotion(promotion: PromotionLog): PromotionSummary {
  return {
    promotionId: promotion.promotionId,
    processName: promotion.processName,
    packageVersion: promotion.packageVersion,
    status: promotion.status,
    targetEnvironment: promotion.targetEnvironment,
    initiatedBy: promotion.initiatedBy,
    peerReviewedBy: promotion.peerReviewedBy,
    devAccountId: promotion.devAccountId,
    componentsTotal: promotion.componentsTotal,
    branchName: promotion.branchName,
    integrationPackName: promotion.integrationPackName ?? promotion.testIntegrationPackName,
    isHotfix: promotion.isHotfix === 'true',
  };
}

function eventOf(
  type: NotificationEventType,
  discriminator: string,
  promotion: PromotionLog,
  actor: string,
  occurredAt: string,
  detail: NotificationDetail = {},
): NotificationEvent {
  return {
    type,
    key: `${type}:${discriminator}`,
    occurredAt,
    actor,
    promotion: summarisePromotion(promotion),
    detail,
  };
}

/**
 * A record enters the peer-review queue (registered COMPLETED, or updated to it): reviewers are
 * told once per promotion. Null when this write did not put it there.
 */
export function registeredEvent(
  before: PromotionLog | null,
  after: PromotionLog,
  actor: string,
): NotificationEvent | null {
  const entered =
    after.peerReviewStatus === 'PENDING_PEER_REVIEW' && before?.peerReviewStatus !== 'PENDING_PEER_REVIEW';
  if (!entered) return null;
  return eventOf('promotion.registered', after.promotionId, after, actor, after.updatedAt);
}

/** The peer-review decision just recorded on `after`. */
export function peerReviewedEvent(after: PromotionLog, actor: string): NotificationEvent | null {
  const status = after.peerReviewStatus;
  if (status !== 'PEER_APPROVED' && status !== 'PEER_REJECTED') return null;
  const type = status === 'PEER_APPROVED' ? 'promotion.peer_approved' : 'promotion.peer_rejected';
  return eventOf(type, after.promotionId, after, actor, after.peerReviewedAt ?? after.updatedAt, {
    comments: after.peerReviewComments,
  });
}

export function deniedEvent(after: PromotionLog, actor: string): NotificationEvent {
  return eventOf(
    'promotion.denied',
    after.promotionId,
    after,
    actor,
    after.adminApprovedAt ?? after.updatedAt,
    {
      reason: after.adminComments,
    },
  );
}

export function withdrawnEvent(after: PromotionLog, actor: string): NotificationEvent {
  return eventOf(
    'promotion.withdrawn',
    after.promotionId,
    after,
    actor,
    after.withdrawnAt ?? after.updatedAt,
    {
      reason: after.withdrawalReason,
    },
  );
}

export interface RunEnd {
  runId: string;
  /** The admin who started the run. */
  actor: string;
  mode: 'TEST' | 'PRODUCTION_FROM_TEST' | 'PRODUCTION_HOTFIX';
  /** True when the run ended without deploying anywhere it was asked to (or catastrophically). */
  failed: boolean;
  errorCode?: string | null;
  errorMessage?: string | null;
  environments: EnvironmentOutcome[];
}

/**
 * The end of a Package and Deploy run, announced on the record as the run left it: failed, test
 * deployed, deployed to production, or hotfix deployed. A TEST run that deployed nowhere is not
 * "test deployed" (spec §10); with no failure either, nothing is announced.
 */
export function runEndedEvent(
  after: PromotionLog,
  run: RunEnd,
  occurredAt: string,
): NotificationEvent | null {
  const detail: NotificationDetail = {
    runId: run.runId,
    environments: run.environments,
    errorCode: run.errorCode ?? null,
    errorMessage: run.errorMessage ?? null,
  };
  const announce = (type: NotificationEventType, extra: NotificationDetail = {}) =>
    eventOf(type, run.runId, after, run.actor, occurredAt, { ...detail, ...extra });
  if (run.failed) return announce('deployment.run_failed');
  if (run.mode === 'PRODUCTION_HOTFIX') {
    return announce('deployment.hotfix_deployed', { hotfixJustification: after.hotfixJustification });
  }
  if (run.mode === 'PRODUCTION_FROM_TEST') return announce('deployment.production_deployed');
  const deployedSomewhere = run.environments.some((environment) => environment.status === 'DEPLOYED');
  return deployedSomewhere ? announce('deployment.test_deployed') : null;
}

export interface RollbackEnd {
  /** The rollback's own run id (one notification per rollback). */
  runId: string;
  actor: string;
  reason: string;
  environments: EnvironmentOutcome[];
}

export function rolledBackEvent(
  after: PromotionLog,
  rollback: RollbackEnd,
  occurredAt: string,
): NotificationEvent {
  return eventOf('deployment.rolled_back', rollback.runId, after, rollback.actor, occurredAt, {
    runId: rollback.runId,
    reason: rollback.reason,
    environments: rollback.environments,
  });
}

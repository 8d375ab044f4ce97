/**
 * The spec's rules as the console applies them to its buttons: an action a rule forbids is
 * disabled and shows the code and message the service would answer. The service still checks
 * everything; these only spare people a refusal they can see coming.
 */
import type { DeployResponse, Me, Promotion, Role, Run } from './api/types';
// The service's own identity comparison (pure, no imports): the console cannot disagree with it.
import { sameIdentity } from '../../src/domain/identity';

export type Verdict = { allowed: true } | { allowed: false; errorCode: string; errorMessage: string };

const ALLOWED: Verdict = { allowed: true };
const REVIEWABLE = ['COMPLETED', 'TEST_DEPLOYED'];

function refuse(errorCode: string, errorMessage: string): Verdict {
  return { allowed: false, errorCode, errorMessage };
}

function needsRole(me: Me, roles: readonly Role[], what: string): Verdict | null {
  if (roles.some((role) => me.roles.includes(role))) return null;
  const yours = me.roles.length ? me.roles.join(', ') : 'none';
  return refuse('FORBIDDEN', `${what} requires the ${roles.join(' or ')} role (yours: ${yours})`);
}

const isOwn = (promotion: Promotion, me: Me) => sameIdentity(promotion.initiatedBy, me.email);

function statusGate(promotion: Promotion, action: string): Verdict | null {
  if (REVIEWABLE.includes(promotion.status)) return null;
  return refuse(
    'PROMOTION_NOT_COMPLETED',
    `Promotion ${promotion.promotionId} has status '${promotion.status}' — ${action} requires COMPLETED or TEST_DEPLOYED status`,
  );
}

export function peerReviewVerdict(promotion: Promotion, me: Me): Verdict {
  const role = needsRole(me, ['reviewer', 'admin'], 'Peer review');
  if (role) return role;
  if (isOwn(promotion, me)) return refuse('SELF_REVIEW_NOT_ALLOWED', 'You cannot review your own promotion');
  if (promotion.peerReviewStatus === 'PEER_APPROVED' || promotion.peerReviewStatus === 'PEER_REJECTED') {
    return refuse(
      'ALREADY_REVIEWED',
      `Promotion ${promotion.promotionId} was already reviewed (${promotion.peerReviewStatus})`,
    );
  }
  return statusGate(promotion, 'peer review') ?? ALLOWED;
}

export function denyVerdict(promotion: Promotion, me: Me): Verdict {
  const role = needsRole(me, ['admin'], 'Denial');
  if (role) return role;
  if (isOwn(promotion, me))
    return refuse('SELF_APPROVAL_NOT_ALLOWED', 'Admin cannot deny their own promotion');
  return statusGate(promotion, 'denial') ?? ALLOWED;
}

export function deployVerdict(promotion: Promotion, me: Me, target: 'TEST' | 'PRODUCTION'): Verdict {
  const role = needsRole(me, ['admin'], 'Package and Deploy');
  if (role) return role;
  const gate = REVIEWABLE.includes(promotion.status)
    ? null
    : refuse(
        'PROMOTION_NOT_COMPLETED',
        `Promotion ${promotion.promotionId} has status '${promotion.status}' — packaging requires COMPLETED or TEST_DEPLOYED status`,
      );
  if (gate) return gate;
  if (isOwn(promotion, me)) {
    return refuse('SELF_APPROVAL_NOT_ALLOWED', 'Admin cannot approve and deploy their own promotion');
  }
  // Spec §10 checks 5a (peer approval first) and 5b (four eyes), the service's default policies.
  if (target === 'PRODUCTION' && promotion.peerReviewStatus !== 'PEER_APPROVED') {
    return refuse(
      'PEER_REVIEW_REQUIRED',
      `Promotion ${promotion.promotionId} has peer review status '${promotion.peerReviewStatus ?? 'NONE'}' — production deployment requires PEER_APPROVED`,
    );
  }
  if (target === 'PRODUCTION' && sameIdentity(promotion.peerReviewedBy, me.email)) {
    return refuse(
      'REVIEWER_CANNOT_APPROVE',
      'The peer reviewer of a promotion cannot also approve its deployment',
    );
  }
  return ALLOWED;
}

const WITHDRAWABLE = ['COMPLETED', 'TEST_DEPLOYED'];

/** Spec §10: the initiator or an admin, before production. */
export function withdrawVerdict(promotion: Promotion, me: Me): Verdict {
  if (!isOwn(promotion, me) && !me.roles.includes('admin')) {
    return refuse('FORBIDDEN', 'Only the initiator of a promotion or an admin can withdraw it');
  }
  if (!WITHDRAWABLE.includes(promotion.status) || promotion.productionPromotionId !== null) {
    const promoted = promotion.productionPromotionId !== null ? ', already promoted to production' : '';
    return refuse(
      'PROMOTION_NOT_WITHDRAWABLE',
      `Promotion ${promotion.promotionId} has status '${promotion.status}'${promoted} — withdrawal requires COMPLETED or TEST_DEPLOYED status, not yet promoted`,
    );
  }
  return ALLOWED;
}

/** Spec §12: an admin, a finished deployment run that deployed somewhere, not already rolled back. */
export function rollbackVerdict(run: Run, response: DeployResponse | null, me: Me): Verdict {
  const role = needsRole(me, ['admin'], 'Rollback');
  if (role) return role;
  // The service's messages (domain/rollback.ts).
  if (run.state !== 'SUCCEEDED' || response === null) {
    return refuse(
      'ROLLBACK_NOT_ALLOWED',
      `Run ${run.runId} is ${run.state}: only a finished run that deployed can be rolled back`,
    );
  }
  if (!response.deployedEnvironments.some((environment) => environment.status === 'DEPLOYED')) {
    return refuse(
      'ROLLBACK_NOT_ALLOWED',
      `Run ${run.runId} deployed to no environment; there is nothing to roll back`,
    );
  }
  // A rollback may have put back only some environments: the rest can still be rolled back.
  if (rollbackCandidates(run, response).length === 0) {
    return refuse('ROLLBACK_NOT_ALLOWED', `Run ${run.runId} is already rolled back`);
  }
  return ALLOWED;
}

/** The environments a rollback of the run can still put back: deployed by it, not rolled back yet. */
export function rollbackCandidates(run: Run, response: DeployResponse) {
  return response.deployedEnvironments.filter(
    (environment) =>
      environment.status === 'DEPLOYED' && !run.rolledBackEnvironmentIds.includes(environment.environmentId),
  );
}

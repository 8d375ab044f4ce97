/**
 * The spec's rules as the console applies them to its buttons: an action a rule forbids is
 * disabled and shows the code and message the service would answer. The service still checks
 * everything; these only spare people a refusal they can see coming.
 */
import type { Me, Promotion, Role } from './api/types';

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

const isOwn = (promotion: Promotion, me: Me) =>
  promotion.initiatedBy.toLowerCase() === me.email.toLowerCase();

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
  // Spec §10 check 5b (four eyes), the service's default policy.
  if (target === 'PRODUCTION' && promotion.peerReviewedBy?.toLowerCase() === me.email.toLowerCase()) {
    return refuse(
      'REVIEWER_CANNOT_APPROVE',
      'The peer reviewer of a promotion cannot also approve its deployment',
    );
  }
  return ALLOWED;
}

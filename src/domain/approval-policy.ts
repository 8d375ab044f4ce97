/**
 * The approval chain's policy (spec §10): which deployments need a peer approval first (check 5a)
 * and whether the peer reviewer may also approve the deployment (check 5b). Read from the
 * configuration at start; the defaults are the spec's.
 */
export const PEER_REVIEW_REQUIRED_FOR = ['PRODUCTION', 'ALL', 'NONE'] as const;
export type PeerReviewRequiredFor = (typeof PEER_REVIEW_REQUIRED_FOR)[number];

export interface ApprovalPolicy {
  /** PRODUCTION (default): modes 2 and 3; ALL: TEST too; NONE: never. */
  peerReviewRequiredFor: PeerReviewRequiredFor;
  /** True (default): the peer reviewer cannot approve the deployment (four eyes). */
  distinctApprover: boolean;
}

export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  peerReviewRequiredFor: 'PRODUCTION',
  distinctApprover: true,
};

export function isPeerReviewRequiredFor(value: string): value is PeerReviewRequiredFor {
  return (PEER_REVIEW_REQUIRED_FOR as readonly string[]).includes(value);
}

/** Check 5a applies to this deployment target under the policy. */
export function needsPeerApproval(policy: ApprovalPolicy, target: 'TEST' | 'PRODUCTION'): boolean {
  if (policy.peerReviewRequiredFor === 'NONE') return false;
  return target === 'PRODUCTION' || policy.peerReviewRequiredFor === 'ALL';
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src/domain/caller.ts';
import { isPromoError } from '../../src/domain/errors.ts';
import type { PromotionStatus } from '../../src/domain/promotion.ts';
import { decideDenial, decidePeerReview, parseDenial, parsePeerReview } from '../../src/domain/review.ts';
import { ADMIN, promotionLog, thrown } from './fixtures.ts';

const NOW = '2026-03-01T10:00:00.000Z';
const REVIEWER: Caller = { email: 'reviewer@example.com', roles: ['reviewer'] };

describe('parsePeerReview', () => {
  it('accepts an approval without comments and a rejection with them', () => {
    expect(parsePeerReview({ decision: 'APPROVED' })).toStrictEqual({ decision: 'APPROVED', comments: null });
    expect(parsePeerReview({ decision: 'REJECTED', comments: ' breaks orders ' })).toStrictEqual({
      decision: 'REJECTED',
      comments: 'breaks orders',
    });
  });

  it.each([
    [{ decision: 'REJECTED' }, 'comments are required when rejecting'],
    [{ decision: 'REJECTED', comments: '   ' }, 'comments are required when rejecting'],
    [{ decision: 'approved' }, 'decision must be one of APPROVED, REJECTED'],
    [{}, 'decision is required (one of APPROVED, REJECTED)'],
    [{ decision: 'APPROVED', comments: 'c'.repeat(501) }, 'comments must be at most 500 characters'],
    [
      { decision: 'APPROVED', reviewerEmail: 'x@y' },
      'reviewerEmail is not accepted: the reviewer is the authenticated caller',
    ],
    ['APPROVED', 'Request body must be a JSON object, got a string'],
  ])('refuses %j: %s', (raw, message) => {
    const error = thrown(() => parsePeerReview(raw));
    expect([error.code, error.message]).toStrictEqual(['INVALID_REQUEST', message]);
  });

  it('answers any JSON value with a review or INVALID_REQUEST', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.record({ decision: fc.jsonValue(), comments: fc.jsonValue() })),
        (raw) => {
          try {
            parsePeerReview(raw);
            return true;
          } catch (error) {
            return isPromoError(error) && error.code === 'INVALID_REQUEST';
          }
        },
      ),
    );
  });
});

describe('parseDenial', () => {
  it('requires a reason of at most 500 characters', () => {
    expect(parseDenial({ reason: ' not ready ' })).toStrictEqual({ reason: 'not ready' });
    expect(thrown(() => parseDenial({})).message).toBe('reason is required');
    expect(thrown(() => parseDenial({ reason: 'r'.repeat(501) })).message).toBe(
      'reason must be at most 500 characters',
    );
    expect(thrown(() => parseDenial({ reason: 'x', by: 'me' })).message).toBe(
      "Unknown field in the denial: 'by'",
    );
  });
});

describe('decidePeerReview', () => {
  const review = (overrides: Partial<Parameters<typeof decidePeerReview>[0]> = {}) =>
    decidePeerReview({
      review: { decision: 'APPROVED', comments: null },
      caller: REVIEWER,
      promotionId: 'p-1',
      promotion: promotionLog(),
      now: NOW,
      ...overrides,
    });

  it('approval moves the promotion to admin review and keeps the branch', () => {
    expect(review({ review: { decision: 'APPROVED', comments: 'looks good' } })).toStrictEqual({
      patch: {
        peerReviewedBy: 'reviewer@example.com',
        peerReviewedAt: NOW,
        peerReviewComments: 'looks good',
        peerReviewStatus: 'PEER_APPROVED',
        adminReviewStatus: 'PENDING_ADMIN_REVIEW',
      },
      deleteBranchId: null,
    });
  });

  it('rejection sets PEER_REJECTED on both fields, clears the branch and asks to delete it', () => {
    expect(review({ review: { decision: 'REJECTED', comments: 'no' }, caller: ADMIN })).toStrictEqual({
      patch: {
        peerReviewedBy: 'admin@example.com',
        peerReviewedAt: NOW,
        peerReviewComments: 'no',
        peerReviewStatus: 'PEER_REJECTED',
        status: 'PEER_REJECTED',
        branchId: null,
      },
      deleteBranchId: 'branch-1',
    });
  });

  it('needs the reviewer or admin role', () => {
    const error = thrown(() => review({ caller: { email: 'p@example.com', roles: ['promoter', 'viewer'] } }));
    expect([error.code, error.status]).toStrictEqual(['FORBIDDEN', 403]);
  });

  it('refuses an unknown promotion', () => {
    expect(thrown(() => review({ promotion: null })).code).toBe('PROMOTION_NOT_FOUND');
  });

  it('refuses the initiator, whatever the casing', () => {
    const error = thrown(() => review({ caller: { email: 'DEV@example.COM', roles: ['reviewer'] } }));
    expect([error.code, error.status]).toStrictEqual(['SELF_REVIEW_NOT_ALLOWED', 403]);
  });

  it.each(['PEER_APPROVED', 'PEER_REJECTED'] as const)('reviews only once (%s)', (peerReviewStatus) => {
    const error = thrown(() => review({ promotion: promotionLog({ peerReviewStatus }) }));
    expect([error.code, error.status]).toStrictEqual(['ALREADY_REVIEWED', 409]);
  });

  it('a pending review can be decided', () => {
    expect(
      review({ promotion: promotionLog({ peerReviewStatus: 'PENDING_PEER_REVIEW' }) }).patch.peerReviewStatus,
    ).toBe('PEER_APPROVED');
  });

  it.each(['IN_PROGRESS', 'FAILED', 'DEPLOYED', 'ADMIN_REJECTED'] as PromotionStatus[])(
    'refuses to review a %s promotion',
    (status) => {
      const error = thrown(() => review({ promotion: promotionLog({ status }) }));
      expect(error.code).toBe('PROMOTION_NOT_COMPLETED');
      expect(error.message).toBe(
        `Promotion p-1 has status '${status}' — peer review requires COMPLETED or TEST_DEPLOYED status`,
      );
    },
  );

  it('checks self-review before "already reviewed"', () => {
    const promotion = promotionLog({ peerReviewStatus: 'PEER_APPROVED', initiatedBy: REVIEWER.email });
    expect(thrown(() => review({ promotion })).code).toBe('SELF_REVIEW_NOT_ALLOWED');
  });
});

describe('decideDenial', () => {
  const deny = (overrides: Partial<Parameters<typeof decideDenial>[0]> = {}) =>
    decideDenial({
      reason: 'not ready',
      caller: ADMIN,
      promotionId: 'p-1',
      promotion: promotionLog(),
      now: NOW,
      ...overrides,
    });

  it('rejects the promotion, records the admin and reason, and asks to delete the branch', () => {
    expect(deny()).toStrictEqual({
      patch: {
        status: 'ADMIN_REJECTED',
        adminReviewStatus: 'ADMIN_REJECTED',
        adminApprovedBy: 'admin@example.com',
        adminApprovedAt: NOW,
        adminComments: 'not ready',
        branchId: null,
      },
      deleteBranchId: 'branch-1',
    });
  });

  it('a promotion whose branch is gone is denied with nothing to delete', () => {
    expect(
      deny({ promotion: promotionLog({ status: 'TEST_DEPLOYED', branchId: null }) }).deleteBranchId,
    ).toBeNull();
  });

  it('needs the admin role', () => {
    expect(thrown(() => deny({ caller: REVIEWER })).code).toBe('FORBIDDEN');
  });

  it('refuses an unknown promotion', () => {
    expect(thrown(() => deny({ promotion: null })).code).toBe('PROMOTION_NOT_FOUND');
  });

  it('refuses the initiator', () => {
    const error = thrown(() => deny({ caller: { email: 'dev@example.com', roles: ['admin'] } }));
    expect([error.code, error.status]).toStrictEqual(['SELF_APPROVAL_NOT_ALLOWED', 403]);
  });

  it.each(['IN_PROGRESS', 'FAILED', 'DEPLOYED', 'PEER_REJECTED', 'ADMIN_REJECTED'] as PromotionStatus[])(
    'refuses to deny a %s promotion',
    (status) => {
      const error = thrown(() => deny({ promotion: promotionLog({ status }) }));
      expect([error.code, error.status]).toStrictEqual(['PROMOTION_NOT_COMPLETED', 409]);
      expect(error.message).toBe(
        `Promotion p-1 has status '${status}' — denial requires COMPLETED or TEST_DEPLOYED status`,
      );
    },
  );
});

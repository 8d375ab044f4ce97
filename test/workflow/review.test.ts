/**
 * Peer review and admin denial (spec §5) against the sandbox: the PromotionLog fields, the
 * branch deleted on rejection (GET /Branch), the refusals with no Boomi write, and a failed
 * branch delete that never fails the decision.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isPromoError } from '../../src/domain/errors.ts';
import type { Caller } from '../../src/domain/caller.ts';
import { ADMIN, DEVELOPER_EMAIL, REVIEWER, freshPromotion, registerPromotion } from '../helpers/world.ts';
import { useWorld } from './support/use-world.ts';

const world = useWorld({ durable: false });
afterEach(async () => {
  await world.control.clearFaults();
});

const SECOND_REVIEWER: Caller = { email: 'second.reviewer@acme.example', roles: ['reviewer'] };

async function registered(key: string, overrides: Parameters<typeof registerPromotion>[2] = {}) {
  const promotion = await freshPromotion(world, key);
  await registerPromotion(world, promotion, { peerReviewStatus: 'PENDING_PEER_REVIEW', ...overrides });
  return promotion;
}

/** Runs a refused decision and checks that it changed nothing in Boomi or the PromotionLog. */
async function refused(promotionId: string, decide: () => Promise<unknown>) {
  const mark = await world.control.mark();
  const before = await world.repos.promotions.get(promotionId);
  const error = await decide().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isPromoError(error)).toBe(true);
  expect(await world.control.writesSince(mark)).toEqual([]);
  expect(await world.repos.promotions.get(promotionId)).toEqual(before);
  return error;
}

describe('peer review', () => {
  it('APPROVED: PEER_APPROVED and PENDING_ADMIN_REVIEW, status and branch unchanged', async () => {
    const promotion = await registered('peer-approved');
    const mark = await world.control.mark();
    const outcome = await world.services.reviews.peerReview(
      promotion.promotionId,
      { decision: 'APPROVED', comments: 'Looks right' },
      REVIEWER,
    );
    expect(outcome.branchDeleted).toBe(false);
    expect(outcome.promotion).toMatchObject({
      status: 'COMPLETED',
      peerReviewStatus: 'PEER_APPROVED',
      adminReviewStatus: 'PENDING_ADMIN_REVIEW',
      peerReviewedBy: REVIEWER.email,
      peerReviewComments: 'Looks right',
      branchId: promotion.branchId,
    });
    expect(outcome.promotion.peerReviewedAt).toBeTruthy();
    expect(await world.control.writesSince(mark)).toEqual([]);
    expect(await world.control.branchExists(promotion.branchId)).toBe(true);
  });

  it('REJECTED: PEER_REJECTED, then the branch is deleted and branchId cleared', async () => {
    const promotion = await registered('peer-rejected');
    const mark = await world.control.mark();
    const outcome = await world.services.reviews.peerReview(
      promotion.promotionId,
      { decision: 'REJECTED', comments: 'Wrong mapping' },
      REVIEWER,
    );
    expect(outcome).toMatchObject({
      branchDeleted: true,
      promotion: { status: 'PEER_REJECTED', peerReviewStatus: 'PEER_REJECTED', branchId: null },
    });
    expect(await world.repos.promotions.get(promotion.promotionId)).toEqual(outcome.promotion);
    expect(await world.control.branchExists(promotion.branchId)).toBe(false);
    expect(await world.control.writesSince(mark)).toEqual(['DELETE /Branch']);
  });

  it('REJECTED with a failing branch delete: the decision stands, the branch stays on record', async () => {
    const promotion = await registered('peer-rejected-delete-fails');
    await world.control.addFault({ method: 'DELETE', pathPattern: '/Branch/*', status: 500 });
    const outcome = await world.services.reviews.peerReview(
      promotion.promotionId,
      { decision: 'REJECTED', comments: 'No' },
      REVIEWER,
    );
    expect(outcome).toMatchObject({
      branchDeleted: false,
      promotion: { status: 'PEER_REJECTED', peerReviewStatus: 'PEER_REJECTED', branchId: promotion.branchId },
    });
  });

  it('REJECTED when the branch is already gone: "not found" counts as deleted', async () => {
    const promotion = await registered('peer-rejected-gone');
    await world.boomi.branches.delete(promotion.branchId);
    const outcome = await world.services.reviews.peerReview(
      promotion.promotionId,
      { decision: 'REJECTED', comments: 'No' },
      REVIEWER,
    );
    expect(outcome).toMatchObject({ branchDeleted: true, promotion: { branchId: null } });
  });

  it('refusals: INVALID_REQUEST, FORBIDDEN, PROMOTION_NOT_FOUND, SELF_REVIEW_NOT_ALLOWED, ALREADY_REVIEWED', async () => {
    const promotion = await registered('peer-refusals');
    const id = promotion.promotionId;
    const review = world.services.reviews;
    expect(
      await refused(id, () => review.peerReview(id, { decision: 'REJECTED', comments: null }, REVIEWER)),
    ).toMatchObject({ code: 'INVALID_REQUEST', status: 400 });
    const viewer: Caller = { email: 'viewer@acme.example', roles: ['viewer'] };
    expect(
      await refused(id, () => review.peerReview(id, { decision: 'APPROVED', comments: null }, viewer)),
    ).toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
    });
    await expect(
      review.peerReview('no-such', { decision: 'APPROVED', comments: null }, REVIEWER),
    ).rejects.toMatchObject({
      code: 'PROMOTION_NOT_FOUND',
      status: 404,
    });
    const self: Caller = { email: DEVELOPER_EMAIL.toUpperCase(), roles: ['reviewer'] };
    expect(
      await refused(id, () => review.peerReview(id, { decision: 'APPROVED', comments: null }, self)),
    ).toMatchObject({
      code: 'SELF_REVIEW_NOT_ALLOWED',
      status: 403,
    });
    await review.peerReview(id, { decision: 'APPROVED', comments: null }, REVIEWER);
    expect(
      await refused(id, () =>
        review.peerReview(id, { decision: 'REJECTED', comments: 'late' }, SECOND_REVIEWER),
      ),
    ).toMatchObject({ code: 'ALREADY_REVIEWED', status: 409 });
  });

  it('two reviewers at once: one decision, the other ALREADY_REVIEWED', async () => {
    const promotion = await registered('peer-race');
    const outcomes = await Promise.allSettled([
      world.services.reviews.peerReview(
        promotion.promotionId,
        { decision: 'APPROVED', comments: null },
        REVIEWER,
      ),
      world.services.reviews.peerReview(
        promotion.promotionId,
        { decision: 'REJECTED', comments: 'race' },
        SECOND_REVIEWER,
      ),
    ]);
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(failures).toEqual([expect.objectContaining({ code: 'ALREADY_REVIEWED' })]);
  });
});

describe('admin denial', () => {
  it('deletes the branch, then ADMIN_REJECTED with the reason, approver and time', async () => {
    const promotion = await registered('denied');
    const mark = await world.control.mark();
    const outcome = await world.services.reviews.deny(
      promotion.promotionId,
      { reason: 'Not this release' },
      ADMIN,
    );
    expect(outcome.branchDeleted).toBe(true);
    expect(outcome.promotion).toMatchObject({
      status: 'ADMIN_REJECTED',
      adminReviewStatus: 'ADMIN_REJECTED',
      adminApprovedBy: ADMIN.email,
      adminComments: 'Not this release',
      branchId: null,
    });
    expect(outcome.promotion.adminApprovedAt).toBeTruthy();
    expect(await world.control.branchExists(promotion.branchId)).toBe(false);
    expect(await world.control.writesSince(mark)).toEqual(['DELETE /Branch']);
  });

  it('a failing branch delete never fails the denial', async () => {
    const promotion = await registered('denied-delete-fails');
    await world.control.addFault({ method: 'DELETE', pathPattern: '/Branch/*', status: 500 });
    const outcome = await world.services.reviews.deny(promotion.promotionId, { reason: 'No' }, ADMIN);
    expect(outcome).toMatchObject({
      branchDeleted: false,
      promotion: {
        status: 'ADMIN_REJECTED',
        adminReviewStatus: 'ADMIN_REJECTED',
        branchId: promotion.branchId,
      },
    });
  });

  it('refusals: INVALID_REQUEST, FORBIDDEN, SELF_APPROVAL_NOT_ALLOWED, PROMOTION_NOT_COMPLETED', async () => {
    const promotion = await registered('deny-refusals');
    const id = promotion.promotionId;
    const reviews = world.services.reviews;
    expect(await refused(id, () => reviews.deny(id, { reason: '' }, ADMIN))).toMatchObject({
      code: 'INVALID_REQUEST',
    });
    expect(await refused(id, () => reviews.deny(id, { reason: 'x' }, REVIEWER))).toMatchObject({
      code: 'FORBIDDEN',
    });
    const self: Caller = { email: DEVELOPER_EMAIL, roles: ['admin'] };
    expect(await refused(id, () => reviews.deny(id, { reason: 'x' }, self))).toMatchObject({
      code: 'SELF_APPROVAL_NOT_ALLOWED',
    });
    const deployed = await registered('deny-deployed', { status: 'DEPLOYED' });
    expect(
      await refused(deployed.promotionId, () => reviews.deny(deployed.promotionId, { reason: 'x' }, ADMIN)),
    ).toMatchObject({ code: 'PROMOTION_NOT_COMPLETED', status: 409 });
  });
});

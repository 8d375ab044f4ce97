/**
 * Withdraw (spec §10) against the sandbox: who may (initiator, admin; not a reviewer), when
 * (COMPLETED or TEST_DEPLOYED, not yet promoted), the branch deleted (200 and not-found both
 * success), a failed delete leaving branchCleanupPending, and refusals writing nothing to Boomi.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/domain/caller.ts';
import { isPromoError } from '../../src/domain/errors.ts';
import { ADMIN, DEVELOPER_EMAIL, freshPromotion, registerPromotion, REVIEWER } from '../helpers/world.ts';
import { useWorld } from './support/use-world.ts';

const world = useWorld({ durable: false });
afterEach(async () => {
  await world.control.clearFaults();
});

const INITIATOR: Caller = { email: ` ${DEVELOPER_EMAIL.toUpperCase()} `, roles: ['promoter'] };

async function registered(key: string, overrides: Parameters<typeof registerPromotion>[2] = {}) {
  const promotion = await freshPromotion(world, key);
  await registerPromotion(world, promotion, { peerReviewStatus: 'PENDING_PEER_REVIEW', ...overrides });
  return promotion;
}

async function refused(promotionId: string, caller: Caller): Promise<string> {
  const mark = await world.control.mark();
  const before = await world.repos.promotions.get(promotionId);
  const notificationsBefore = await world.repos.notifications.list({ promotionId });
  const error = await world.services.withdrawals.withdraw(promotionId, { reason: null }, caller).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isPromoError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  expect(await world.control.writesSince(mark)).toEqual([]);
  expect(await world.repos.promotions.get(promotionId)).toEqual(before);
  expect(await world.repos.notifications.list({ promotionId })).toEqual(notificationsBefore);
  return `${error.status} ${error.code}`;
}

describe('withdraw', () => {
  it('the initiator withdraws: WITHDRAWN with time and reason, branch deleted in Boomi and cleared', async () => {
    const promotion = await registered('withdraw-initiator');
    const outcome = await world.services.withdrawals.withdraw(
      promotion.promotionId,
      { reason: 'Superseded by another change' },
      INITIATOR,
    );
    expect(outcome.branchDeleted).toBe(true);
    expect(outcome.promotion).toMatchObject({
      status: 'WITHDRAWN',
      withdrawalReason: 'Superseded by another change',
      branchId: null,
      branchCleanupPending: false,
    });
    expect(outcome.promotion.withdrawnAt).toBeTruthy();
    expect(await world.control.branchExists(promotion.branchId)).toBe(false);
    // Spec §13: the withdrawal's notification, written with it.
    const notifications = await world.repos.notifications.list({ promotionId: promotion.promotionId });
    expect(notifications.items.map((n) => n.event.type)).toEqual(['promotion.withdrawn']);
  });

  it('an admin withdraws a TEST_DEPLOYED promotion; a branch already gone (404) is success', async () => {
    const promotion = await registered('withdraw-admin', { status: 'TEST_DEPLOYED' });
    await world.boomi.branches.delete(promotion.branchId);
    const outcome = await world.services.withdrawals.withdraw(promotion.promotionId, { reason: null }, ADMIN);
    expect(outcome.promotion).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: null, branchId: null });
  });

  it('a failed branch delete keeps the branch on record, marked for the janitor; the withdrawal stands', async () => {
    const promotion = await registered('withdraw-delete-fails');
    await world.control.addFault({ method: 'DELETE', pathPattern: '/Branch/*', status: 500 });
    const outcome = await world.services.withdrawals.withdraw(promotion.promotionId, { reason: null }, ADMIN);
    expect(outcome.branchDeleted).toBe(false);
    expect(outcome.promotion).toMatchObject({
      status: 'WITHDRAWN',
      branchId: promotion.branchId,
      branchCleanupPending: true,
    });
    expect(await world.control.branchExists(promotion.branchId)).toBe(true);
  });

  it('refused: a reviewer (FORBIDDEN), a DEPLOYED or rejected or promoted record (PROMOTION_NOT_WITHDRAWABLE), an unknown id', async () => {
    const open = await registered('withdraw-refused-open');
    expect(await refused(open.promotionId, REVIEWER)).toBe('403 FORBIDDEN');
    for (const [key, overrides] of [
      ['deployed', { status: 'DEPLOYED' }],
      ['rejected', { status: 'PEER_REJECTED' }],
      ['promoted', { status: 'TEST_DEPLOYED', productionPromotionId: 'prod-1' }],
    ] as const) {
      const promotion = await registered(`withdraw-refused-${key}`, overrides);
      expect(await refused(promotion.promotionId, ADMIN)).toBe('409 PROMOTION_NOT_WITHDRAWABLE');
    }
    expect(await refused('no-such-promotion', ADMIN)).toBe('404 PROMOTION_NOT_FOUND');
  });
});

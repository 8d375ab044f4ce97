/**
 * Issue 13 item 3, "a decision silently undone": deny, peer review and withdraw while a run of the
 * same promotion is active are refused (DEPLOYMENT_IN_PROGRESS) and the run's result stands; a
 * decision that reaches the database mid-run anyway (written directly, past every code check) is
 * never overwritten by the run — the run ends without touching it and says why in the audit log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import { isPromoError } from '../../src/domain/errors.ts';
import {
  ADMIN,
  DEVELOPER_EMAIL,
  environmentNamed,
  freshPromotion,
  registerPromotion,
  REVIEWER,
  SECOND_ADMIN,
  TINY_ASYNC,
} from '../helpers/world.ts';
import { useWorld } from './support/use-world.ts';

const world = useWorld();
afterEach(async () => {
  await world.control.setLatency(TINY_ASYNC);
});

/** A registered promotion whose TEST run is held in the merge (the sandbox's MERGING stage). */
async function runHeldInMerge(key: string) {
  const promotion = await freshPromotion(world, key);
  await registerPromotion(world, promotion, { peerReviewStatus: 'PENDING_PEER_REVIEW' });
  await world.control.setLatency({ ...TINY_ASYNC, mergeMergingMs: 1500 });
  const { runId } = await world.services.deployments.start(
    parseDeployRequest({
      promotionId: promotion.promotionId,
      packageVersion: '1.0.0',
      deploymentTarget: 'TEST',
      createNewPack: true,
      newPackName: `Pack ${key}`,
      targetEnvironments: [{ environmentId: environmentNamed(world.demo, 'Test').id }],
    }),
    ADMIN,
  );
  return { promotion, runId };
}

async function codeOf(decide: () => Promise<unknown>): Promise<string> {
  const error = await decide().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isPromoError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return `${error.status} ${error.code}`;
}

describe('decisions while a run is active', () => {
  it('deny, peer rejection and withdraw are refused; the branch stays; the run’s result is recorded', async () => {
    const { promotion, runId } = await runHeldInMerge('during-run-refused');
    const id = promotion.promotionId;
    const mark = await world.control.mark();
    expect(await codeOf(() => world.services.reviews.deny(id, { reason: 'Stop' }, SECOND_ADMIN))).toBe(
      '409 DEPLOYMENT_IN_PROGRESS',
    );
    expect(
      await codeOf(() =>
        world.services.reviews.peerReview(id, { decision: 'REJECTED', comments: 'Unsafe' }, REVIEWER),
      ),
    ).toBe('409 DEPLOYMENT_IN_PROGRESS');
    const initiator = { email: DEVELOPER_EMAIL, roles: ['promoter'] as const };
    expect(await codeOf(() => world.services.withdrawals.withdraw(id, { reason: null }, initiator))).toBe(
      '409 DEPLOYMENT_IN_PROGRESS',
    );
    // None of them deleted the branch (the run's own merge calls are its only writes).
    expect((await world.control.writesSince(mark)).filter((w) => w.startsWith('DELETE'))).toEqual([]);

    const response = await world.engine.resultOf(runId);
    expect(response).toMatchObject({ success: true, deploymentStatus: 'DEPLOYED' });
    expect(await world.repos.promotions.get(id)).toMatchObject({
      status: 'TEST_DEPLOYED',
      peerReviewStatus: 'PENDING_PEER_REVIEW',
      branchId: promotion.branchId,
    });
    expect(await world.control.branchExists(promotion.branchId)).toBe(true);

    // Once the run has ended, the denial is accepted.
    const denied = await world.services.reviews.deny(id, { reason: 'Stop' }, SECOND_ADMIN);
    expect(denied.promotion.status).toBe('ADMIN_REJECTED');
  });

  it('a decision written to the database mid-run is kept: the run does not overwrite it and says why', async () => {
    const { promotion, runId } = await runHeldInMerge('during-run-db-decision');
    const id = promotion.promotionId;
    // Past every code check: the decision lands straight in the database while the run merges.
    await world.db.pool.query(
      `UPDATE promotions SET status = 'ADMIN_REJECTED', admin_review_status = 'ADMIN_REJECTED',
              admin_comments = 'Denied mid-run', row_version = row_version + 1 WHERE promotion_id = $1`,
      [id],
    );
    await world.engine.resultOf(runId);

    expect(await world.repos.promotions.get(id)).toMatchObject({
      status: 'ADMIN_REJECTED',
      adminReviewStatus: 'ADMIN_REJECTED',
      adminComments: 'Denied mid-run',
      testDeployedAt: null,
    });
    const audit = await world.repos.auditLog.list(
      { targetId: id, action: 'package-and-deploy.decision-kept' },
      {},
    );
    expect(audit.items).toEqual([
      expect.objectContaining({
        actor: 'system',
        outcome: 'KEPT:ADMIN_REJECTED',
        detail: expect.objectContaining({ runId }),
      }),
    ]);
  });
});

describe('the database keeps a recorded decision (migration 006)', () => {
  it('an update naming the current row version still cannot undo a denial, a rejection or a withdrawal', async () => {
    for (const status of ['ADMIN_REJECTED', 'PEER_REJECTED', 'WITHDRAWN'] as const) {
      const promotion = await freshPromotion(world, `db-guard-${status}`);
      const record = await registerPromotion(world, promotion, { status });
      const overwrite = world.repos.promotions.update(
        promotion.promotionId,
        { status: 'TEST_DEPLOYED', adminReviewStatus: 'ADMIN_APPROVED' },
        record.rowVersion,
      );
      await expect(overwrite).rejects.toMatchObject({ code: 'CONFLICT' });
      const raw = world.db.pool.query(`UPDATE promotions SET status = 'DEPLOYED' WHERE promotion_id = $1`, [
        promotion.promotionId,
      ]);
      await expect(raw).rejects.toMatchObject({ constraint: 'promotions_decision_stands' });
      expect(await world.repos.promotions.get(promotion.promotionId)).toMatchObject({
        status,
        rowVersion: record.rowVersion,
      });
    }
  });

  it('other fields of a decided record may still change (the janitor clears its branch)', async () => {
    const promotion = await freshPromotion(world, 'db-guard-branch');
    const record = await registerPromotion(world, promotion, {
      status: 'ADMIN_REJECTED',
      branchCleanupPending: true,
    });
    const cleared = await world.repos.promotions.update(
      promotion.promotionId,
      { branchId: null, branchCleanupPending: false },
      record.rowVersion,
    );
    expect(cleared).toMatchObject({ status: 'ADMIN_REJECTED', branchId: null, branchCleanupPending: false });
  });
});

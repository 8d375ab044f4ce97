/**
 * The approval chain (spec §10) against the sandbox, real PostgreSQL and DBOS: each bypass of
 * issue 11's "Why" refused with the spec's code, status and message and no Boomi write; each
 * policy setting; TEST_DEPLOYED only when deployed; the test record's promotion stamp.
 */
import { describe, expect, it } from 'vitest';
import { createAppServices } from '../../src/app/index.ts';
import type { ApprovalPolicy } from '../../src/domain/approval-policy.ts';
import type { Caller } from '../../src/domain/caller.ts';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import { isPromoError, type PromoError } from '../../src/domain/errors.ts';
import {
  ADMIN,
  environmentNamed,
  freshPromotion,
  peerApprove,
  registerPromotion,
  REVIEWER,
  SECOND_ADMIN,
} from '../helpers/world.ts';
import { useWorld } from './support/use-world.ts';

const world = useWorld();

async function registered(key: string) {
  const promotion = await freshPromotion(world, key);
  await registerPromotion(world, promotion, { peerReviewStatus: 'PENDING_PEER_REVIEW' });
  return promotion;
}

const hotfix = (promotionId: string) => ({
  promotionId,
  packageVersion: '1.0.1',
  deploymentTarget: 'PRODUCTION',
  isHotfix: true,
  hotfixJustification: 'Orders stuck since 09:00',
  createNewPack: true,
  newPackName: `Hotfix ${promotionId}`,
  targetEnvironments: [{ environmentId: environmentNamed(world.demo, 'Production').id }],
});

const fromTest = (promotionId: string, testPromotionId = promotionId) => ({
  promotionId,
  testPromotionId,
  packageVersion: '1.0.0',
  deploymentTarget: 'PRODUCTION',
  createNewPack: true,
  newPackName: `Production ${promotionId}`,
  targetEnvironments: [{ environmentId: environmentNamed(world.demo, 'Production').id }],
});

const toTest = (promotionId: string, targets = [environmentNamed(world.demo, 'Test').id]) => ({
  promotionId,
  packageVersion: '1.0.0',
  deploymentTarget: 'TEST',
  createNewPack: true,
  newPackName: `Test ${promotionId}`,
  targetEnvironments: targets.map((environmentId) => ({ environmentId })),
});

function servicesWith(policy: ApprovalPolicy) {
  return createAppServices({ ...world, accountId: world.demo.accountId, approvalPolicy: policy });
}

/** Refused before any Boomi write: no write in the sandbox's call log, no run recorded. */
async function refusal(
  body: Record<string, unknown>,
  caller: Caller = ADMIN,
  services = world.services,
): Promise<PromoError> {
  const mark = await world.control.mark();
  const runsBefore = await world.repos.deploymentRuns.listForPromotion(String(body.promotionId));
  const error = await services.deployments.start(parseDeployRequest(body), caller).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isPromoError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  expect(await world.control.writesSince(mark)).toEqual([]);
  expect(await world.repos.deploymentRuns.listForPromotion(String(body.promotionId))).toEqual(runsBefore);
  return error;
}

const codeOf = (error: PromoError) => ({ code: error.code, status: error.status, message: error.message });

describe('the bypasses of issue 11 are refused before any Boomi write', () => {
  it('a hotfix of a promotion still PENDING_PEER_REVIEW: PEER_REVIEW_REQUIRED 409', async () => {
    const promotion = await registered('chain-hotfix-unreviewed');
    expect(codeOf(await refusal(hotfix(promotion.promotionId)))).toStrictEqual({
      code: 'PEER_REVIEW_REQUIRED',
      status: 409,
      message: `Promotion ${promotion.promotionId} has peer review status 'PENDING_PEER_REVIEW' — production deployment requires PEER_APPROVED`,
    });
  });

  it('mode 2 of a record never reviewed: PEER_REVIEW_REQUIRED 409', async () => {
    const promotion = await registered('chain-mode2-unreviewed');
    await world.services.deployments.runSync(parseDeployRequest(toTest(promotion.promotionId)), ADMIN);
    expect((await refusal(fromTest(promotion.promotionId))).code).toBe('PEER_REVIEW_REQUIRED');
  });

  it('the admin who peer-approved cannot deploy it: REVIEWER_CANNOT_APPROVE 403', async () => {
    const promotion = await registered('chain-four-eyes');
    await world.services.reviews.peerReview(
      promotion.promotionId,
      { decision: 'APPROVED', comments: null },
      ADMIN,
    );
    expect(codeOf(await refusal(hotfix(promotion.promotionId)))).toStrictEqual({
      code: 'REVIEWER_CANNOT_APPROVE',
      status: 403,
      message: 'The peer reviewer of a promotion cannot also approve its deployment',
    });
    // Another admin may; and the reviewing admin may still deny (a rejection is the safe direction).
    const denied = await world.services.reviews.deny(promotion.promotionId, { reason: 'Not now' }, ADMIN);
    expect(denied.promotion.status).toBe('ADMIN_REJECTED');
  });

  it('a TEST run with no targets keeps the status, and mode 2 then refuses the never-tested record', async () => {
    const promotion = await registered('chain-no-targets');
    await peerApprove(world, promotion.promotionId);
    const response = await world.services.deployments.runSync(
      parseDeployRequest(toTest(promotion.promotionId, [])),
      ADMIN,
    );
    expect(response).toMatchObject({ success: true, deploymentStatus: 'NOT_DEPLOYED' });
    expect(await world.repos.promotions.get(promotion.promotionId)).toMatchObject({
      status: 'COMPLETED',
      testDeployedAt: null,
    });
    // Even if the record claimed TEST_DEPLOYED, no environment deployed: refused.
    await world.db.pool.query(`UPDATE promotions SET status = 'TEST_DEPLOYED' WHERE promotion_id = $1`, [
      promotion.promotionId,
    ]);
    const error = await refusal(fromTest(promotion.promotionId), SECOND_ADMIN);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain('not deployed to any test environment');
  });

  it('a test record already promoted cannot be promoted again (INVALID_REQUEST naming the production promotion)', async () => {
    const test = await registered('chain-promoted-test');
    await world.services.deployments.runSync(parseDeployRequest(toTest(test.promotionId)), ADMIN);
    expect(await world.repos.promotions.get(test.promotionId)).toMatchObject({
      status: 'TEST_DEPLOYED',
      testDeployedEnvironmentCount: 1,
    });
    const first = await freshPromotion(world, 'chain-promoted-prod-1');
    await registerPromotion(world, { ...first, prodComponentId: test.prodComponentId });
    await peerApprove(world, first.promotionId);
    const response = await world.services.deployments.runSync(
      parseDeployRequest(fromTest(first.promotionId, test.promotionId)),
      SECOND_ADMIN,
    );
    expect(response.success).toBe(true);
    const stamped = await world.repos.promotions.get(test.promotionId);
    expect(stamped).toMatchObject({ productionPromotionId: first.promotionId, branchId: null });
    expect(stamped?.promotedToProductionAt).toBeTruthy();

    const second = await freshPromotion(world, 'chain-promoted-prod-2');
    await registerPromotion(world, { ...second, prodComponentId: test.prodComponentId });
    await peerApprove(world, second.promotionId);
    expect(codeOf(await refusal(fromTest(second.promotionId, test.promotionId), SECOND_ADMIN))).toStrictEqual(
      {
        code: 'INVALID_REQUEST',
        status: 400,
        message: `Test promotion ${test.promotionId} was already promoted to production by promotion ${first.promotionId}`,
      },
    );
  });
});

describe('the policy settings change exactly what the spec says', () => {
  it('PROMO_PEER_REVIEW_REQUIRED_FOR=ALL gates TEST runs too, with the test wording', async () => {
    const promotion = await registered('chain-policy-all');
    const services = servicesWith({ peerReviewRequiredFor: 'ALL', distinctApprover: true });
    expect(codeOf(await refusal(toTest(promotion.promotionId), ADMIN, services))).toStrictEqual({
      code: 'PEER_REVIEW_REQUIRED',
      status: 409,
      message: `Promotion ${promotion.promotionId} has peer review status 'PENDING_PEER_REVIEW' — test deployment requires PEER_APPROVED`,
    });
    await peerApprove(world, promotion.promotionId);
    const response = await services.deployments.runSync(
      parseDeployRequest(toTest(promotion.promotionId)),
      ADMIN,
    );
    expect(response.success).toBe(true);
  });

  it('PROMO_PEER_REVIEW_REQUIRED_FOR=NONE lets an unreviewed hotfix through', async () => {
    const promotion = await registered('chain-policy-none');
    const services = servicesWith({ peerReviewRequiredFor: 'NONE', distinctApprover: true });
    const response = await services.deployments.runSync(
      parseDeployRequest(hotfix(promotion.promotionId)),
      ADMIN,
    );
    expect(response).toMatchObject({ success: true, deploymentStatus: 'DEPLOYED' });
  });

  it('PROMO_DISTINCT_APPROVER=false lets the peer-approving admin deploy; it still needs the approval', async () => {
    const promotion = await registered('chain-policy-same-approver');
    const services = servicesWith({ peerReviewRequiredFor: 'PRODUCTION', distinctApprover: false });
    expect((await refusal(hotfix(promotion.promotionId), ADMIN, services)).code).toBe('PEER_REVIEW_REQUIRED');
    await services.reviews.peerReview(promotion.promotionId, { decision: 'APPROVED', comments: null }, ADMIN);
    const response = await services.deployments.runSync(
      parseDeployRequest(hotfix(promotion.promotionId)),
      ADMIN,
    );
    expect(response.success).toBe(true);
  });

  it('the default policy: TEST runs need no peer approval; the reviewer’s approval opens production', async () => {
    const promotion = await registered('chain-policy-default');
    const tested = await world.services.deployments.runSync(
      parseDeployRequest(toTest(promotion.promotionId)),
      ADMIN,
    );
    expect(tested.success).toBe(true);
    await peerApprove(world, promotion.promotionId);
    expect((await world.repos.promotions.get(promotion.promotionId))?.peerReviewedBy).toBe(REVIEWER.email);
    const response = await world.services.deployments.runSync(
      parseDeployRequest(fromTest(promotion.promotionId)),
      ADMIN,
    );
    expect(response.success).toBe(true);
    expect(await world.repos.promotions.get(promotion.promotionId)).toMatchObject({
      status: 'DEPLOYED',
      productionPromotionId: promotion.promotionId,
    });
  });
});

/**
 * Spec §13 wiring: the real actions — registration, peer review, denial, Package and Deploy runs
 * against the sandbox — each leave exactly the notification they announce in the outbox, written
 * with the change, once (a re-sent registration or a second read adds none).
 */
import { describe, expect, it } from 'vitest';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import type { NotificationEventType } from '../../src/domain/notifications/index.ts';
import { parsePromotionRegistration } from '../../src/domain/promotion-registration.ts';
import { createPromotionService } from '../../src/app/promotion-service.ts';
import type { Caller } from '../../src/domain/caller.ts';
import {
  ADMIN,
  DEVELOPER_EMAIL,
  REVIEWER,
  SECOND_ADMIN,
  accountGroupNamed,
  freshPromotion,
  PEER_APPROVED,
  registerPromotion,
} from '../helpers/world.ts';
import { useWorld } from './support/use-world.ts';

const world = useWorld();
const DEVELOPER: Caller = { email: DEVELOPER_EMAIL, roles: ['promoter'] };

/** Registration as POST /promotions does it (the application's promotion service). */
function register(body: ReturnType<typeof registration>) {
  const promotions = createPromotionService({
    promotions: world.repos.promotions,
    withTransaction: world.repos.withTransaction,
    accountId: world.demo.accountId,
  });
  return promotions.register(body, DEVELOPER);
}

async function outbox(promotionId: string) {
  const page = await world.repos.notifications.list({ promotionId });
  return page.items.map((n) => n.event).reverse();
}

async function types(promotionId: string): Promise<NotificationEventType[]> {
  return (await outbox(promotionId)).map((event) => event.type);
}

function registration(promotion: Awaited<ReturnType<typeof freshPromotion>>, status = 'COMPLETED') {
  return parsePromotionRegistration({
    promotionId: promotion.promotionId,
    devAccountId: promotion.devAccountId,
    prodAccountId: world.demo.accountId,
    devPackageId: promotion.devPackageId,
    prodComponentId: promotion.prodComponentId,
    processName: promotion.processName,
    branchId: promotion.branchId,
    branchName: promotion.branchName,
    status,
    targetEnvironment: 'PRODUCTION',
    componentsTotal: 1,
  });
}

/** A run through the service, as the HTTP route would start it. */
function deploy(body: Record<string, unknown>, caller = ADMIN) {
  return world.services.deployments.runSync(parseDeployRequest(body), caller);
}

/** A fresh promotion peer-approved (spec §10 check 5a) directly in the record: no review notification in the way. */
async function peerApprovedPromotion(key: string) {
  const promotion = await freshPromotion(world, key);
  await registerPromotion(world, promotion, PEER_APPROVED);
  return promotion;
}

describe('notifications written with the change they announce', () => {
  it('registration into peer review → promotion.registered, once (an identical re-send adds none)', async () => {
    const promotion = await freshPromotion(world, 'notify-register');
    const body = registration(promotion);
    await register(body);
    await register(body);

    const events = await outbox(promotion.promotionId);
    expect(events.map((e) => e.type)).toEqual(['promotion.registered']);
    expect(events[0]).toMatchObject({
      actor: DEVELOPER_EMAIL,
      promotion: {
        promotionId: promotion.promotionId,
        processName: promotion.processName,
        initiatedBy: DEVELOPER_EMAIL,
      },
    });
  });

  it('registration still IN_PROGRESS announces nothing', async () => {
    const promotion = await freshPromotion(world, 'notify-in-progress');
    await register(registration(promotion, 'IN_PROGRESS'));
    expect(await types(promotion.promotionId)).toEqual([]);
  });

  it('peer approval → promotion.peer_approved with the comments; rejection → promotion.peer_rejected', async () => {
    const approved = await freshPromotion(world, 'notify-approve');
    await registerPromotion(world, approved, { peerReviewStatus: 'PENDING_PEER_REVIEW' });
    await world.services.reviews.peerReview(
      approved.promotionId,
      { decision: 'APPROVED', comments: 'Fine' },
      REVIEWER,
    );
    const [event] = await outbox(approved.promotionId);
    expect(event).toMatchObject({
      type: 'promotion.peer_approved',
      actor: REVIEWER.email,
      detail: { comments: 'Fine' },
      promotion: { peerReviewedBy: REVIEWER.email },
    });

    const rejected = await freshPromotion(world, 'notify-reject');
    await registerPromotion(world, rejected, { peerReviewStatus: 'PENDING_PEER_REVIEW' });
    await world.services.reviews.peerReview(
      rejected.promotionId,
      { decision: 'REJECTED', comments: 'Wrong mapping' },
      REVIEWER,
    );
    expect(await types(rejected.promotionId)).toEqual(['promotion.peer_rejected']);
  });

  it('denial → promotion.denied with the reason; a refused denial writes nothing', async () => {
    const promotion = await freshPromotion(world, 'notify-deny');
    await registerPromotion(world, promotion);
    await expect(
      world.services.reviews.deny(
        promotion.promotionId,
        { reason: 'mine' },
        { email: DEVELOPER_EMAIL, roles: ['admin'] },
      ),
    ).rejects.toMatchObject({ code: 'SELF_APPROVAL_NOT_ALLOWED' });
    expect(await types(promotion.promotionId)).toEqual([]);

    await world.services.reviews.deny(promotion.promotionId, { reason: 'Not this quarter' }, ADMIN);
    const events = await outbox(promotion.promotionId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'promotion.denied',
      actor: ADMIN.email,
      detail: { reason: 'Not this quarter' },
    });
  });

  it('a TEST run → deployment.test_deployed; its production run → deployment.production_deployed', async () => {
    const promotion = await peerApprovedPromotion('notify-runs');
    const pack = world.demo.integrationPacks.find((p) => p.name === 'Acme Order Management')!;
    const test = await deploy({
      promotionId: promotion.promotionId,
      packageVersion: '3.0.0',
      deploymentTarget: 'TEST',
      integrationPackId: pack.id,
      targetAccountGroupId: accountGroupNamed(world.demo, 'Acme QA Subscribers').id,
    });
    expect(test.success).toBe(true);
    const production = await deploy(
      {
        promotionId: promotion.promotionId,
        testPromotionId: promotion.promotionId,
        packageVersion: '3.0.0',
        deploymentTarget: 'PRODUCTION',
        integrationPackId: pack.id,
        targetAccountGroupId: accountGroupNamed(world.demo, 'Acme Production Subscribers').id,
      },
      SECOND_ADMIN,
    );
    expect(production.success).toBe(true);

    const events = await outbox(promotion.promotionId);
    expect(events.map((e) => e.type)).toEqual(['deployment.test_deployed', 'deployment.production_deployed']);
    expect(events[0]).toMatchObject({ actor: ADMIN.email, detail: { runId: test.runId } });
    expect(events[0]!.detail.environments?.map((e) => e.status)).toEqual(['DEPLOYED', 'DEPLOYED']);
    expect(events[1]).toMatchObject({ actor: SECOND_ADMIN.email, detail: { runId: production.runId } });
  });

  it('a hotfix → deployment.hotfix_deployed with its justification', async () => {
    const promotion = await peerApprovedPromotion('notify-hotfix');
    const productionEnvironment = world.demo.environments.find((e) => e.classification === 'PROD')!;
    const response = await deploy({
      promotionId: promotion.promotionId,
      packageVersion: '3.0.1-hotfix',
      deploymentTarget: 'PRODUCTION',
      isHotfix: 'true',
      hotfixJustification: 'Orders are lost since 02:00',
      integrationPackId: world.demo.integrationPacks[0]!.id,
      targetEnvironments: [{ environmentId: productionEnvironment.id }],
    });
    expect(response.success).toBe(true);
    const events = await outbox(promotion.promotionId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'deployment.hotfix_deployed',
      detail: { hotfixJustification: 'Orders are lost since 02:00', runId: response.runId },
      promotion: { isHotfix: true },
    });
  });

  it('a failed run → deployment.run_failed with the error code', async () => {
    const promotion = await freshPromotion(world, 'notify-failed');
    await registerPromotion(world, promotion);
    await world.control.addFault({ scenario: 'mergeFails' });
    try {
      const response = await deploy({
        promotionId: promotion.promotionId,
        packageVersion: '3.0.2',
        deploymentTarget: 'TEST',
        integrationPackId: world.demo.integrationPacks[0]!.id,
      });
      expect(response).toMatchObject({ success: false, errorCode: 'MERGE_FAILED' });
    } finally {
      await world.control.clearFaults();
    }
    const events = await outbox(promotion.promotionId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'deployment.run_failed', detail: { errorCode: 'MERGE_FAILED' } });
    expect(events[0]!.promotion.status).toBe('FAILED');
  });
});

/**
 * The work queues of spec §10 on real PostgreSQL: over random lifecycles (fast-check), each queue
 * lists exactly the records the asking person can act on — the domain's own decisions are the
 * oracle: a peer review it would accept, a production deployment it would let through.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPromotionService } from '../../src/app/promotion-service.ts';
import type { Caller } from '../../src/domain/caller.ts';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import { checkDeployPreconditions } from '../../src/domain/modes.ts';
import { PEER_REVIEW_STATUSES, PROMOTION_STATUSES, type PromotionLog } from '../../src/domain/promotion.ts';
import { branchAgeOf, type Queue } from '../../src/domain/queues.ts';
import { decidePeerReview } from '../../src/domain/review.ts';
import { useTestRepositories } from '../helpers/test-store.ts';

const store = useTestRepositories();
const ACCOUNT = 'acct-queues';
const PEOPLE = ['ana@example.com', 'Ben@Example.com', 'cy@example.com'];
const callers: Caller[] = PEOPLE.map((email) => ({
  email: email.toLowerCase(),
  roles: ['admin', 'reviewer'],
}));

const recordArb = fc.record({
  status: fc.constantFrom(...PROMOTION_STATUSES),
  peerReviewStatus: fc.constantFrom(null, ...PEER_REVIEW_STATUSES),
  initiatedBy: fc.constantFrom(...PEOPLE),
  peerReviewedBy: fc.constantFrom(null, ...PEOPLE.map((p) => ` ${p.toUpperCase()} `)),
  promoted: fc.boolean(),
  ageDays: fc.integer({ min: 0, max: 60 }),
});

/** Would the domain accept this person's action on the record now? */
function canAct(queue: Queue, record: PromotionLog, caller: Caller): boolean {
  const accepts = (act: () => unknown) => {
    try {
      act();
      return true;
    } catch {
      return false;
    }
  };
  const notPromoted = record.productionPromotionId === null;
  if (queue === 'peer-review') {
    const review = { decision: 'APPROVED' as const, comments: null };
    const now = new Date().toISOString();
    const decide = () =>
      decidePeerReview({ review, caller, promotionId: record.promotionId, promotion: record, now });
    return record.peerReviewStatus === 'PENDING_PEER_REVIEW' && accepts(decide);
  }
  if (queue === 'admin-approval') {
    const request = parseDeployRequest({
      promotionId: record.promotionId,
      packageVersion: '1.0',
      deploymentTarget: 'PRODUCTION',
      isHotfix: true,
      hotfixJustification: 'queue oracle',
      createNewPack: true,
      newPackName: 'Oracle',
    });
    const check = () =>
      checkDeployPreconditions({
        request,
        caller,
        promotion: record,
        testPromotion: null,
        accountId: ACCOUNT,
      });
    return record.peerReviewStatus === 'PEER_APPROVED' && notPromoted && accepts(check);
  }
  return record.status === 'TEST_DEPLOYED' && notPromoted;
}

async function listAll(queue: Queue, caller: Caller): Promise<PromotionLog[]> {
  const service = createPromotionService({
    promotions: store.repos.promotions,
    withTransaction: store.repos.withTransaction,
    accountId: ACCOUNT,
  });
  const items: PromotionLog[] = [];
  let cursor: string | undefined;
  do {
    const page = await service.list({ queue }, { limit: 3, ...(cursor ? { cursor } : {}) }, caller);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe('queues (spec §10)', () => {
  it('each queue lists exactly the records the person can act on, newest first', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 12 }), async (records) => {
        await store.db.pool.query('DELETE FROM promotions');
        const now = Date.now();
        for (const [index, r] of records.entries()) {
          await store.repos.promotions.create({
            promotionId: `q-${index}`,
            devAccountId: 'dev',
            prodAccountId: ACCOUNT,
            devPackageId: 'dp',
            prodComponentId: 'comp',
            branchId: `branch-${index}`,
            initiatedBy: r.initiatedBy,
            initiatedAt: new Date(now - r.ageDays * 86_400_000).toISOString(),
            status: r.status,
            targetEnvironment: 'TEST',
            peerReviewStatus: r.peerReviewStatus,
            peerReviewedBy: r.peerReviewedBy,
            productionPromotionId: r.promoted ? 'prod-x' : null,
          });
        }
        const stored = (await store.repos.promotions.list({}, { limit: 200 })).items;
        for (const queue of ['peer-review', 'admin-approval', 'production-readiness'] as const) {
          for (const caller of callers) {
            const listed = await listAll(queue, caller);
            const expected = stored.filter((record) => canAct(queue, record, caller));
            expect(listed.map((p) => p.promotionId)).toStrictEqual(expected.map((p) => p.promotionId));
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('production-readiness carries testDeployedAt and the branch age (amber from 15 days, red beyond 30)', async () => {
    await store.db.pool.query('DELETE FROM promotions');
    const created = await store.repos.promotions.create({
      promotionId: 'ready-1',
      devAccountId: 'dev',
      prodAccountId: ACCOUNT,
      devPackageId: 'dp',
      initiatedBy: PEOPLE[0]!,
      initiatedAt: new Date(Date.now() - 20 * 86_400_000).toISOString(),
      status: 'TEST_DEPLOYED',
      testDeployedAt: new Date().toISOString(),
      targetEnvironment: 'TEST',
    });
    const [item] = await listAll('production-readiness', callers[1]!);
    expect(item).toMatchObject({ promotionId: 'ready-1', branchAgeDays: 20, branchAgeLevel: 'AMBER' });
    expect(item!.testDeployedAt).toBe(created.testDeployedAt);
    expect(
      branchAgeOf({ initiatedAt: new Date(Date.now() - 31 * 86_400_000).toISOString() }, new Date()),
    ).toStrictEqual({ branchAgeDays: 31, branchAgeLevel: 'RED' });
  });

  it('a queue takes no other filter (INVALID_REQUEST)', async () => {
    const service = createPromotionService({
      promotions: store.repos.promotions,
      withTransaction: store.repos.withTransaction,
      accountId: ACCOUNT,
    });
    await expect(
      service.list({ queue: 'peer-review', status: 'COMPLETED' }, {}, callers[0]),
    ).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });
});

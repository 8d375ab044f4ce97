import { beforeAll, describe, expect, it } from 'vitest';
import { isPromoError } from '../../src/domain/errors.ts';
import { FIELD_LIMITS, PROMOTION_STATUSES } from '../../src/domain/promotion.ts';
import { type NewPromotion, type Repositories } from '../../src/store/repositories/index.ts';
import { useTestRepositories } from '../helpers/test-store.ts';

const store = useTestRepositories();

let counter = 0;
function minimal(overrides: Partial<NewPromotion> = {}): NewPromotion {
  counter += 1;
  return {
    promotionId: `p-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    devAccountId: 'dev-1',
    prodAccountId: 'prod-1',
    devPackageId: 'devpkg-1',
    initiatedBy: 'alice@example.com',
    initiatedAt: '2025-01-02T03:04:05.678Z',
    status: 'COMPLETED',
    targetEnvironment: 'TEST',
    ...overrides,
  };
}

/** Every field set to a distinct non-default value. */
function full(): NewPromotion {
  return minimal({
    prodPackageId: 'prodpkg-9',
    prodComponentId: 'comp-root',
    packageVersion: '1.2.3',
    status: 'TEST_DEPLOYED',
    componentsTotal: 7,
    componentsCreated: 3,
    componentsUpdated: 2,
    componentsFailed: 1,
    errorMessage: 'something odd',
    resultDetail: '[{"id":"c1","action":"CREATE"}]',
    peerReviewStatus: 'PEER_APPROVED',
    peerReviewedBy: 'bob@example.com',
    peerReviewedAt: '2025-01-03T00:00:00.001Z',
    peerReviewComments: 'looks good',
    adminReviewStatus: 'ADMIN_APPROVED',
    adminApprovedBy: 'carol@example.com',
    adminApprovedAt: '2025-01-04T00:00:00.002Z',
    adminComments: 'ship it',
    branchId: 'branch-1',
    branchName: 'promo-x',
    integrationPackId: 'ip-1',
    integrationPackName: 'Orders',
    processName: 'Order Sync',
    targetEnvironment: 'PRODUCTION',
    isHotfix: 'true',
    hotfixJustification: 'prod is down',
    testPromotionId: 'p-test',
    testDeployedAt: '2025-01-05T00:00:00.003Z',
    testIntegrationPackId: 'ip-test',
    testIntegrationPackName: 'Orders (Test)',
    promotedFromTestBy: 'dave@example.com',
    withdrawnAt: '2025-01-06T00:00:00.004Z',
    withdrawalReason: 'changed my mind',
    branchCleanupPending: true,
    promotedToProductionAt: '2025-01-03T10:00:00.000Z',
    productionPromotionId: 'prod-9',
    testDeployedEnvironmentCount: 2,
    rolledBackAt: '2025-01-07T00:00:00.005Z',
    rolledBackBy: 'erin@example.com',
    rollbackReason: 'broke invoices',
  });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isPromoError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('promotions repository', () => {
  it('round-trips every field', async () => {
    const input = full();
    const created = await store.repos.promotions.create(input);
    const read = await store.repos.promotions.get(input.promotionId);
    expect(read).toEqual(created);
    expect(read).toMatchObject(input);
    expect(read!.rowVersion).toBe(1);
    expect(read!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // Every PromotionLog field came back (no column silently dropped or added).
    expect(Object.keys(read!).sort()).toEqual(
      [...Object.keys(input), 'createdAt', 'updatedAt', 'rowVersion'].sort(),
    );
  });

  it('fills optional fields with null and counters with 0', async () => {
    const created = await store.repos.promotions.create(minimal());
    expect(created).toMatchObject({
      prodPackageId: null,
      branchId: null,
      isHotfix: null,
      componentsTotal: 0,
    });
  });

  it('returns null for an unknown promotion', async () => {
    expect(await store.repos.promotions.get('nope')).toBeNull();
    expect(await store.repos.promotions.update('nope', { status: 'FAILED' }, 1)).toBeNull();
  });

  it('refuses a duplicate promotionId with CONFLICT', async () => {
    const p = minimal();
    await store.repos.promotions.create(p);
    expect(await refusal(store.repos.promotions.create(p))).toBe('CONFLICT');
  });

  it('updates with the current row version and refuses a stale one', async () => {
    const p = await store.repos.promotions.create(minimal());
    const first = await store.repos.promotions.update(
      p.promotionId,
      { status: 'DEPLOYED', branchId: null },
      1,
    );
    expect(first).toMatchObject({ status: 'DEPLOYED', rowVersion: 2 });
    // A second writer that read version 1 loses, and the first writer's change stays.
    expect(await refusal(store.repos.promotions.update(p.promotionId, { status: 'FAILED' }, 1))).toBe(
      'CONFLICT',
    );
    expect((await store.repos.promotions.get(p.promotionId))!.status).toBe('DEPLOYED');
  });

  it('lets exactly one of many concurrent updates of the same version win', async () => {
    const p = await store.repos.promotions.create(minimal());
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        store.repos.promotions.update(p.promotionId, { componentsTotal: i + 1 }, 1),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const after = await store.repos.promotions.get(p.promotionId);
    expect(after!.rowVersion).toBe(2);
  });

  it('refuses patches of fields that never change', async () => {
    const p = await store.repos.promotions.create(minimal());
    const patch = { promotionId: 'other' } as unknown as Parameters<Repositories['promotions']['update']>[1];
    expect(await refusal(store.repos.promotions.update(p.promotionId, patch, 1))).toBe('INVALID_REQUEST');
  });

  it('enforces field limits and enumerations in the schema', async () => {
    const tooLong = (n: number) => 'x'.repeat(n + 1);
    const broken: Partial<NewPromotion>[] = [
      { packageVersion: tooLong(FIELD_LIMITS.packageVersion) },
      { hotfixJustification: tooLong(FIELD_LIMITS.hotfixJustification) },
      { errorMessage: tooLong(FIELD_LIMITS.errorMessage) },
      { resultDetail: tooLong(FIELD_LIMITS.resultDetail) },
      { peerReviewComments: tooLong(FIELD_LIMITS.peerReviewComments) },
      { adminComments: tooLong(FIELD_LIMITS.adminComments) },
      { withdrawalReason: tooLong(FIELD_LIMITS.withdrawalReason) },
      { status: 'PENDING_APPROVAL' as never },
      { peerReviewStatus: 'APPROVED' as never },
      { adminReviewStatus: 'DENIED' as never },
      { targetEnvironment: 'STAGING' as never },
      { isHotfix: 'yes' as never },
      { isHotfix: 'true' },
      { componentsFailed: -1 },
    ];
    for (const fields of broken) {
      expect(
        await refusal(store.repos.promotions.create(minimal(fields))),
        JSON.stringify(fields).slice(0, 60),
      ).toBe('INVALID_REQUEST');
    }
    const atLimit = await store.repos.promotions.create(
      minimal({ packageVersion: 'v'.repeat(FIELD_LIMITS.packageVersion), adminComments: 'c'.repeat(500) }),
    );
    expect(atLimit.packageVersion).toHaveLength(FIELD_LIMITS.packageVersion);
    const p = await store.repos.promotions.create(minimal());
    expect(await refusal(store.repos.promotions.update(p.promotionId, { status: 'NOPE' as never }, 1))).toBe(
      'INVALID_REQUEST',
    );
  });

  it('accepts every status of the domain', async () => {
    for (const status of PROMOTION_STATUSES) {
      const created = await store.repos.promotions.create(minimal({ status }));
      expect(created.status).toBe(status);
    }
  });
});

describe('promotions list', () => {
  const local = useTestRepositories();
  beforeAll(async () => {
    for (let i = 0; i < 25; i++) {
      await local.repos.promotions.create(
        minimal({
          promotionId: `list-${String(i).padStart(2, '0')}`,
          status: i % 3 === 0 ? 'TEST_DEPLOYED' : 'COMPLETED',
          initiatedBy: i % 2 === 0 ? 'Alice@Example.com' : 'bob@example.com',
          peerReviewStatus: i % 5 === 0 ? 'PENDING_PEER_REVIEW' : null,
          adminReviewStatus: i % 4 === 0 ? 'PENDING_ADMIN_REVIEW' : null,
        }),
      );
    }
  });

  it('pages through everything newest first without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await local.repos.promotions.list({}, { limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((p) => p.promotionId));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen[0]).toBe('list-24');
    expect(seen[24]).toBe('list-00');
  });

  it('filters by status, review stages and initiator (case-insensitive)', async () => {
    const byStatus = await local.repos.promotions.list({ status: 'TEST_DEPLOYED' }, { limit: 200 });
    expect(byStatus.items.map((p) => p.promotionId).sort()).toEqual(
      ['00', '03', '06', '09', '12', '15', '18', '21', '24'].map((n) => `list-${n}`),
    );
    const peer = await local.repos.promotions.list({ peerReviewStatus: 'PENDING_PEER_REVIEW' });
    expect(peer.items).toHaveLength(5);
    const admin = await local.repos.promotions.list({ adminReviewStatus: 'PENDING_ADMIN_REVIEW' });
    expect(admin.items).toHaveLength(7);
    const alice = await local.repos.promotions.list({
      initiatedBy: 'alice@example.COM',
      status: ['TEST_DEPLOYED'],
    });
    expect(alice.items.map((p) => p.promotionId).sort()).toEqual([
      'list-00',
      'list-06',
      'list-12',
      'list-18',
      'list-24',
    ]);
    expect(alice.nextCursor).toBeNull();
  });

  it('refuses a forged cursor', async () => {
    expect(await refusal(local.repos.promotions.list({}, { cursor: 'not-a-cursor' }))).toBe(
      'INVALID_REQUEST',
    );
  });
});

describe('the four-eyes filter of the admin-approval queue', () => {
  const local = useTestRepositories();

  it('leaves out what the caller peer-reviewed, whatever form of their email the review recorded', async () => {
    // Recorded at creation and by an update: fullwidth letters, a zero-width space, other case.
    const created = await local.repos.promotions.create(
      minimal({
        promotionId: 'four-eyes-created',
        peerReviewStatus: 'PEER_APPROVED',
        peerReviewedBy: 'ＡＤＭＩＮ@example.com',
      }),
    );
    const updated = await local.repos.promotions.create(minimal({ promotionId: 'four-eyes-updated' }));
    await local.repos.promotions.update(
      updated.promotionId,
      { peerReviewStatus: 'PEER_APPROVED', peerReviewedBy: 'Ad\u200Bmin@Example.com' },
      updated.rowVersion,
    );
    await local.repos.promotions.create(
      minimal({
        promotionId: 'four-eyes-other',
        peerReviewStatus: 'PEER_APPROVED',
        peerReviewedBy: 'bob@example.com',
      }),
    );
    await local.repos.promotions.create(minimal({ promotionId: 'four-eyes-unreviewed' }));

    const seenBy = async (caller: string) =>
      (await local.repos.promotions.list({ notPeerReviewedBy: caller }, { limit: 200 })).items
        .map((p) => p.promotionId)
        .sort();
    expect(await seenBy('admin@example.com')).toEqual(['four-eyes-other', 'four-eyes-unreviewed']);
    expect(await seenBy('bob@example.com')).toEqual([
      'four-eyes-created',
      'four-eyes-unreviewed',
      'four-eyes-updated',
    ]);
    // The record itself keeps what was recorded, exactly.
    expect((await local.repos.promotions.get(created.promotionId))?.peerReviewedBy).toBe(
      'ＡＤＭＩＮ@example.com',
    );
  });
});

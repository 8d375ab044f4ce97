import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';
import { registrationBody } from './requests.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const register = (body: object, user: 'promoter' | 'admin' = 'promoter') =>
  h.as(user, { method: 'POST', url: '/api/v1/promotions', payload: body });

describe('POST /promotions', () => {
  it('registers a promotion (201) with the caller as initiator', async () => {
    const r = await register(registrationBody(h.accountId, 'P-new'));
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      promotionId: 'P-new',
      initiatedBy: 'dev@example.com',
      status: 'COMPLETED',
      rowVersion: 1,
    });
    const stored = await h.repositories.promotions.get('P-new');
    expect(stored?.initiatedBy).toBe('dev@example.com');
  });

  it('updates an IN_PROGRESS promotion (200) and answers an identical re-send unchanged', async () => {
    const body = registrationBody(h.accountId, 'P-progress', { status: 'IN_PROGRESS', componentsTotal: 3 });
    expect((await register(body)).statusCode).toBe(201);
    const completed = await register({ ...body, status: 'COMPLETED', componentsCreated: 3 });
    expect(completed.statusCode).toBe(200);
    expect(completed.json()).toMatchObject({ status: 'COMPLETED', componentsCreated: 3, rowVersion: 2 });
    const resent = await register({ ...body, status: 'COMPLETED', componentsCreated: 3 });
    expect(resent.statusCode).toBe(200);
    expect(resent.json().rowVersion).toBe(2);
  });

  it('refuses to change a finished promotion (409 PROMOTION_NOT_UPDATABLE)', async () => {
    await register(registrationBody(h.accountId, 'P-final'));
    const r = await register(registrationBody(h.accountId, 'P-final', { processName: 'Renamed' }));
    expect(r.statusCode).toBe(409);
    expect(r.json().errorCode).toBe('PROMOTION_NOT_UPDATABLE');
  });

  it('refuses another account than the configured one (400)', async () => {
    const r = await register(registrationBody('some-other-account', 'P-acct'));
    expect(r.statusCode).toBe(400);
    expect(r.json().errorMessage).toContain('configured account');
  });
});

describe('GET /promotions', () => {
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) {
      await h.repositories.promotions.create({
        promotionId: `L-${i}`,
        devAccountId: 'd',
        prodAccountId: h.accountId,
        devPackageId: 'dp',
        initiatedBy: i % 2 === 0 ? 'Even@Example.com' : 'odd@example.com',
        initiatedAt: new Date().toISOString(),
        status: i < 4 ? 'COMPLETED' : 'TEST_DEPLOYED',
        targetEnvironment: i === 6 ? 'PRODUCTION' : 'TEST',
        peerReviewStatus: i === 5 ? 'PEER_APPROVED' : i === 6 ? 'PENDING_PEER_REVIEW' : null,
        adminReviewStatus: i === 5 ? 'PENDING_ADMIN_REVIEW' : null,
      });
    }
  });

  const list = async (query: string) => {
    const r = await h.as('viewer', { method: 'GET', url: `/api/v1/promotions?${query}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { items: { promotionId: string }[]; nextCursor: string | null };
  };
  const ids = (page: { items: { promotionId: string }[] }) => page.items.map((p) => p.promotionId);

  it('pages newest first with a cursor until nextCursor is null, each record once', async () => {
    const seen: string[] = [];
    let page = await list('initiatedBy=even@example.com&limit=2');
    seen.push(...ids(page));
    while (page.nextCursor) {
      page = await list(`initiatedBy=even@example.com&limit=2&cursor=${encodeURIComponent(page.nextCursor)}`);
      seen.push(...ids(page));
    }
    expect(seen).toStrictEqual(['L-6', 'L-4', 'L-2', 'L-0']);
  });

  it('filters by one or several statuses', async () => {
    expect(ids(await list('status=TEST_DEPLOYED'))).toStrictEqual(['L-6', 'L-5', 'L-4']);
    const both = ids(await list('status=TEST_DEPLOYED&status=COMPLETED&initiatedBy=odd@example.com'));
    expect(both).toStrictEqual(['L-5', 'L-3', 'L-1']);
  });

  it('filters by review stage and review statuses', async () => {
    // (The COMPLETED records registered above are in peer review too: spec §10.)
    expect(ids(await list('reviewStage=PENDING_PEER_REVIEW'))).toStrictEqual([
      'L-6',
      'P-final',
      'P-progress',
      'P-new',
    ]);
    expect(ids(await list('reviewStage=PENDING_ADMIN_REVIEW'))).toStrictEqual(['L-5']);
    expect(ids(await list('peerReviewStatus=PEER_APPROVED'))).toStrictEqual(['L-5']);
    expect(ids(await list('reviewStage=ALL&targetEnvironment=PRODUCTION'))).toStrictEqual(['L-6']);
  });

  it('refuses contradicting filters, a bad cursor, a bad status and a bad limit (400)', async () => {
    for (const query of [
      'reviewStage=PENDING_PEER_REVIEW&peerReviewStatus=PEER_APPROVED',
      'cursor=not-a-cursor',
      'status=SHIPPED',
      'limit=0',
      'limit=1000',
    ]) {
      const r = await h.as('viewer', { method: 'GET', url: `/api/v1/promotions?${query}` });
      expect(r.statusCode, query).toBe(400);
      expect(r.json().errorCode).toBe('INVALID_REQUEST');
    }
  });
});

describe('GET /promotions/:promotionId', () => {
  it('answers the record, or 404 PROMOTION_NOT_FOUND', async () => {
    await register(registrationBody(h.accountId, 'P-read'));
    const found = await h.as('viewer', { method: 'GET', url: '/api/v1/promotions/P-read' });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ promotionId: 'P-read', branchId: 'branch-1', isHotfix: null });
    const missing = await h.as('viewer', { method: 'GET', url: '/api/v1/promotions/P-none' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().errorCode).toBe('PROMOTION_NOT_FOUND');
  });
});

describe('POST /promotions/:promotionId/peer-review and /deny', () => {
  it('passes the parsed decision and the token’s identity to the review service', async () => {
    await register(registrationBody(h.accountId, 'P-rev'));
    const r = await h.as('reviewer', {
      method: 'POST',
      url: '/api/v1/promotions/P-rev/peer-review',
      payload: { decision: 'REJECTED', comments: '  needs tests  ' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      success: true,
      branchDeleted: false,
      promotion: { promotionId: 'P-rev' },
    });
    expect(h.services.reviews.calls.at(-1)).toMatchObject({
      method: 'peerReview',
      promotionId: 'P-rev',
      input: { decision: 'REJECTED', comments: 'needs tests' },
      caller: { email: 'reviewer@example.com' },
    });
  });

  it('refuses a rejection without comments and a reviewer named in the body (400)', async () => {
    for (const payload of [
      { decision: 'REJECTED' },
      { decision: 'APPROVED', reviewerEmail: 'x@example.com' },
    ]) {
      const r = await h.as('reviewer', {
        method: 'POST',
        url: '/api/v1/promotions/P-rev/peer-review',
        payload,
      });
      expect(r.statusCode).toBe(400);
    }
  });

  it('answers the service’s 404 for an unknown promotion', async () => {
    const r = await h.as('admin', {
      method: 'POST',
      url: '/api/v1/promotions/P-zz/deny',
      payload: { reason: 'no' },
    });
    expect(r.statusCode).toBe(404);
    expect(r.json().errorCode).toBe('PROMOTION_NOT_FOUND');
  });
});

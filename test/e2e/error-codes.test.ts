/**
 * Every error code of spec §4–§5 through the real server, with its HTTP status and body: the
 * standard `{success: false, errorCode, errorMessage}` for refusals, the full Package and Deploy
 * response for runs that failed. Refusals happen before any Boomi write (the sandbox's call log
 * proves it); catastrophic failures delete the branch and mark the promotion FAILED.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from './support/cli.ts';
import { apiAs, call, expectError, expectFailedRun } from './support/http.ts';
import { INSTANT, startServerWithSandbox, type SandboxControl, type World } from './support/sandbox.ts';
import type { RunningServer } from './support/server.ts';

const MERGE_TIMEOUT_MS = 3000;

let server: RunningServer;
let sandbox: SandboxControl;
let world: World;
type Api = ReturnType<typeof apiAs>;
let admin: Api;
let admin2: Api;
let reviewer: Api;
let dev: Api;
/** admin + promoter + reviewer: initiates promotions, and would like to approve them too. */
let boss: Api;
const demo: Record<string, { promotionId: string; branchId: string; prodComponentId: string }> = {};

const env = (name: string) => world.environments.find((e) => e.name === name)!.id;
const existingPack = () => world.integrationPacks[0]!.id;

/** Runs `act` and asserts it wrote nothing to Boomi. */
async function withoutBoomiWrites<T>(act: () => Promise<T>): Promise<T> {
  const since = await sandbox.lastSeq();
  const result = await act();
  expect(await sandbox.writesSince(since)).toEqual([]);
  return result;
}

function testDeploy(promotionId: string, extra: Record<string, unknown> = {}) {
  return {
    promotionId,
    packageVersion: '5.0',
    deploymentTarget: 'TEST',
    integrationPackId: existingPack(),
    targetEnvironments: [{ environmentId: env('Test') }],
    ...extra,
  };
}

async function register(api: Api, promotionId: string, fields: Record<string, unknown> = {}) {
  const answer = await api('POST', '/promotions', {
    body: {
      promotionId,
      devAccountId: 'acme-dev-orders-3KD9QA',
      prodAccountId: world.accountId,
      devPackageId: `dev-${promotionId}`,
      status: 'COMPLETED',
      prodComponentId: demo['Order Intake']!.prodComponentId,
      branchId: demo['Order Intake']!.branchId,
      ...fields,
    },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

beforeAll(async () => {
  ({ server, sandbox, world } = await startServerWithSandbox({
    env: { PROMO_MERGE_TIMEOUT_MS: String(MERGE_TIMEOUT_MS) },
  }));
  admin = apiAs(server.url, server.tokens['admin@example.com']);
  admin2 = apiAs(server.url, server.tokens['admin2@example.com']);
  reviewer = apiAs(server.url, server.tokens['reviewer@example.com']);
  dev = apiAs(server.url, server.tokens['dev@example.com']);
  boss = apiAs(server.url, await createToken(server, 'Boss@Example.com', ['admin', 'promoter', 'reviewer']));
  for (const p of (await admin('GET', '/promotions')).body.items) demo[p.processName] = p;
});

afterAll(async () => {
  await server?.dispose();
});

describe('refusals before any Boomi write (spec §4 checks 1–9)', () => {
  it('INVALID_REQUEST 400: a missing field, an unknown field, an ambiguous pack choice, malformed JSON', async () => {
    const id = demo['Inventory Feed']!.promotionId;
    await withoutBoomiWrites(async () => {
      expectError(
        await admin('POST', '/package-and-deploy', { body: { promotionId: id, deploymentTarget: 'TEST' } }),
        400,
        'INVALID_REQUEST',
      );
      expectError(
        await admin('POST', '/deployments', { body: testDeploy(id, { adminEmail: 'dev@example.com' }) }),
        400,
        'INVALID_REQUEST',
      );
      expectError(
        await admin('POST', '/deployments', {
          body: testDeploy(id, { createNewPack: true, newPackName: 'X' }),
        }),
        400,
        'INVALID_REQUEST',
      );
      expectError(
        await admin('POST', '/deployments', { rawBody: '{"promotionId": ' }),
        400,
        'INVALID_REQUEST',
      );
      expectError(
        await admin('POST', '/deployments', { body: testDeploy(id, { prodAccountId: 'someone-else' }) }),
        400,
        'INVALID_REQUEST',
      );
    });
  });

  it('UNAUTHENTICATED 401 and FORBIDDEN 403', async () => {
    const body = testDeploy(demo['Inventory Feed']!.promotionId);
    await withoutBoomiWrites(async () => {
      expectError(await call(server.url, 'POST', '/api/v1/deployments', { body }), 401, 'UNAUTHENTICATED');
      expectError(await reviewer('POST', '/deployments', { body }), 403, 'FORBIDDEN');
      expectError(
        await dev('POST', `/promotions/${body.promotionId}/deny`, { body: { reason: 'no' } }),
        403,
        'FORBIDDEN',
      );
    });
  });

  it('PROMOTION_NOT_FOUND 404 for deployments, peer reviews and denials', async () => {
    await withoutBoomiWrites(async () => {
      expectError(
        await admin('POST', '/package-and-deploy', { body: testDeploy('no-such-promotion') }),
        404,
        'PROMOTION_NOT_FOUND',
      );
      expectError(
        await reviewer('POST', '/promotions/no-such-promotion/peer-review', {
          body: { decision: 'APPROVED' },
        }),
        404,
        'PROMOTION_NOT_FOUND',
      );
      expectError(
        await admin('POST', '/promotions/no-such-promotion/deny', { body: { reason: 'x' } }),
        404,
        'PROMOTION_NOT_FOUND',
      );
    });
  });

  it('PROMOTION_NOT_COMPLETED 409 with the seed’s message', async () => {
    const promotionId = 'e2e-in-progress';
    await register(dev, promotionId, { status: 'IN_PROGRESS' });
    const answer = await withoutBoomiWrites(() =>
      admin('POST', '/deployments', { body: testDeploy(promotionId) }),
    );
    expectError(answer, 409, 'PROMOTION_NOT_COMPLETED');
    expect(answer.body.errorMessage).toBe(
      `Promotion ${promotionId} has status 'IN_PROGRESS' — packaging requires COMPLETED or TEST_DEPLOYED status`,
    );
  });

  it('SELF_APPROVAL_NOT_ALLOWED 403 (compared case-insensitively) for deploying and denying one’s own promotion', async () => {
    const promotionId = 'e2e-boss-own';
    const record = await register(boss, promotionId);
    expect(record.initiatedBy).toBe('boss@example.com');
    await withoutBoomiWrites(async () => {
      const deploy = await boss('POST', '/package-and-deploy', { body: testDeploy(promotionId) });
      expectError(deploy, 403, 'SELF_APPROVAL_NOT_ALLOWED');
      expect(deploy.body.errorMessage).toBe('Admin cannot approve and deploy their own promotion');
      expectError(
        await boss('POST', `/promotions/${promotionId}/deny`, { body: { reason: 'mine' } }),
        403,
        'SELF_APPROVAL_NOT_ALLOWED',
      );
    });
  });

  it('SELF_REVIEW_NOT_ALLOWED 403 and ALREADY_REVIEWED 409', async () => {
    await withoutBoomiWrites(async () => {
      expectError(
        await boss('POST', '/promotions/e2e-boss-own/peer-review', { body: { decision: 'APPROVED' } }),
        403,
        'SELF_REVIEW_NOT_ALLOWED',
      );
      const id = demo['Inventory Feed']!.promotionId;
      const first = await reviewer('POST', `/promotions/${id}/peer-review`, {
        body: { decision: 'APPROVED', comments: 'Looks right' },
      });
      expect(first.status).toBe(200);
      expect(first.body.promotion).toMatchObject({
        peerReviewStatus: 'PEER_APPROVED',
        adminReviewStatus: 'PENDING_ADMIN_REVIEW',
      });
      expectError(
        await admin2('POST', `/promotions/${id}/peer-review`, {
          body: { decision: 'REJECTED', comments: 'No' },
        }),
        409,
        'ALREADY_REVIEWED',
      );
    });
  });

  it('TEST_PROMOTION_NOT_FOUND 404 and HOTFIX_JUSTIFICATION_REQUIRED 400 (mode rules)', async () => {
    const id = demo['Inventory Feed']!.promotionId;
    const production = {
      ...testDeploy(id),
      deploymentTarget: 'PRODUCTION',
      targetEnvironments: [{ environmentId: env('Production') }],
    };
    await withoutBoomiWrites(async () => {
      expectError(
        await admin('POST', '/deployments', { body: { ...production, testPromotionId: 'no-such-test' } }),
        404,
        'TEST_PROMOTION_NOT_FOUND',
      );
      expectError(
        await admin('POST', '/deployments', { body: production }),
        400,
        'HOTFIX_JUSTIFICATION_REQUIRED',
      );
      expectError(
        await admin('POST', '/deployments', { body: { ...production, isHotfix: true } }),
        400,
        'HOTFIX_JUSTIFICATION_REQUIRED',
      );
    });
  });

  it('INVALID_TARGET_ENVIRONMENT 400: a TEST deployment can never reach a production environment', async () => {
    const id = demo['Inventory Feed']!.promotionId;
    await withoutBoomiWrites(async () => {
      const toProd = testDeploy(id, {
        targetEnvironments: [{ environmentId: env('Test') }, { environmentId: env('Production') }],
      });
      expectError(await admin('POST', '/deployments', { body: toProd }), 400, 'INVALID_TARGET_ENVIRONMENT');
      const unknown = testDeploy(id, { targetEnvironments: [{ environmentId: 'no-such-environment' }] });
      expectError(await admin('POST', '/deployments', { body: unknown }), 400, 'INVALID_TARGET_ENVIRONMENT');
      const prodGroup = world.accountGroups.find((g) => g.name === 'Acme Production Subscribers')!.id;
      const viaGroup = testDeploy(id, { targetEnvironments: null, targetAccountGroupId: prodGroup });
      expectError(await admin('POST', '/deployments', { body: viaGroup }), 400, 'INVALID_TARGET_ENVIRONMENT');
    });
  });

  it('an existing pack that does not exist is INVALID_REQUEST 400 — a typo never costs a merge', async () => {
    const body = testDeploy(demo['Inventory Feed']!.promotionId, { integrationPackId: 'no-such-pack' });
    await withoutBoomiWrites(async () => {
      expectError(await admin('POST', '/deployments', { body }), 400, 'INVALID_REQUEST');
    });
  });

  it('SERVICE_UNAVAILABLE 503 when Boomi cannot answer the read-only checks, and /readyz says so', async () => {
    await sandbox.addFault({ method: 'POST', pathPattern: '/Environment/query', status: 500, times: 2 });
    await withoutBoomiWrites(async () => {
      expectError(
        await admin('POST', '/deployments', { body: testDeploy(demo['Inventory Feed']!.promotionId) }),
        503,
        'SERVICE_UNAVAILABLE',
      );
      const ready = await call(server.url, 'GET', '/readyz');
      expect(ready).toMatchObject({
        status: 503,
        body: { status: 'not ready', checks: { database: 'ok', boomi: 'unavailable' } },
      });
    });
    expect((await call(server.url, 'GET', '/readyz')).status).toBe(200);
  });

  it('DEPLOYMENT_IN_PROGRESS 409: one active run per promotion', async () => {
    // This run's release never finishes while the test lasts (it stays RUNNING until the server stops),
    // so the second request meets an active run whatever the machine's speed.
    const id = demo['Payment Reconciliation']!.promotionId;
    await sandbox.setTimings({ releaseMs: 60 * 60_000 });
    const first = await admin('POST', '/deployments', { body: testDeploy(id) });
    expect(first.status).toBe(202);
    let run = (await admin('GET', `/deployments/${first.body.runId}`)).body;
    while (!run.steps.some((s: { name: string }) => s.name === '7-release')) {
      expect(run.state).toBe('RUNNING');
      await new Promise((resolve) => setTimeout(resolve, 20));
      run = (await admin('GET', `/deployments/${first.body.runId}`)).body;
    }
    await sandbox.setTimings(INSTANT); // releases started from now on finish at once again
    const second = await admin2('POST', '/deployments', { body: testDeploy(id, { packageVersion: '5.1' }) });
    expectError(second, 409, 'DEPLOYMENT_IN_PROGRESS');
  });

  it('BRANCH_NOT_FOUND 409: a TEST deployment needs the promotion’s branch', async () => {
    // Order Intake goes to TEST, then a separate production record promotes it: both branches are cleared.
    const test = demo['Order Intake']!;
    expect(
      (await admin('POST', '/package-and-deploy', { body: testDeploy(test.promotionId) })).body.success,
    ).toBe(true);
    await register(dev, 'e2e-order-intake-prod');
    // Spec §10: a peer approval by the reviewer before the production run.
    const approval = await reviewer('POST', '/promotions/e2e-order-intake-prod/peer-review', {
      body: { decision: 'APPROVED', comments: 'Tested in QA' },
    });
    expect(approval.status).toBe(200);
    const toProduction = await admin('POST', '/package-and-deploy', {
      body: {
        promotionId: 'e2e-order-intake-prod',
        testPromotionId: test.promotionId,
        packageVersion: '5.0',
        deploymentTarget: 'PRODUCTION',
        integrationPackId: existingPack(),
        targetEnvironments: [{ environmentId: env('Production') }],
      },
    });
    expect(toProduction.body).toMatchObject({ success: true, branchPreserved: 'false' });
    expect((await admin('GET', `/promotions/${test.promotionId}`)).body).toMatchObject({
      status: 'TEST_DEPLOYED',
      branchId: null,
    });
    await withoutBoomiWrites(async () => {
      expectError(
        await admin('POST', '/deployments', {
          body: testDeploy(test.promotionId, { packageVersion: '5.2' }),
        }),
        409,
        'BRANCH_NOT_FOUND',
      );
    });
  });

  it('PROMOTION_NOT_UPDATABLE 409: a finished promotion cannot be re-registered with changes', async () => {
    const answer = await dev('POST', '/promotions', {
      body: {
        promotionId: 'e2e-order-intake-prod',
        devAccountId: 'acme-dev-orders-3KD9QA',
        prodAccountId: world.accountId,
        devPackageId: 'dev-e2e-order-intake-prod',
        status: 'FAILED',
      },
    });
    expectError(answer, 409, 'PROMOTION_NOT_UPDATABLE');
  });

  it('IDEMPOTENCY_KEY_REUSED 422 and NOT_FOUND 404', async () => {
    const first = await admin('POST', '/promotions/no-such-promotion/deny', {
      body: { reason: 'a' },
      idempotencyKey: 'k-422',
    });
    expectError(first, 404, 'PROMOTION_NOT_FOUND');
    expectError(
      await admin('POST', '/promotions/no-such-promotion/deny', {
        body: { reason: 'b' },
        idempotencyKey: 'k-422',
      }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expectError(await admin('GET', '/deployments/run-unknown'), 404, 'NOT_FOUND');
  });
});

describe('runs that fail (spec §4 failures)', () => {
  async function expectCatastrophe(name: string, since: number) {
    const { promotionId, branchId } = demo[name]!;
    expect((await admin('GET', `/promotions/${promotionId}`)).body).toMatchObject({
      status: 'FAILED',
      branchId: null,
      errorMessage: expect.any(String),
    });
    const writes = await sandbox.writesSince(since);
    expect(writes.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([`/Branch/${branchId}`]);
    expect(writes.filter((c) => c.path === '/DeployedPackage')).toEqual([]);
  }

  it('MERGE_FAILED 502: the branch is deleted and the promotion FAILED', async () => {
    await sandbox.addFault({ scenario: 'mergeFails', times: 1 });
    const since = await sandbox.lastSeq();
    const answer = await admin('POST', '/package-and-deploy', {
      body: testDeploy(demo['Invoice Sync']!.promotionId),
    });
    expectFailedRun(answer, 502, 'MERGE_FAILED');
    await expectCatastrophe('Invoice Sync', since);
  });

  it('MERGE_TIMEOUT 504 when the merge does not finish in the configured time', async () => {
    await sandbox.setTimings({ mergeDraftingMs: 10 * MERGE_TIMEOUT_MS });
    const since = await sandbox.lastSeq();
    const answer = await admin('POST', '/package-and-deploy', {
      body: testDeploy(demo['Customer Master Sync']!.promotionId),
    });
    await sandbox.setTimings(INSTANT);
    expectFailedRun(answer, 504, 'MERGE_TIMEOUT');
    await expectCatastrophe('Customer Master Sync', since);
  });

  it('PROMOTION_FAILED 502 when the release fails', async () => {
    await sandbox.addFault({ scenario: 'releaseError', times: 1 });
    const since = await sandbox.lastSeq();
    const answer = await admin('POST', '/package-and-deploy', {
      body: testDeploy(demo['Shipment Notifications']!.promotionId),
    });
    expectFailedRun(answer, 502, 'PROMOTION_FAILED');
    await expectCatastrophe('Shipment Notifications', since);
  });

  it('DEPLOYMENT_FAILED 502 when every environment fails; each failure is reported', async () => {
    await sandbox.addFault({ method: 'POST', pathPattern: '/DeployedPackage', status: 400 });
    try {
      const body = testDeploy(demo['Inventory Feed']!.promotionId, {
        packageVersion: '5.3',
        targetEnvironments: [{ environmentId: env('Test') }, { environmentId: env('Test 2') }],
      });
      const answer = await admin('POST', '/package-and-deploy', { body });
      expectFailedRun(answer, 502, 'DEPLOYMENT_FAILED');
      expect(answer.body.deploymentStatus).toBe('FAILED');
      expect(answer.body.deployedEnvironments.map((e: { status: string }) => e.status)).toEqual([
        'FAILED',
        'FAILED',
      ]);
    } finally {
      await sandbox.clearFaults();
    }
  });
});

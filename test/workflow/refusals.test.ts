/**
 * Every refusal of spec §4 checks 1–9: the code, the HTTP status, the message where the spec
 * names one — and nothing happened: no Boomi write in the sandbox's call log, no run, the
 * PromotionLog untouched (the HTTP layer writes the refusal's audit entry).
 */
import { describe, expect, it } from 'vitest';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import { PromoError } from '../../src/domain/errors.ts';
import type { Caller } from '../../src/domain/caller.ts';
import { ADMIN, DEVELOPER_EMAIL, REVIEWER, environmentNamed, registerPromotion } from '../helpers/world.ts';
import { useWorld } from './support/use-world.ts';

const world = useWorld();

/** A fresh demo promotion id each time, registered with `overrides`. */
let next = 0;
async function promotion(overrides: Parameters<typeof registerPromotion>[2] = {}) {
  const demo = world.demo.promotions[next % world.demo.promotions.length]!;
  next += 1;
  const promotionId = `${demo.promotionId}-refusal-${next}`;
  return registerPromotion(world, { ...demo, promotionId }, overrides);
}

const testRequest = (promotionId: string, extra: Record<string, unknown> = {}) => ({
  promotionId,
  packageVersion: '9.9.9',
  deploymentTarget: 'TEST',
  createNewPack: true,
  newPackName: 'Refused pack',
  ...extra,
});

/** Sends the request as the HTTP route does (parse, then the service) and returns the refusal. */
async function refusal(raw: Record<string, unknown>, caller: Caller = ADMIN): Promise<PromoError> {
  const mark = await world.control.mark();
  const before = raw.promotionId ? await world.repos.promotions.get(String(raw.promotionId)) : null;
  const runsBefore = raw.promotionId
    ? await world.repos.deploymentRuns.listForPromotion(String(raw.promotionId))
    : [];
  const lastAuditBefore = (await world.repos.auditLog.list({}, { limit: 1 })).items[0]?.id ?? 0;
  let caught: unknown;
  try {
    await world.services.deployments.start(parseDeployRequest(raw), caller);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(PromoError);
  // Nothing happened: no Boomi write, no run, the record as it was.
  expect(await world.control.writesSince(mark)).toEqual([]);
  expect((await world.repos.auditLog.list({}, { limit: 1 })).items[0]?.id ?? 0).toBe(lastAuditBefore);
  if (raw.promotionId) {
    expect(await world.repos.deploymentRuns.listForPromotion(String(raw.promotionId))).toEqual(runsBefore);
    expect(await world.repos.promotions.get(String(raw.promotionId))).toEqual(before);
  }
  return caught as PromoError;
}

describe('Package and Deploy refusals (spec §4), before any Boomi write', () => {
  it('1. INVALID_REQUEST (400) for a broken field rule', async () => {
    expect(() =>
      parseDeployRequest({ promotionId: 'p', packageVersion: 'x'.repeat(21), deploymentTarget: 'TEST' }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST', status: 400 }));
    const record = await promotion();
    const error = await refusal(testRequest(record.promotionId, { prodComponentId: 'some-other-component' }));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', status: 400 });
  });

  it('2. FORBIDDEN (403) without the admin role', async () => {
    const record = await promotion();
    expect(await refusal(testRequest(record.promotionId), REVIEWER)).toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
    });
  });

  it('3. PROMOTION_NOT_FOUND (404)', async () => {
    expect(await refusal(testRequest('no-such-promotion'))).toMatchObject({
      code: 'PROMOTION_NOT_FOUND',
      status: 404,
    });
  });

  it('4. PROMOTION_NOT_COMPLETED (409) with the seed’s message', async () => {
    const record = await promotion({ status: 'IN_PROGRESS' });
    const error = await refusal(testRequest(record.promotionId));
    expect(error).toMatchObject({ code: 'PROMOTION_NOT_COMPLETED', status: 409 });
    expect(error.message).toBe(
      `Promotion ${record.promotionId} has status 'IN_PROGRESS' — packaging requires COMPLETED or TEST_DEPLOYED status`,
    );
  });

  it('5. SELF_APPROVAL_NOT_ALLOWED (403): the caller’s identity, compared case-insensitively', async () => {
    const record = await promotion();
    const self: Caller = { email: DEVELOPER_EMAIL.toUpperCase(), roles: ['admin'] };
    const error = await refusal(testRequest(record.promotionId), self);
    expect(error).toMatchObject({ code: 'SELF_APPROVAL_NOT_ALLOWED', status: 403 });
    expect(error.message).toBe('Admin cannot approve and deploy their own promotion');
  });

  /** Past checks 5a/5b (spec §10): peer-approved by the reviewer. */
  const approved = { peerReviewStatus: 'PEER_APPROVED', peerReviewedBy: REVIEWER.email } as const;

  it('6. TEST_PROMOTION_NOT_FOUND (404) for mode 2 without its test record', async () => {
    const record = await promotion(approved);
    const error = await refusal({
      promotionId: record.promotionId,
      packageVersion: '1.0',
      deploymentTarget: 'PRODUCTION',
      testPromotionId: 'no-such-test-promotion',
      createNewPack: true,
      newPackName: 'Prod',
    });
    expect(error).toMatchObject({ code: 'TEST_PROMOTION_NOT_FOUND', status: 404 });
  });

  it('6. INVALID_REQUEST (400) when the test record is not TEST_DEPLOYED', async () => {
    const test = await promotion({ status: 'COMPLETED' });
    const record = await promotion(approved);
    const error = await refusal({
      promotionId: record.promotionId,
      packageVersion: '1.0',
      deploymentTarget: 'PRODUCTION',
      testPromotionId: test.promotionId,
      createNewPack: true,
      newPackName: 'Prod',
    });
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', status: 400 });
  });

  it('6. HOTFIX_JUSTIFICATION_REQUIRED (400) for mode 3 without the flag or the justification', async () => {
    const record = await promotion(approved);
    const base = {
      promotionId: record.promotionId,
      packageVersion: '1.0',
      deploymentTarget: 'PRODUCTION',
      createNewPack: true,
      newPackName: 'Hotfix',
    };
    expect(await refusal(base)).toMatchObject({ code: 'HOTFIX_JUSTIFICATION_REQUIRED', status: 400 });
    expect(await refusal({ ...base, isHotfix: true })).toMatchObject({
      code: 'HOTFIX_JUSTIFICATION_REQUIRED',
      status: 400,
    });
  });

  it('7. BRANCH_NOT_FOUND (409) for a merging mode without a branch', async () => {
    const record = await promotion({ branchId: null });
    expect(await refusal(testRequest(record.promotionId))).toMatchObject({
      code: 'BRANCH_NOT_FOUND',
      status: 409,
    });
  });

  it('8. INVALID_TARGET_ENVIRONMENT (400): a TEST run can never reach production, nor an unknown environment', async () => {
    const record = await promotion();
    const production = environmentNamed(world.demo, 'Production');
    const toProduction = await refusal(
      testRequest(record.promotionId, { targetEnvironments: [{ environmentId: production.id }] }),
    );
    expect(toProduction).toMatchObject({ code: 'INVALID_TARGET_ENVIRONMENT', status: 400 });
    expect(toProduction.message).toContain(production.id);
    const unknown = await refusal(
      testRequest(record.promotionId, { targetEnvironments: [{ environmentId: 'nowhere' }] }),
    );
    expect(unknown).toMatchObject({ code: 'INVALID_TARGET_ENVIRONMENT', status: 400 });
  });

  it('8. INVALID_REQUEST (400) when the existing pack does not exist — a typo never costs a merge', async () => {
    const record = await promotion();
    const error = await refusal({
      promotionId: record.promotionId,
      packageVersion: '1.0',
      deploymentTarget: 'TEST',
      integrationPackId: '00000000-0000-0000-0000-000000000000',
    });
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', status: 400 });
    expect(error.message).toContain('00000000-0000-0000-0000-000000000000');
  });

  it('9. DEPLOYMENT_IN_PROGRESS (409) while another run of the promotion is active', async () => {
    const record = await promotion();
    await world.repos.deploymentRuns.create({
      runId: `run-active-${record.promotionId}`,
      promotionId: record.promotionId,
      branchId: record.branchId,
      mode: 'TEST',
      deploymentTarget: 'TEST',
      request: {},
      callerEmail: ADMIN.email,
      state: 'RUNNING',
    });
    expect(await refusal(testRequest(record.promotionId))).toMatchObject({
      code: 'DEPLOYMENT_IN_PROGRESS',
      status: 409,
    });
  });

  it('checks in the spec’s order: the earliest broken rule answers', async () => {
    const notCompleted = await promotion({ status: 'FAILED', branchId: null });
    // Not an admin beats everything after check 2.
    expect(await refusal(testRequest(notCompleted.promotionId), REVIEWER)).toMatchObject({
      code: 'FORBIDDEN',
    });
    // The status gate (4) beats the missing branch (7).
    expect(await refusal(testRequest(notCompleted.promotionId))).toMatchObject({
      code: 'PROMOTION_NOT_COMPLETED',
    });
    // Self-approval (5) beats the hotfix rule (6).
    const own = await promotion();
    const self: Caller = { email: DEVELOPER_EMAIL, roles: ['admin'] };
    const hotfixWithoutJustification = {
      promotionId: own.promotionId,
      packageVersion: '1.0',
      deploymentTarget: 'PRODUCTION',
      createNewPack: true,
      newPackName: 'x',
    };
    expect(await refusal(hotfixWithoutJustification, self)).toMatchObject({
      code: 'SELF_APPROVAL_NOT_ALLOWED',
    });
  });
});

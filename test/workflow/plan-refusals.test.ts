/**
 * A refused plan answers exactly as the run would (spec §11): every refusal code of §4, through
 * the real HTTP app on the real services (and those of §10: peer approval, four eyes), from POST /package-and-deploy/plan and from
 * POST /package-and-deploy — same status, same body — and neither writes to Boomi.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/api-tokens.ts';
import type { Role } from '../../src/domain/caller.ts';
import { buildApp } from '../../src/http/app.ts';
import {
  ADMIN,
  DEVELOPER_EMAIL,
  environmentNamed,
  freshPromotion,
  PEER_APPROVED,
  registerPromotion,
  REVIEWER,
  type DemoPromotion,
} from '../helpers/world.ts';
import { useWorld } from './support/use-world.ts';

const world = useWorld({ durable: false });
let app: FastifyInstance;
const tokens: Record<string, string> = {};
let promotion: DemoPromotion;

async function token(email: string, roles: Role[]): Promise<string> {
  return (await createApiToken(world.repos.apiTokens, { email, roles, name: `plan-${email}` })).token;
}

beforeAll(async () => {
  app = await buildApp({
    pool: world.db.pool,
    stores: world.repos,
    checkBoomi: async () => {},
    services: world.services,
  });
  tokens.admin = await token(ADMIN.email, ['admin']);
  tokens.reviewer = await token('plan.reviewer@acme.example', ['reviewer']);
  tokens.initiator = await token(DEVELOPER_EMAIL, ['admin']);
  tokens.peerReviewer = await token(REVIEWER.email, ['admin']);
  promotion = await freshPromotion(world, 'plan-refusals');
  // Peer-approved, so that production requests reach the checks after §10's 5a.
  await registerPromotion(world, promotion, PEER_APPROVED);
  await registerPromotion(world, { ...promotion, promotionId: 'plan-refusals-unreviewed' });
  await registerPromotion(
    world,
    { ...promotion, promotionId: 'plan-refusals-denied' },
    { status: 'ADMIN_REJECTED' },
  );
  await registerPromotion(
    world,
    { ...promotion, promotionId: 'plan-refusals-no-branch' },
    { branchId: null, branchName: null },
  );
});
afterAll(async () => {
  await app?.close();
});

const test = () => environmentNamed(world.demo, 'Test').id;
const production = () => environmentNamed(world.demo, 'Production').id;
const pack = () => world.demo.integrationPacks[0]!.id;

function body(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    promotionId: promotion.promotionId,
    packageVersion: '1.0.0',
    deploymentTarget: 'TEST',
    integrationPackId: pack(),
    targetEnvironments: [{ environmentId: test() }],
    ...extra,
  };
}

const hotfix = () => ({
  deploymentTarget: 'PRODUCTION',
  isHotfix: true,
  hotfixJustification: 'Orders stuck',
  targetEnvironments: [{ environmentId: production() }],
});

const CASES: { code: string; status: number; as?: string; body: () => Record<string, unknown> }[] = [
  { code: 'INVALID_REQUEST', status: 400, body: () => body({ packageVersion: '' }) },
  { code: 'INVALID_REQUEST', status: 400, body: () => body({ prodAccountId: 'someone-else' }) },
  { code: 'INVALID_REQUEST', status: 400, body: () => body({ integrationPackId: 'no-such-pack' }) },
  { code: 'FORBIDDEN', status: 403, as: 'reviewer', body: () => body() },
  { code: 'PROMOTION_NOT_FOUND', status: 404, body: () => body({ promotionId: 'no-such-promotion' }) },
  { code: 'PROMOTION_NOT_COMPLETED', status: 409, body: () => body({ promotionId: 'plan-refusals-denied' }) },
  { code: 'SELF_APPROVAL_NOT_ALLOWED', status: 403, as: 'initiator', body: () => body() },
  {
    code: 'PEER_REVIEW_REQUIRED',
    status: 409,
    body: () => body({ promotionId: 'plan-refusals-unreviewed', ...hotfix() }),
  },
  { code: 'REVIEWER_CANNOT_APPROVE', status: 403, as: 'peerReviewer', body: () => body(hotfix()) },
  {
    code: 'TEST_PROMOTION_NOT_FOUND',
    status: 404,
    body: () =>
      body({ deploymentTarget: 'PRODUCTION', testPromotionId: 'no-such-test', targetEnvironments: [] }),
  },
  {
    code: 'HOTFIX_JUSTIFICATION_REQUIRED',
    status: 400,
    body: () =>
      body({ deploymentTarget: 'PRODUCTION', targetEnvironments: [{ environmentId: production() }] }),
  },
  { code: 'BRANCH_NOT_FOUND', status: 409, body: () => body({ promotionId: 'plan-refusals-no-branch' }) },
  {
    code: 'INVALID_TARGET_ENVIRONMENT',
    status: 400,
    body: () => body({ targetEnvironments: [{ environmentId: production() }] }),
  },
  {
    code: 'INVALID_TARGET_ENVIRONMENT',
    status: 400,
    body: () => body({ targetEnvironments: [{ environmentId: 'no-such-environment' }] }),
  },
];

describe('a refused plan answers as the run', () => {
  it.each(CASES.map((c, i) => ({ ...c, name: `${c.code} #${i}` })))('$name', async (c) => {
    const headers = { authorization: `Bearer ${tokens[c.as ?? 'admin']}` };
    const mark = await world.control.mark();
    const plan = await app.inject({
      method: 'POST',
      url: '/api/v1/package-and-deploy/plan',
      headers,
      payload: c.body(),
    });
    const run = await app.inject({
      method: 'POST',
      url: '/api/v1/package-and-deploy',
      headers,
      payload: c.body(),
    });
    expect(plan.json()).toMatchObject({ success: false, errorCode: c.code });
    expect(plan.statusCode).toBe(c.status);
    expect([plan.statusCode, plan.json()]).toEqual([run.statusCode, run.json()]);
    expect(await world.control.writesSince(mark)).toEqual([]);
  });

  it('answers 200 with the plan when every check passes', async () => {
    const headers = { authorization: `Bearer ${tokens.admin}` };
    const plan = await app.inject({
      method: 'POST',
      url: '/api/v1/package-and-deploy/plan',
      headers,
      payload: body(),
    });
    expect(plan.statusCode, plan.body).toBe(200);
    expect(plan.json()).toMatchObject({ success: true, mode: 'TEST', promotionId: promotion.promotionId });
  });
});

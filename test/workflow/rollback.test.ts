/**
 * Rollback (spec §12) end to end on the sandbox: the previous package active again where there
 * was one, the run's deployment removed where there was none (sandbox state, not the response),
 * the PromotionLog's ROLLED_BACK fields, a partial failure per environment, and every refusal
 * with its code, the standard body and no Boomi write.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/api-tokens.ts';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import { buildApp } from '../../src/http/app.ts';
import {
  ADMIN,
  PEER_APPROVED,
  REVIEWER,
  SECOND_ADMIN,
  environmentNamed,
  freshPromotion,
  registerPromotion,
  type DemoPromotion,
} from '../helpers/world.ts';
import { useWorld } from './support/use-world.ts';

const world = useWorld();
let app: FastifyInstance;
let adminToken: string;

beforeAll(async () => {
  app = await buildApp({
    pool: world.db.pool,
    stores: world.repos,
    checkBoomi: async () => {},
    services: world.services,
  });
  adminToken = (await createApiToken(world.repos.apiTokens, { ...SECOND_ADMIN, name: 'rollback' })).token;
});
afterAll(async () => {
  await app?.close();
});

let seeded = 0;

/** Waits for a run started in the background to end (its row says so). */
async function untilEnded(runId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await world.services.deployments.getRun(runId))?.state !== 'RUNNING') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} did not end`);
}

/** An older package of the promotion's process, deployed in `environmentName`. */
async function deployedBefore(promotion: DemoPromotion, environmentName: string, version: string) {
  const packageId = `0b0b0b0b-0000-4000-a000-${String(++seeded).padStart(12, '0')}`;
  await world.control.seed({
    packages: [
      {
        accountId: world.demo.accountId,
        id: packageId,
        componentId: promotion.prodComponentId,
        packageVersion: version,
        shareable: true,
      },
    ],
    deployments: [
      {
        accountId: world.demo.accountId,
        environmentId: environmentNamed(world.demo, environmentName).id,
        packageId,
      },
    ],
  });
  return packageId;
}

/** What is active for the process in each environment now, by environment name (Boomi's answer). */
async function activeNow(promotion: DemoPromotion, names: string[]) {
  const ids = names.map((name) => environmentNamed(world.demo, name).id);
  const active = await world.boomi.deployedPackages.findActiveForComponent(promotion.prodComponentId, ids);
  return Object.fromEntries(
    names.map((name, i) => [name, active.find((d) => d.environmentId === ids[i])?.packageVersion ?? null]),
  );
}

async function testRun(promotion: DemoPromotion, version: string, environments: string[]) {
  await registerPromotion(world, promotion);
  const response = await world.services.deployments.runSync(
    parseDeployRequest({
      promotionId: promotion.promotionId,
      packageVersion: version,
      deploymentTarget: 'TEST',
      createNewPack: true,
      newPackName: `Rollback pack ${promotion.promotionId}`,
      targetEnvironments: environments.map((name) => ({
        environmentId: environmentNamed(world.demo, name).id,
      })),
    }),
    ADMIN,
  );
  expect(response.deploymentStatus).toBe('DEPLOYED');
  return response;
}

describe('rollback', () => {
  it('after a production deploy over a previous version, makes the previous package active again', async () => {
    const promotion = await freshPromotion(world, 'rollback-production');
    const previous = await deployedBefore(promotion, 'Production', '1.0');
    await registerPromotion(world, promotion, PEER_APPROVED);
    const run = await world.services.deployments.runSync(
      parseDeployRequest({
        promotionId: promotion.promotionId,
        packageVersion: '1.1',
        deploymentTarget: 'PRODUCTION',
        isHotfix: true,
        hotfixJustification: 'Broken invoices',
        createNewPack: true,
        newPackName: 'Rollback production pack',
        targetEnvironments: [{ environmentId: environmentNamed(world.demo, 'Production').id }],
      }),
      ADMIN,
    );
    expect(await activeNow(promotion, ['Production'])).toEqual({ Production: '1.1' });

    const mark = await world.control.mark();
    const response = await world.services.rollbacks.runSync(
      run.runId,
      { reason: 'Invoices doubled' },
      SECOND_ADMIN,
    );

    expect(response).toMatchObject({
      success: true,
      rollbackStatus: 'ROLLED_BACK',
      rolledBackRunId: run.runId,
    });
    expect(response.environments).toEqual([
      expect.objectContaining({
        environmentName: 'Production',
        status: 'ROLLED_BACK',
        action: 'REDEPLOYED_PREVIOUS',
        packageId: previous,
        packageVersion: '1.0',
      }),
    ]);
    expect(await activeNow(promotion, ['Production'])).toEqual({ Production: '1.0' });
    expect(await world.control.writesSince(mark)).toEqual(['POST /DeployedPackage']);
    expect(await world.repos.promotions.get(promotion.promotionId)).toMatchObject({
      status: 'ROLLED_BACK',
      rolledBackBy: SECOND_ADMIN.email,
      rollbackReason: 'Invoices doubled',
      rolledBackAt: expect.any(String),
    });
    const view = await world.services.deployments.getRun(response.runId);
    expect(view).toMatchObject({ state: 'SUCCEEDED', promotionId: promotion.promotionId, response });
    expect(view?.steps.map((s) => s.name)).toEqual([
      `rollback:${environmentNamed(world.demo, 'Production').id}`,
      'rollback-update-promotion-log',
      'rollback-return-response',
    ]);
    // Announced once (spec §13), committed with the PromotionLog change.
    const announced = (await world.repos.notifications.list({ promotionId: promotion.promotionId })).items
      .map((n) => n.event)
      .filter((event) => event.type === 'deployment.rolled_back');
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({
      actor: SECOND_ADMIN.email,
      detail: { reason: 'Invoices doubled', runId: response.runId },
    });
    const audit = await world.repos.auditLog.list({ action: 'deployment.rollback.run' });
    expect(audit.items.some((e) => e.targetId === promotion.promotionId && e.outcome === 'SUCCESS')).toBe(
      true,
    );
  });

  it('removes a first deployment and restores a previous one, environment by environment', async () => {
    const promotion = await freshPromotion(world, 'rollback-test-envs');
    await deployedBefore(promotion, 'Test', '0.9');
    const run = await testRun(promotion, '1.0', ['Test', 'Test 2']);
    expect(await activeNow(promotion, ['Test', 'Test 2'])).toEqual({ Test: '1.0', 'Test 2': '1.0' });

    const mark = await world.control.mark();
    const response = await world.services.rollbacks.runSync(
      run.runId,
      { reason: 'Wrong build' },
      SECOND_ADMIN,
    );

    expect(response.rollbackStatus).toBe('ROLLED_BACK');
    expect(response.environments.map((e) => [e.environmentName, e.action])).toEqual([
      ['Test', 'REDEPLOYED_PREVIOUS'],
      ['Test 2', 'UNDEPLOYED'],
    ]);
    expect(await activeNow(promotion, ['Test', 'Test 2'])).toEqual({ Test: '0.9', 'Test 2': null });
    expect((await world.control.writesSince(mark)).sort()).toEqual([
      'DELETE /DeployedPackage',
      'POST /DeployedPackage',
    ]);
  });

  it('reports a partial failure per environment, then rolls back the rest, then refuses a third time', async () => {
    const promotion = await freshPromotion(world, 'rollback-partial');
    await deployedBefore(promotion, 'Test', '0.9');
    const run = await testRun(promotion, '1.0', ['Test', 'Test 2']);
    await world.control.addFault({ method: 'DELETE', pathPattern: '/DeployedPackage/*', status: 500 });
    try {
      const partial = await world.services.rollbacks.runSync(
        run.runId,
        { reason: 'Wrong build' },
        SECOND_ADMIN,
      );
      expect(partial).toMatchObject({ success: true, rollbackStatus: 'PARTIAL' });
      expect(partial.environments.map((e) => [e.environmentName, e.status])).toEqual([
        ['Test', 'ROLLED_BACK'],
        ['Test 2', 'FAILED'],
      ]);
      expect(partial.environments[1]?.errorMessage).toMatch(/Rollback of Test 2/);
      expect(await activeNow(promotion, ['Test', 'Test 2'])).toEqual({ Test: '0.9', 'Test 2': '1.0' });
    } finally {
      await world.control.clearFaults();
    }

    const rest = await world.services.rollbacks.runSync(run.runId, { reason: 'The rest' }, SECOND_ADMIN);
    expect(rest.environments.map((e) => [e.environmentName, e.status, e.action])).toEqual([
      ['Test 2', 'ROLLED_BACK', 'UNDEPLOYED'],
    ]);
    expect(await activeNow(promotion, ['Test', 'Test 2'])).toEqual({ Test: '0.9', 'Test 2': null });
    await expect(
      world.services.rollbacks.start(run.runId, { reason: 'Again' }, SECOND_ADMIN),
    ).rejects.toMatchObject({ code: 'ROLLBACK_NOT_ALLOWED' });
  });
});

describe('rollback refusals: a spec code, the standard body, no Boomi write', () => {
  let finished: string;
  let testEnvironment: string;
  beforeAll(async () => {
    const promotion = await freshPromotion(world, 'rollback-refusals');
    finished = (await testRun(promotion, '1.0', ['Test'])).runId;
    testEnvironment = environmentNamed(world.demo, 'Test').id;
    for (const state of ['RUNNING', 'FAILED'] as const) {
      await world.repos.deploymentRuns.create({
        runId: `run-rollback-${state}`,
        promotionId: `promotion-rollback-${state}`,
        mode: 'TEST',
        deploymentTarget: 'TEST',
        request: {},
        callerEmail: ADMIN.email,
        state: 'RUNNING',
      });
      if (state === 'FAILED') await world.repos.deploymentRuns.finish(`run-rollback-${state}`, { state });
    }
  });

  const post = (runId: string, payload: unknown, token = adminToken) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/deployments/${runId}/rollback`,
      headers: { authorization: `Bearer ${token}` },
      payload: payload as Record<string, unknown>,
    });

  const CASES: { name: string; code: string; status: number; runId: () => string; body: () => unknown }[] = [
    {
      name: 'unknown run',
      code: 'NOT_FOUND',
      status: 404,
      runId: () => 'run-nobody-knows',
      body: () => ({ reason: 'x' }),
    },
    {
      name: 'run not finished',
      code: 'ROLLBACK_NOT_ALLOWED',
      status: 409,
      runId: () => 'run-rollback-RUNNING',
      body: () => ({ reason: 'x' }),
    },
    {
      name: 'run failed',
      code: 'ROLLBACK_NOT_ALLOWED',
      status: 409,
      runId: () => 'run-rollback-FAILED',
      body: () => ({ reason: 'x' }),
    },
    { name: 'missing reason', code: 'INVALID_REQUEST', status: 400, runId: () => finished, body: () => ({}) },
    {
      name: 'blank reason',
      code: 'INVALID_REQUEST',
      status: 400,
      runId: () => finished,
      body: () => ({ reason: '   ' }),
    },
    {
      name: 'reason too long',
      code: 'INVALID_REQUEST',
      status: 400,
      runId: () => finished,
      body: () => ({ reason: 'x'.repeat(501) }),
    },
    {
      name: 'environment not in the run',
      code: 'INVALID_REQUEST',
      status: 400,
      runId: () => finished,
      body: () => ({ reason: 'x', environmentIds: [environmentNamed(world.demo, 'Test 2').id] }),
    },
  ];

  it.each(CASES)('$name → $code', async (c) => {
    const mark = await world.control.mark();
    const answer = await post(c.runId(), c.body());
    expect(answer.statusCode, answer.body).toBe(c.status);
    expect(answer.json()).toEqual({ success: false, errorCode: c.code, errorMessage: expect.any(String) });
    expect(await world.control.writesSince(mark)).toEqual([]);
  });

  it('is for admins only, and a rollback cannot be rolled back', async () => {
    await expect(world.services.rollbacks.start(finished, { reason: 'x' }, REVIEWER)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const accepted = await post(finished, { reason: 'Bad build', environmentIds: [testEnvironment] });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const { runId } = accepted.json() as { runId: string };
    await untilEnded(runId);
    const again = await post(runId, { reason: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ errorCode: 'ROLLBACK_NOT_ALLOWED' });
  });
});

/**
 * Boomi calls per run (issue 16), counted on the sandbox's call log: every call from the request's
 * checks to the run's end, polls included, for each mode to three environments. The async stages
 * are instant, so each stage is polled once and the counts are exact; the goals are TEST ≤ 24,
 * PRODUCTION hotfix ≤ 26, PRODUCTION from test ≤ 13. The per-step lists pin down where each call
 * goes, so a re-read that creeps back in fails here, not in a benchmark.
 */
import { describe, expect, it } from 'vitest';
import { describeBoomiCall } from '../../src/domain/boomi-calls.ts';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import type { DeployResponse } from '../../src/domain/deploy-response.ts';
import { INSTANT_STAGES } from '../../src/sandbox/control-client.ts';
import { ADMIN, freshPromotion, peerApprove, registerPromotion, SECOND_ADMIN } from '../helpers/world.ts';
import { useWorld } from './support/use-world.ts';

const world = useWorld();

/** Three environments of a classification: the demo world's, plus seeded ones up to three. */
async function threeEnvironments(classification: 'TEST' | 'PROD'): Promise<{ environmentId: string }[]> {
  const extra =
    classification === 'TEST'
      ? [{ name: 'Test 3', classification }]
      : [
          { name: 'Production 2', classification },
          { name: 'Production 3', classification },
        ];
  const all = await world.control.ensureEnvironments(world.demo.accountId, extra);
  const chosen = all.filter((e) => e.classification === classification).slice(0, 3);
  expect(chosen).toHaveLength(3);
  return chosen.map((e) => ({ environmentId: e.id }));
}

function packNamed(name: string): string {
  const pack = world.demo.integrationPacks.find((p) => p.name === name);
  if (!pack) throw new Error(`demo world has no pack '${name}'`);
  return pack.id;
}

interface Counted {
  total: number;
  calls: string[];
  steps: Record<string, string[]>;
}

/** Runs one deployment and counts every Boomi call it caused, in order and per step. */
async function counted(
  body: Record<string, unknown>,
  caller = ADMIN,
): Promise<Counted & { response: DeployResponse }> {
  const mark = await world.control.mark();
  const response = await world.services.deployments.runSync(parseDeployRequest(body), caller);
  expect(response).toMatchObject({ success: true, deploymentStatus: 'DEPLOYED' });
  const calls = (await world.control.calls(mark)).map(describeBoomiCall);
  const run = await world.services.deployments.getRun(response.runId);
  // Steps repeated per environment (`8-deploy:<id>`) are listed together, in order.
  const steps: Record<string, string[]> = {};
  for (const step of run?.steps ?? []) {
    const name = step.name.split(':')[0]!;
    steps[name] = [...(steps[name] ?? []), ...(step.boomiCalls ?? [])];
  }
  return { total: calls.length, calls, steps, response };
}

describe('Boomi calls per run (issue 16)', () => {
  it('TEST, PRODUCTION from test and a hotfix, each to three environments, stay within 24, 13 and 26 calls', async () => {
    await world.control.setLatency(INSTANT_STAGES);
    const test = await threeEnvironments('TEST');
    const production = await threeEnvironments('PROD');
    const tested = await freshPromotion(world, 'economy-tested');
    const hotfix = await freshPromotion(world, 'economy-hotfix');
    await registerPromotion(world, tested);
    await registerPromotion(world, hotfix);

    // Main's branch id is looked up once per service: a first merge pays for it.
    const warmUp = await freshPromotion(world, 'economy-warm-up');
    await registerPromotion(world, warmUp);
    const first = await counted({
      promotionId: warmUp.promotionId,
      packageVersion: '0.1',
      deploymentTarget: 'TEST',
      integrationPackId: packNamed('Acme Order Management'),
      targetEnvironments: test.slice(0, 1),
    });
    expect(first.steps['2.5-merge-create']?.[0]).toBe('POST /Branch/query');

    const toTest = await counted({
      promotionId: tested.promotionId,
      packageVersion: '2.0',
      deploymentTarget: 'TEST',
      integrationPackId: packNamed('Acme Order Management'),
      targetEnvironments: test,
    });
    expect(toTest.steps).toEqual({
      '2.5-merge-create': ['POST /MergeRequest/query', 'POST /MergeRequest', 'GET /MergeRequest'],
      '2.6-merge-execute': ['POST /MergeRequest/execute', 'GET /MergeRequest'],
      '3-packaged-component': ['POST /PackagedComponent/query', 'POST /PackagedComponent'],
      '6-use-existing-pack': [],
      '6-add-to-pack': ['POST /PublisherIntegrationPack'],
      '7-release': ['POST /ReleaseIntegrationPack', 'GET /ReleaseIntegrationPackStatus'],
      '8-previous-deployments': ['POST /DeployedPackage/query'],
      '8-deploy': Array(3).fill('POST /DeployedPackage'),
      // One bulk read of the three environments' extensions, made by the first refresh to need it.
      '8.3-cache-refresh': ['POST /EnvironmentExtensions/bulk'],
      '8.5-keep-branch': [],
      '9-update-promotion-log': [],
      '10-return-response': [],
    });
    // The checks before the run: one query of the environments (also the probe that Boomi
    // answers), the named pack exists — that read serves step 6 too.
    expect(toTest.calls.slice(0, 2)).toEqual(['POST /Environment/query', 'GET /PublisherIntegrationPack']);
    expect(toTest.total).toBe(17);
    expect(toTest.total).toBeLessThanOrEqual(24);

    await peerApprove(world, tested.promotionId);
    const fromTest = await counted(
      {
        promotionId: tested.promotionId,
        testPromotionId: tested.promotionId,
        packageVersion: '2.0',
        deploymentTarget: 'PRODUCTION',
        integrationPackId: packNamed('Acme Order Management'),
        targetEnvironments: production,
      },
      SECOND_ADMIN,
    );
    // The tested package is reused, and the pack already holds it at this version: no add, no release.
    expect(fromTest.steps).toEqual({
      '3-packaged-component': ['POST /PackagedComponent/query'],
      '6-use-existing-pack': [],
      '6-add-to-pack': [],
      '7-release': [],
      '8-previous-deployments': ['POST /DeployedPackage/query'],
      '8-deploy': Array(3).fill('POST /DeployedPackage'),
      '8.3-cache-refresh': ['POST /EnvironmentExtensions/bulk'],
      '8.6-delete-branch': ['DELETE /Branch'],
      '9-update-promotion-log': [],
      '10-return-response': [],
    });
    expect(fromTest.calls.slice(0, 2)).toEqual(['POST /Environment/query', 'GET /PublisherIntegrationPack']);
    expect(fromTest.total).toBe(9);
    expect(fromTest.total).toBeLessThanOrEqual(13);

    await peerApprove(world, hotfix.promotionId);
    const asHotfix = await counted({
      promotionId: hotfix.promotionId,
      packageVersion: '1.0.1-hotfix',
      deploymentTarget: 'PRODUCTION',
      isHotfix: 'true',
      hotfixJustification: 'Invoices rejected since 09:00',
      integrationPackId: packNamed('Acme Finance Integrations'),
      targetEnvironments: production,
    });
    expect(asHotfix.total).toBe(18);
    expect(asHotfix.total).toBeLessThanOrEqual(26);
  });

  it('a package already active in a target is not deployed there again, and no target is looked at twice', async () => {
    await world.control.setLatency(INSTANT_STAGES);
    const targets = await threeEnvironments('TEST');
    const [first, ...others] = targets as [{ environmentId: string }, ...{ environmentId: string }[]];
    const promotion = await freshPromotion(world, 'economy-retry');
    await registerPromotion(world, promotion);
    const body = {
      promotionId: promotion.promotionId,
      packageVersion: '4.0',
      deploymentTarget: 'TEST',
      integrationPackId: packNamed('Acme Order Management'),
    };
    const once = await counted({ ...body, targetEnvironments: [first] });
    const deployedFirst = once.response.deployedEnvironments[0]!.deploymentId;

    // The same version again, now to all three: the first environment already runs it.
    const again = await counted({ ...body, targetEnvironments: targets });
    expect(again.steps['8-previous-deployments']).toEqual(['POST /DeployedPackage/query']);
    expect(again.steps['8-deploy']).toEqual(['POST /DeployedPackage', 'POST /DeployedPackage']);
    expect(again.response.packagedComponentId).toBe(once.response.packagedComponentId);
    const byEnvironment = new Map(again.response.deployedEnvironments.map((e) => [e.environmentId, e]));
    expect(byEnvironment.get(first.environmentId)).toMatchObject({
      status: 'DEPLOYED',
      deploymentId: deployedFirst,
    });
    for (const other of others) {
      expect(byEnvironment.get(other.environmentId)?.deploymentId).not.toBe(deployedFirst);
    }
    const active = await world.boomi.deployedPackages.findActiveForComponent(
      promotion.prodComponentId,
      targets.map((e) => e.environmentId),
    );
    expect(active.map((d) => d.packageId)).toEqual(Array(3).fill(once.response.packagedComponentId));
  });
});

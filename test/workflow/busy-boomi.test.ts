/**
 * 30 % of Boomi calls answered 503 (Boomi's "busy / rate limit" answer): the client retries
 * them, every run succeeds, and Boomi acted on each write exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoomiClient } from '../../src/boomi/index.ts';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import { startSandbox } from '../../src/sandbox/server.ts';
import { trackBoomiCall } from '../../src/workflow/engine.ts';
import {
  ADMIN,
  TEST_RETRY,
  TINY_ASYNC,
  environmentNamed,
  freshPromotion,
  registerPromotion,
  PEER_APPROVED,
  startWorld,
  type World,
} from '../helpers/world.ts';
import { startFlakyProxy, type FlakyProxy } from './support/flaky-proxy.ts';

let world: World;
let proxy: FlakyProxy;
beforeAll(async () => {
  const sandbox = await startSandbox({
    port: 0,
    demo: true,
    rateLimitPerSecond: 0,
    asyncDurations: TINY_ASYNC,
  });
  proxy = await startFlakyProxy({ target: sandbox.url, failureRate: 0.3, seed: 20_250_301 });
  world = await startWorld({
    sandbox,
    boomi: () =>
      createBoomiClient({
        baseUrl: `${proxy.url}/api/rest/v1`,
        accountId: sandbox.world!.accountId,
        username: sandbox.world!.username,
        apiToken: sandbox.world!.apiToken,
        rateLimitPerSecond: 200,
        retry: { ...TEST_RETRY, attempts: 12 },
        onCall: trackBoomiCall,
      }),
  });
});
afterAll(async () => {
  await world?.close();
  await world?.sandbox.close();
  await proxy?.close();
});

describe('Package and Deploy against a busy Boomi (30 % of calls answered 503)', () => {
  it('every run succeeds and each Boomi write happens exactly once', async () => {
    const test = environmentNamed(world.demo, 'Test');
    const production = environmentNamed(world.demo, 'Production');
    const mark = await world.control.mark();
    const responses = [];
    for (const [key, target] of [
      ['busy-test-1', 'TEST'],
      ['busy-test-2', 'TEST'],
      ['busy-hotfix', 'PRODUCTION'],
    ] as const) {
      const promotion = await freshPromotion(world, key);
      await registerPromotion(world, promotion, PEER_APPROVED);
      responses.push(
        await world.services.deployments.runSync(
          parseDeployRequest({
            promotionId: promotion.promotionId,
            packageVersion: '1.0.0',
            deploymentTarget: target,
            createNewPack: true,
            newPackName: `Pack ${key}`,
            targetEnvironments: [{ environmentId: (target === 'TEST' ? test : production).id }],
            ...(target === 'PRODUCTION' ? { isHotfix: true, hotfixJustification: 'Busy-day fix' } : {}),
          }),
          ADMIN,
        ),
      );
    }

    expect(responses.map((r) => [r.success, r.deploymentStatus, r.cacheRefreshFailed])).toEqual([
      [true, 'DEPLOYED', 'false'],
      [true, 'DEPLOYED', 'false'],
      [true, 'DEPLOYED', 'false'],
    ]);
    // Boomi was busy for a good share of the calls, writes included.
    expect(proxy.refused.length).toBeGreaterThan(10);
    expect(proxy.refused.some((call) => call.startsWith('POST ') && !call.endsWith('/query'))).toBe(true);
    // Per run: merge, execute, package, pack, add, release, deploy (+ branch delete for the hotfix).
    const writes = await world.control.writesSince(mark);
    const count = (write: string) => writes.filter((w) => w === write).length;
    expect(count('POST /MergeRequest')).toBe(3);
    expect(count('POST /MergeRequest/execute')).toBe(3);
    expect(count('POST /PackagedComponent')).toBe(3);
    expect(count('POST /PublisherIntegrationPack')).toBe(6);
    expect(count('POST /ReleaseIntegrationPack')).toBe(3);
    expect(count('POST /DeployedPackage')).toBe(3);
    expect(count('DELETE /Branch')).toBe(1);
    expect(writes).toHaveLength(22);
  });
});

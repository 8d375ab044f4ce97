/**
 * Writes whose outcome is unknown (issue 13 items 1 and 2): Boomi slower than the client's
 * timeout, and a release answered by a single 502. Asserted on the sandbox's call log: every
 * write lands once, and the release step looks at the pack once at the write's settle deadline
 * instead of polling until the release timeout.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createBoomiClient } from '../../src/boomi/index.ts';
import { TEST_RETRY, environmentNamed } from '../helpers/world.ts';
import { trackBoomiCall } from '../../src/workflow/engine.ts';
import { deployFreshToTest } from './support/deploy-fresh.ts';
import { useWorld } from './support/use-world.ts';

/** Boomi answers these writes after 700 ms; the client gives up after 300 ms. */
const SLOW_WRITE_MS = 700;
const CLIENT_TIMEOUT_MS = 300;

const world = useWorld({
  boomi: (sandbox) => {
    const demo = sandbox.world!;
    return createBoomiClient({
      baseUrl: sandbox.apiBaseUrl,
      accountId: demo.accountId,
      username: demo.username,
      apiToken: demo.apiToken,
      rateLimitPerSecond: 200,
      retry: TEST_RETRY,
      timeoutMs: CLIENT_TIMEOUT_MS,
      onCall: trackBoomiCall,
    });
  },
  // A release that never reached Boomi would otherwise be waited for during these 5 s.
  settings: { releaseTimeoutMs: 5_000, writeSettleMs: 2_000 },
});

afterEach(async () => {
  await world.control.clearFaults();
  await world.control.setLatency({ defaultMs: 0, perRoute: {} });
});

/** A fresh promotion deployed in mode 1 to Test and Test 2. */
function deployTest(key: string) {
  return deployFreshToTest(world, key, [
    { environmentId: environmentNamed(world.demo, 'Test').id },
    { environmentId: environmentNamed(world.demo, 'Test 2').id },
  ]);
}

const EXPECTED_WRITES = [
  'POST /MergeRequest',
  'POST /MergeRequest/execute',
  'POST /PackagedComponent',
  'POST /PublisherIntegrationPack',
  'POST /PublisherIntegrationPack',
  'POST /ReleaseIntegrationPack',
  'POST /DeployedPackage',
  'POST /DeployedPackage',
];

describe('writes whose outcome is unknown are found out before they are sent again', () => {
  it('Boomi slower than the client timeout: one merge request, package, pack and deployment each', async () => {
    await world.control.setLatency({
      perRoute: {
        'POST /MergeRequest': SLOW_WRITE_MS,
        'POST /PackagedComponent': SLOW_WRITE_MS,
        'POST /PublisherIntegrationPack': SLOW_WRITE_MS,
        'POST /DeployedPackage': SLOW_WRITE_MS,
      },
    });
    const { promotion, response } = await deployTest('slow-writes');
    expect(response).toMatchObject({ success: true, deploymentStatus: 'DEPLOYED' });
    // The client left before Boomi answered, so the call log misses those calls: count Boomi's objects.
    expect(await world.boomi.mergeRequests.findBySourceBranch(promotion.branchId)).toHaveLength(1);
    const account = await world.control.account(world.demo.accountId);
    expect(account.integrationPacks.filter((pack) => pack.name === 'Pack slow-writes')).toHaveLength(1);
    const deployments = account.deployments.filter((d) => d.packageId === response.packagedComponentId);
    expect(deployments.map((d) => d.environmentId).sort()).toEqual(
      response.deployedEnvironments.map((e) => e.environmentId).sort(),
    );
    // A second package of the same version would have been refused, failing the run above.
  });

  it('a single 502 on the release: released once, promptly, without a polling loop', async () => {
    await world.control.addFault({
      method: 'POST',
      pathPattern: '/ReleaseIntegrationPack',
      status: 502,
      times: 1,
    });
    const { response, mark } = await deployTest('release-502');
    expect(response).toMatchObject({ success: true, deploymentStatus: 'DEPLOYED' });
    expect((await world.control.writesSince(mark)).sort()).toEqual([...EXPECTED_WRITES].sort());
    // Between the refused release and the one Boomi took: one look at the pack at the write's
    // settle deadline — not a poll until the release timeout (117 looks before the fix).
    const calls = await world.control.calls(mark);
    const releases = calls.filter((c) => c.method === 'POST' && c.path === '/ReleaseIntegrationPack');
    expect(releases.map((c) => c.status)).toEqual([502, 200]);
    const packReads = calls.filter(
      (c) =>
        c.seq > releases[0]!.seq &&
        c.seq < releases[1]!.seq &&
        c.method === 'GET' &&
        c.path.startsWith('/PublisherIntegrationPack/'),
    );
    expect(packReads).toHaveLength(1);
  });
});

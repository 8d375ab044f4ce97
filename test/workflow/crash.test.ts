/**
 * Crash tests: the process running a Package and Deploy run is killed (SIGKILL, via the armed
 * failpoint) at every write step of every mode — once right after the step was recorded
 * (`after-step:`) and once right after Boomi answered the write but before the step was recorded
 * (`after-boomi-write:`) — and restarted with the same executor id each time. The run finishes,
 * and the sandbox's call log shows each Boomi write exactly once.
 *
 * Each chain kills one run at each of its points in turn (a new process per point), so every
 * point is exercised; chains have their own sandbox (their own call log) and run concurrently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeployResponse } from '../../src/domain/deploy-response.ts';
import { startSandbox, type DemoWorld, type RunningSandbox } from '../../src/sandbox/server.ts';
import { runIdFor } from '../../src/app/deployment-service.ts';
import { useTestRepositories } from '../helpers/test-store.ts';
import {
  ADMIN,
  SandboxControl,
  TINY_ASYNC,
  accountGroupNamed,
  environmentNamed,
  freshPromotion,
  registerPromotion,
  PEER_APPROVED,
  seedDemoRegistry,
  systemDatabaseUrl,
  type DemoPromotion,
} from '../helpers/world.ts';
import type { RunnerOptions } from './fixtures/runner.ts';
import { runChild } from './support/run-child.ts';

const store = useTestRepositories();
const sandboxes: RunningSandbox[] = [];

beforeAll(async () => {
  const { db, repos } = store;
  // Every chain's sandbox holds the same demo world: register its targets and access once.
  const reference = await startSandbox({ port: 0, demo: true });
  await seedDemoRegistry(repos, reference.world!);
  await reference.close();
  // One launch first, so DBOS creates its system database before the chains launch at once.
  const warmUp = await runChild({
    databaseUrl: db.url,
    systemDatabaseUrl: systemDatabaseUrl(db),
    executorId: 'crash-warm-up',
    appName: 'crash-warm-up',
    boomi: { baseUrl: 'http://127.0.0.1:9/api/rest/v1', accountId: 'warm-up', username: 'u', apiToken: 't' },
    warmUp: true,
  });
  expect(warmUp.code, warmUp.stderr).toBe(0);
});
afterAll(async () => {
  await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
});

interface Chain {
  key: string;
  failpoints: string[];
  /** Builds the promotion on the chain's sandbox and returns the request body. */
  setUp(world: ChainWorld): Promise<Record<string, unknown>>;
  /** The Boomi writes the run makes, each exactly once. */
  expectedWrites: string[];
}

interface ChainWorld {
  /** The chain's sandbox's demo world. */
  demo: DemoWorld;
  control: SandboxControl;
  promotion: DemoPromotion;
}

async function runChain(chain: Chain): Promise<{ response: DeployResponse; world: ChainWorld }> {
  const sandbox = await startSandbox({
    port: 0,
    demo: true,
    rateLimitPerSecond: 0,
    asyncDurations: TINY_ASYNC,
  });
  sandboxes.push(sandbox);
  const demo = sandbox.world!;
  const control = new SandboxControl(sandbox.url, demo);
  const promotion = await freshPromotion({ control, demo }, chain.key);
  const world = { demo, control, promotion };
  const request = await chain.setUp(world);
  const idempotencyKey = `crash-${chain.key}`;
  const base: RunnerOptions = {
    databaseUrl: store.db.url,
    systemDatabaseUrl: systemDatabaseUrl(store.db),
    executorId: `crash-${chain.key}`,
    appName: `promo-${chain.key}`,
    boomi: {
      baseUrl: sandbox.apiBaseUrl,
      accountId: demo.accountId,
      username: demo.username,
      apiToken: demo.apiToken,
    },
    runId: runIdFor(ADMIN.email, idempotencyKey),
  };
  const mark = await control.mark();

  for (const [index, failpoint] of chain.failpoints.entries()) {
    const options = index === 0 ? { ...base, request, caller: ADMIN, idempotencyKey } : base;
    const killed = await runChild(options, failpoint);
    const story = `exit ${killed.code}\n${killed.stdout}\n${killed.stderr}`;
    expect(killed.signal, `${chain.key}: ${failpoint} was never reached: ${story}`).toBe('SIGKILL');
  }
  const finished = await runChild(base);
  expect(finished.code, finished.stderr).toBe(0);
  const { response } = JSON.parse(finished.stdout.trim().split('\n').at(-1)!) as { response: DeployResponse };

  // Every write call Boomi saw, whatever its answer: each expected write once, nothing else.
  const writeCalls = (await control.calls(mark)).filter(
    (c) => c.method !== 'GET' && !/\/(query|queryMore)$/.test(c.path),
  );
  expect(writeCalls.every((c) => c.status >= 200 && c.status < 300)).toBe(true);
  expect((await control.writesSince(mark)).sort()).toEqual([...chain.expectedWrites].sort());
  return { response, world };
}

/** Both kinds of crash point at each step, in run order. */
function crashPoints(steps: string[], writeSteps: string[]): { afterStep: string[]; afterWrite: string[] } {
  return {
    afterStep: steps.map((step) => `after-step:${step}`),
    afterWrite: writeSteps.map((step) => `after-boomi-write:${step}`),
  };
}

/** A run that merges, packages and creates a new pack (modes 1 and 3) begins with these writes. */
const NEW_PACK_WRITE_STEPS = [
  '2.5-merge-create',
  '2.6-merge-execute',
  '3-packaged-component',
  '5-create-pack',
  '5-add-to-pack',
  '7-release',
];
const NEW_PACK_BOOMI_WRITES = [
  'POST /MergeRequest',
  'POST /MergeRequest/execute',
  'POST /PackagedComponent',
  'POST /PublisherIntegrationPack',
  'POST /PublisherIntegrationPack',
  'POST /ReleaseIntegrationPack',
];

function mode1(kind: 'afterStep' | 'afterWrite'): Chain {
  return {
    key: `mode1-${kind}`,
    failpoints: [],
    expectedWrites: [
      ...NEW_PACK_BOOMI_WRITES,
      'POST /AccountGroupIntegrationPack',
      'POST /DeployedPackage',
      'POST /DeployedPackage',
    ],
    async setUp({ demo, promotion }) {
      const [test, test2] = [...accountGroupNamed(demo, 'Acme QA Subscribers').environmentIds].sort();
      const writes = [
        ...NEW_PACK_WRITE_STEPS,
        '7-share-with-account-group',
        `8-deploy:${test}`,
        `8-deploy:${test2}`,
      ];
      const points = crashPoints([...writes, `8.3-cache-refresh:${test}`, '9-update-promotion-log'], writes);
      this.failpoints = points[kind];
      await registerPromotion({ repos: store.repos, demo }, promotion);
      return {
        promotionId: promotion.promotionId,
        packageVersion: '3.0.0',
        deploymentTarget: 'TEST',
        createNewPack: true,
        newPackName: `Crash pack ${kind}`,
        targetAccountGroupId: accountGroupNamed(demo, 'Acme QA Subscribers').id,
      };
    },
  };
}

function mode2(kind: 'afterStep' | 'afterWrite'): Chain {
  return {
    key: `mode2-${kind}`,
    failpoints: [],
    expectedWrites: [
      'POST /PublisherIntegrationPack',
      'POST /ReleaseIntegrationPack',
      'POST /AccountGroupIntegrationPack',
      'POST /DeployedPackage',
      'DELETE /Branch',
    ],
    async setUp({ demo, control, promotion }) {
      const production = environmentNamed(demo, 'Production');
      const writes = [
        '6-add-to-pack',
        '7-release',
        '7-share-with-account-group',
        `8-deploy:${production.id}`,
        '8.6-delete-branch',
      ];
      const points = crashPoints(['3-packaged-component', ...writes, '9-update-promotion-log'], writes);
      this.failpoints = points[kind];
      // What mode 1 left behind: the tested package, and a production pack not holding it yet.
      const packageId = `0f0f0f0f-0000-4000-a000-00000000000${kind === 'afterStep' ? 1 : 2}`;
      const packId = `0e0e0e0e-0000-4000-a000-00000000000${kind === 'afterStep' ? 1 : 2}`;
      await control.seed({
        packages: [
          {
            accountId: demo.accountId,
            id: packageId,
            componentId: promotion.prodComponentId,
            packageVersion: '3.0.0',
            shareable: true,
          },
        ],
        integrationPacks: [{ accountId: demo.accountId, id: packId, name: `Production pack ${kind}` }],
      });
      await registerPromotion({ repos: store.repos, demo }, promotion, {
        status: 'TEST_DEPLOYED',
        prodPackageId: packageId,
        packageVersion: '3.0.0',
        testDeployedAt: '2025-03-02T10:00:00.000Z',
        testDeployedEnvironmentCount: 1,
        ...PEER_APPROVED,
      });
      return {
        promotionId: promotion.promotionId,
        testPromotionId: promotion.promotionId,
        packageVersion: '3.0.0',
        deploymentTarget: 'PRODUCTION',
        integrationPackId: packId,
        targetAccountGroupId: accountGroupNamed(demo, 'Acme Production Subscribers').id,
      };
    },
  };
}

function mode3(kind: 'afterStep' | 'afterWrite'): Chain {
  return {
    key: `mode3-${kind}`,
    failpoints: [],
    expectedWrites: [...NEW_PACK_BOOMI_WRITES, 'POST /DeployedPackage', 'DELETE /Branch'],
    async setUp({ demo, promotion }) {
      const production = environmentNamed(demo, 'Production');
      const writes = [...NEW_PACK_WRITE_STEPS, `8-deploy:${production.id}`, '8.6-delete-branch'];
      const points = crashPoints([...writes, '9-update-promotion-log'], writes);
      this.failpoints = points[kind];
      await registerPromotion({ repos: store.repos, demo }, promotion, PEER_APPROVED);
      return {
        promotionId: promotion.promotionId,
        packageVersion: '3.0.1',
        deploymentTarget: 'PRODUCTION',
        isHotfix: 'true',
        hotfixJustification: 'Crash-proof hotfix',
        createNewPack: true,
        newPackName: `Hotfix pack ${kind}`,
        targetEnvironments: [{ environmentId: production.id }],
      };
    },
  };
}

/** A failed merge: the crash falls after the compensation, so the replay revives the step's error. */
function failedMerge(): Chain {
  return {
    key: 'mode1-merge-fails',
    failpoints: ['after-step:compensate:delete-branch', 'after-step:9-update-promotion-log'],
    expectedWrites: ['POST /MergeRequest', 'POST /MergeRequest/execute', 'DELETE /Branch'],
    async setUp({ demo, control, promotion }) {
      await control.addFault({ scenario: 'mergeFails' });
      await registerPromotion({ repos: store.repos, demo }, promotion);
      return {
        promotionId: promotion.promotionId,
        packageVersion: '3.0.2',
        deploymentTarget: 'TEST',
        createNewPack: true,
        newPackName: 'Never created',
      };
    },
  };
}

/**
 * Killed after the release was noted as intended but before Boomi received it (issue 13.1): the
 * resumed run must release at once — one look at the pack, not a poll until the release timeout.
 */
function releaseIntentWindow(): Chain {
  const chain = mode1('afterStep');
  return {
    ...chain,
    key: 'mode1-release-intent',
    async setUp(world) {
      const request = await chain.setUp.call(this, world);
      this.failpoints = ['before-boomi-write:7-release'];
      return { ...request, newPackName: 'Crash pack release-intent' };
    },
  };
}

// The chains run together, each spawning a process per crash point: on 2 cores, with another test
// file beside it, that takes longer than the default limit (a hang guard, not a speed goal).
describe.concurrent(
  'a run killed at every write step resumes and writes each thing once',
  { timeout: 360_000 },
  () => {
    for (const kind of ['afterStep', 'afterWrite'] as const) {
      const killed = kind === 'afterStep' ? 'after each step' : 'after each Boomi write';
      it(`mode 1 (TEST), killed ${killed}`, async () => {
        const { response, world } = await runChain(mode1(kind));
        expect(response).toMatchObject({
          success: true,
          deploymentStatus: 'DEPLOYED',
          branchPreserved: 'true',
        });
        expect(await store.repos.promotions.get(world.promotion.promotionId)).toMatchObject({
          status: 'TEST_DEPLOYED',
        });
        expect(await world.control.branchExists(world.promotion.branchId)).toBe(true);
      });

      it(`mode 2 (PRODUCTION from test), killed ${killed}`, async () => {
        const { response, world } = await runChain(mode2(kind));
        expect(response).toMatchObject({
          success: true,
          deploymentStatus: 'DEPLOYED',
          branchPreserved: 'false',
        });
        expect(await store.repos.promotions.get(world.promotion.promotionId)).toMatchObject({
          status: 'DEPLOYED',
          branchId: null,
        });
        expect(await world.control.branchExists(world.promotion.branchId)).toBe(false);
      });

      it(`mode 3 (hotfix), killed ${killed}`, async () => {
        const { response, world } = await runChain(mode3(kind));
        expect(response).toMatchObject({ success: true, isHotfix: 'true', deploymentStatus: 'DEPLOYED' });
        expect(await store.repos.promotions.get(world.promotion.promotionId)).toMatchObject({
          status: 'DEPLOYED',
          branchId: null,
        });
        expect(await world.control.branchExists(world.promotion.branchId)).toBe(false);
      });
    }

    it('mode 1 killed between the release intent and the release: released once, at once', async () => {
      const { response, world } = await runChain(releaseIntentWindow());
      expect(response).toMatchObject({ success: true, deploymentStatus: 'DEPLOYED' });
      const calls = await world.control.calls();
      const release = calls.find((c) => c.method === 'POST' && c.path === '/ReleaseIntegrationPack');
      const packReadsBefore = calls.filter(
        (c) => c.seq < release!.seq && c.method === 'GET' && c.path.startsWith('/PublisherIntegrationPack/'),
      );
      // Add-to-pack and the killed attempt decide from the pack as step 5 created it (no read); the
      // resumed step, which finds the release noted, reads it once, and once more at the 1 s settle
      // deadline if it resumed sooner (a poll until the release timeout would be hundreds).
      expect(packReadsBefore.length).toBeGreaterThanOrEqual(1);
      expect(packReadsBefore.length).toBeLessThanOrEqual(2);
    });

    it('a failed run killed after its compensation ends with the original error (MERGE_FAILED)', async () => {
      const { response, world } = await runChain(failedMerge());
      expect(response).toMatchObject({ success: false, errorCode: 'MERGE_FAILED' });
      expect(response.errorMessage).toContain('FAILED_TO_MERGE');
      expect(await store.repos.promotions.get(world.promotion.promotionId)).toMatchObject({
        status: 'FAILED',
        branchId: null,
        errorMessage: response.errorMessage,
      });
    });
  },
);

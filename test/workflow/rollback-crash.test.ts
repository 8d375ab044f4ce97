/**
 * A rollback killed (SIGKILL through the armed failpoint) right after each of its Boomi writes and
 * after each of its steps, restarted with the same executor id each time, finishes — and the
 * sandbox's call log shows each rollback write exactly once (every write answered 2xx: no blind
 * repeat that Boomi refused).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { runIdFor } from '../../src/app/deployment-service.ts';
import { useTestRepositories } from '../helpers/test-store.ts';
import {
  ADMIN,
  SECOND_ADMIN,
  SandboxControl,
  TINY_ASYNC,
  environmentNamed,
  freshPromotion,
  registerPromotion,
  seedDemoRegistry,
  systemDatabaseUrl,
  testBoomiClient,
} from '../helpers/world.ts';
import type { RunnerOptions } from './fixtures/runner.ts';
import { runChild } from './support/run-child.ts';

const store = useTestRepositories();
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, demo: true, rateLimitPerSecond: 0, asyncDurations: TINY_ASYNC });
  await seedDemoRegistry(store.repos, sandbox.world!);
});
afterAll(async () => {
  await sandbox?.close();
});

async function rollbackRunOf(runId: string): Promise<string | undefined> {
  const result = await store.db.pool.query<{ run_id: string }>(
    'SELECT run_id FROM deployment_runs WHERE rolls_back_run_id = $1',
    [runId],
  );
  return result.rows[0]?.run_id;
}

describe('a rollback killed mid-way resumes and writes each thing once', () => {
  it('killed after each Boomi write and after each step', async () => {
    const demo = sandbox.world!;
    const control = new SandboxControl(sandbox.url, demo);
    const promotion = await freshPromotion({ control, demo }, 'rollback-crash');
    const [test, test2] = [environmentNamed(demo, 'Test').id, environmentNamed(demo, 'Test 2').id];
    const previous = '0c0c0c0c-0000-4000-a000-000000000001';
    await control.seed({
      packages: [
        {
          accountId: demo.accountId,
          id: previous,
          componentId: promotion.prodComponentId,
          packageVersion: '0.9',
          shareable: true,
        },
      ],
      deployments: [{ accountId: demo.accountId, environmentId: test, packageId: previous }],
    });
    await registerPromotion({ repos: store.repos, demo }, promotion);
    const base: RunnerOptions = {
      databaseUrl: store.db.url,
      systemDatabaseUrl: systemDatabaseUrl(store.db),
      executorId: 'rollback-crash',
      appName: 'promo-rollback-crash',
      boomi: {
        baseUrl: sandbox.apiBaseUrl,
        accountId: demo.accountId,
        username: demo.username,
        apiToken: demo.apiToken,
      },
    };
    const deployRunId = runIdFor(ADMIN.email, 'rollback-crash-deploy');
    const deployed = await runChild({
      ...base,
      caller: ADMIN,
      idempotencyKey: 'rollback-crash-deploy',
      request: {
        promotionId: promotion.promotionId,
        packageVersion: '1.0',
        deploymentTarget: 'TEST',
        createNewPack: true,
        newPackName: 'Rollback crash pack',
        targetEnvironments: [{ environmentId: test }, { environmentId: test2 }],
      },
    });
    expect(deployed.code, deployed.stderr).toBe(0);
    const mark = await control.mark();

    const failpoints = [
      `after-boomi-write:rollback:${test}`,
      `after-step:rollback:${test}`,
      `after-boomi-write:rollback:${test2}`,
      `after-step:rollback:${test2}`,
      'after-step:rollback-update-promotion-log',
    ];
    for (const [index, failpoint] of failpoints.entries()) {
      const rollbackRunId = await rollbackRunOf(deployRunId);
      const options =
        index === 0
          ? {
              ...base,
              caller: SECOND_ADMIN,
              rollback: { runId: deployRunId, reason: 'Crash-proof rollback' },
            }
          : { ...base, runId: rollbackRunId! };
      const killed = await runChild(options, failpoint);
      expect(killed.signal, `${failpoint} was never reached: ${killed.stdout}\n${killed.stderr}`).toBe(
        'SIGKILL',
      );
    }
    const finished = await runChild({ ...base, runId: (await rollbackRunOf(deployRunId))! });
    expect(finished.code, finished.stderr).toBe(0);
    const { response } = JSON.parse(finished.stdout.trim().split('\n').at(-1)!) as {
      response: { rollbackStatus: string; environments: { action: string }[] };
    };
    expect(response.rollbackStatus).toBe('ROLLED_BACK');
    // Each environment's write happened before a crash: the resumed steps found it done.
    expect(response.environments.map((e) => e.action)).toEqual(['ALREADY_DONE', 'ALREADY_DONE']);
    const boomi = testBoomiClient(sandbox, { onCall: () => {} });
    const active = await boomi.deployedPackages.findActiveForComponent(promotion.prodComponentId, [
      test,
      test2,
    ]);
    expect(active.map((d) => [d.environmentId, d.packageId])).toEqual([[test, previous]]);

    const writeCalls = (await control.calls(mark)).filter(
      (c) => c.method !== 'GET' && !/\/(query|queryMore)$/.test(c.path),
    );
    expect(writeCalls.every((c) => c.status >= 200 && c.status < 300)).toBe(true);
    expect((await control.writesSince(mark)).sort()).toEqual([
      'DELETE /DeployedPackage',
      'POST /DeployedPackage',
    ]);
    const announced = (
      await store.repos.notifications.list({ promotionId: promotion.promotionId })
    ).items.filter((n) => n.event.type === 'deployment.rolled_back');
    expect(announced).toHaveLength(1);
    expect(await store.repos.promotions.get(promotion.promotionId)).toMatchObject({
      status: 'ROLLED_BACK',
      rolledBackBy: SECOND_ADMIN.email,
    });
  });
});

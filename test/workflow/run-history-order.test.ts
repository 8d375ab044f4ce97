/**
 * The run history of steps run together (issue 16: a run's deploys go out at once): start rows are
 * listed in the order the run started the steps, whatever order their writes were asked in, and a
 * step that never writes (finished before a crash) holds nobody up.
 */
import { describe, expect, it } from 'vitest';
import type { NewDeploymentRun } from '../../src/store/repositories/index.ts';
import { RunHistory } from '../../src/workflow/run-history.ts';
import { useTestRepositories } from '../helpers/test-store.ts';

const store = useTestRepositories();

let n = 0;
async function newRun(): Promise<string> {
  n += 1;
  const run: NewDeploymentRun = {
    runId: `history-order-${n}`,
    promotionId: `history-order-${n}`,
    branchId: null,
    mode: 'TEST',
    deploymentTarget: 'TEST',
    request: {},
    callerEmail: 'admin@example.com',
    callerRoles: ['admin'],
  };
  await store.repos.deploymentRuns.create(run);
  return run.runId;
}

const names = async (runId: string) =>
  (await store.repos.deploymentRunSteps.list(runId)).map((step) => step.name);

describe('run history of steps started together', () => {
  it('lists start rows in the order the steps started, not the order their writes were asked', async () => {
    const history = new RunHistory(store.repos.deploymentRuns, store.repos.deploymentRunSteps);
    const runId = await newRun();
    const turns = ['8-deploy:a', '8-deploy:b', '8-deploy:c'].map((name) => ({
      name,
      turn: history.takeTurn(runId),
    }));
    // The engine reaches the bodies in reverse order.
    await Promise.all(turns.reverse().map(({ name, turn }) => history.stepStarted(runId, name, turn)));
    expect(await names(runId)).toEqual(['8-deploy:a', '8-deploy:b', '8-deploy:c']);
  });

  it('a turn given up without a write (a step finished before a crash) holds nobody up', async () => {
    const history = new RunHistory(store.repos.deploymentRuns, store.repos.deploymentRunSteps);
    const runId = await newRun();
    const skipped = history.takeTurn(runId);
    const next = history.takeTurn(runId);
    const started = history.stepStarted(runId, '8-deploy:b', next);
    skipped.pass();
    await started;
    // A retry of the same step queues behind the run's other writes and keeps its one row.
    await history.stepStarted(runId, '8-deploy:b', next);
    await history.stepEnded(runId, '8-deploy:b', { state: 'SUCCEEDED', boomiCalls: [] });
    const steps = await store.repos.deploymentRunSteps.list(runId);
    expect(steps.map((s) => [s.name, s.state])).toEqual([['8-deploy:b', 'SUCCEEDED']]);
  });
});

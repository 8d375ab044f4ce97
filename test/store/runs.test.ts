import { describe, expect, it } from 'vitest';
import { isPromoError } from '../../src/domain/errors.ts';
import pg from 'pg';
import { DeploymentRunsRepository, type NewDeploymentRun } from '../../src/store/repositories/index.ts';
import { useTestRepositories } from '../helpers/test-store.ts';

const store = useTestRepositories();

let n = 0;
function run(overrides: Partial<NewDeploymentRun> = {}): NewDeploymentRun {
  n += 1;
  return {
    runId: `run-${n}-${Math.random().toString(36).slice(2, 8)}`,
    promotionId: `prom-${n}`,
    branchId: `branch-${n}`,
    mode: 'TEST',
    deploymentTarget: 'TEST',
    request: { promotionId: `prom-${n}`, packageVersion: '1.0' },
    callerEmail: 'admin@example.com',
    callerRoles: ['admin'],
    ...overrides,
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (isPromoError(error)) return error.code;
    throw error;
  }
}

describe('deployment runs', () => {
  it('round-trips every field through create, markRunning, mergeContext and finish', async () => {
    const input = run({ idempotencyKey: 'idem-1' });
    const created = await store.repos.deploymentRuns.create(input);
    expect(created).toMatchObject({
      ...input,
      state: 'PENDING',
      context: {},
      executorId: null,
      response: null,
      errorCode: null,
      startedAt: null,
      endedAt: null,
    });
    const running = await store.repos.deploymentRuns.markRunning(input.runId, 'exec-1');
    expect(running).toMatchObject({ state: 'RUNNING', executorId: 'exec-1' });
    expect(running!.startedAt).not.toBeNull();
    expect(await store.repos.deploymentRuns.mergeContext(input.runId, { createdPackId: 'ip-9' })).toEqual({
      createdPackId: 'ip-9',
    });
    expect(await store.repos.deploymentRuns.mergeContext(input.runId, { releaseId: 'r-1' })).toEqual({
      createdPackId: 'ip-9',
      releaseId: 'r-1',
    });
    const response = { success: false, errorCode: 'MERGE_FAILED', deployedEnvironments: [] };
    const finished = await store.repos.deploymentRuns.finish(input.runId, {
      state: 'FAILED',
      response,
      errorCode: 'MERGE_FAILED',
      errorMessage: 'x'.repeat(6000),
    });
    expect(finished).toMatchObject({ state: 'FAILED', response, errorCode: 'MERGE_FAILED' });
    expect(finished!.errorMessage!.length).toBe(5000);
    expect(finished!.endedAt).not.toBeNull();
    expect(await store.repos.deploymentRuns.get(input.runId)).toEqual(finished);
    // A second finish (a step re-run after a crash) keeps the first outcome.
    const again = await store.repos.deploymentRuns.finish(input.runId, {
      state: 'SUCCEEDED',
      response: { success: true },
    });
    expect(again).toEqual(finished);
    expect(await store.repos.deploymentRuns.get('missing')).toBeNull();
  });

  it('allows one active run per promotion and per branch, and a new one after the first ends', async () => {
    const first = await store.repos.deploymentRuns.create(run({ promotionId: 'P-1', branchId: 'B-1' }));
    expect(
      await codeOf(store.repos.deploymentRuns.create(run({ promotionId: 'P-1', branchId: 'B-other' }))),
    ).toBe('DEPLOYMENT_IN_PROGRESS');
    expect(
      await codeOf(store.repos.deploymentRuns.create(run({ promotionId: 'P-other', branchId: 'B-1' }))),
    ).toBe('DEPLOYMENT_IN_PROGRESS');
    expect((await store.repos.deploymentRuns.findActiveForPromotion('P-1'))!.runId).toBe(first.runId);
    await store.repos.deploymentRuns.finish(first.runId, { state: 'SUCCEEDED', response: { success: true } });
    expect(await store.repos.deploymentRuns.findActiveForPromotion('P-1')).toBeNull();
    const second = await store.repos.deploymentRuns.create(run({ promotionId: 'P-1', branchId: 'B-1' }));
    expect((await store.repos.deploymentRuns.listForPromotion('P-1')).map((r) => r.runId)).toEqual([
      second.runId,
      first.runId,
    ]);
    // Runs without a branch (mode 2) never collide on the branch index.
    await store.repos.deploymentRuns.create(run({ promotionId: 'P-2', branchId: null }));
    await store.repos.deploymentRuns.create(run({ promotionId: 'P-3', branchId: null }));
    expect(
      await codeOf(store.repos.deploymentRuns.create(run({ runId: second.runId, promotionId: 'P-4' }))),
    ).toBe('CONFLICT');
  });

  it('holds one active run per promotion under 20 concurrent inserts', async () => {
    // 20 connections, so all 20 inserts really are in flight at once.
    const wide = new pg.Pool({ connectionString: store.db.url, max: 20 });
    const runs = new DeploymentRunsRepository(wide);
    await Promise.all(Array.from({ length: 20 }, () => wide.query('SELECT 1')));
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        codeOf(runs.create(run({ promotionId: 'RACE', branchId: `b${i}` }))),
      ),
    ).finally(() => wide.end());
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'DEPLOYMENT_IN_PROGRESS')).toHaveLength(19);
    const rows = await store.db.pool.query(
      "SELECT count(*)::int AS n FROM deployment_runs WHERE promotion_id = 'RACE'",
    );
    expect(rows.rows[0]).toEqual({ n: 1 });
  });

  it('holds one active run per branch under 20 concurrent inserts', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        codeOf(store.repos.deploymentRuns.create(run({ promotionId: `bp${i}`, branchId: 'RACE-B' }))),
      ),
    );
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
  });

  it('lists active runs of one executor', async () => {
    const r = await store.repos.deploymentRuns.create(run({ state: 'RUNNING', executorId: 'exec-list' }));
    expect((await store.repos.deploymentRuns.listActive('exec-list')).map((x) => x.runId)).toEqual([r.runId]);
    expect(r.startedAt).not.toBeNull();
  });
});

describe('deployment run steps', () => {
  it('records start, end, errors, Boomi calls, attempts and change order', async () => {
    const r = await store.repos.deploymentRuns.create(run());
    const s1 = await store.repos.deploymentRunSteps.start(r.runId, '2.5-merge-create', { branchId: 'b' });
    expect(s1).toMatchObject({
      state: 'RUNNING',
      attempts: 1,
      boomiCallCount: 0,
      endedAt: null,
      detail: { branchId: 'b' },
    });
    const e1 = await store.repos.deploymentRunSteps.finish(r.runId, '2.5-merge-create', {
      state: 'SUCCEEDED',
      boomiCalls: ['POST /MergeRequest', 'GET /MergeRequest/m1'],
    });
    expect(e1).toMatchObject({ state: 'SUCCEEDED', boomiCallCount: 2, error: null });
    expect(e1.endedAt).not.toBeNull();
    expect(e1.changeSeq).toBeGreaterThan(s1.changeSeq);
    const checkpoint = e1.changeSeq;

    // Crash and re-run of the next step: same row, attempts 2, calls accumulate.
    await store.repos.deploymentRunSteps.start(r.runId, '3-packaged-component');
    await store.repos.deploymentRunSteps.finish(r.runId, '3-packaged-component', {
      state: 'FAILED',
      error: 'boom',
      boomiCalls: ['POST /PackagedComponent'],
    });
    await store.repos.deploymentRunSteps.start(r.runId, '3-packaged-component');
    const e2 = await store.repos.deploymentRunSteps.finish(r.runId, '3-packaged-component', {
      state: 'SUCCEEDED',
      boomiCalls: ['GET /PackagedComponent/query'],
      detail: { packagedComponentId: 'pc-1' },
    });
    expect(e2).toMatchObject({
      attempts: 2,
      error: null,
      boomiCallCount: 2,
      boomiCalls: ['POST /PackagedComponent', 'GET /PackagedComponent/query'],
      detail: { packagedComponentId: 'pc-1' },
    });

    const all = await store.repos.deploymentRunSteps.list(r.runId);
    expect(all.map((s) => s.name)).toEqual(['2.5-merge-create', '3-packaged-component']);
    const since = await store.repos.deploymentRunSteps.list(r.runId, { changedAfter: checkpoint });
    expect(since.map((s) => s.name)).toEqual(['3-packaged-component']);
    expect(await store.repos.deploymentRunSteps.list('no-run')).toEqual([]);
  });
});

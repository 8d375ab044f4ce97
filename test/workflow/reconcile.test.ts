/**
 * Stale-run reconciliation: a run row left active by a workflow that ended without recording the
 * run's end is ended from DBOS's record of the workflow, so its promotion can be deployed again;
 * a run whose workflow is still running is never touched.
 */
import { DBOS } from '@dbos-inc/dbos-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDeployRequest, type DeployRequest } from '../../src/domain/deploy-request.ts';
import { isPromoError } from '../../src/domain/errors.ts';
import { silentLogger } from '../../src/workflow/logger.ts';
import { startStaleRunReconciler, type ReconcileOptions } from '../../src/workflow/reconcile.ts';
import {
  ADMIN,
  TINY_ASYNC,
  environmentNamed,
  freshPromotion,
  registerPromotion,
  startWorld,
  type World,
} from '../helpers/world.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

const reconcile = (options?: ReconcileOptions) => world.engine.reconcileStaleRuns(options);

function testRequest(promotionId: string, packageVersion: string, key: string): DeployRequest {
  return parseDeployRequest({
    promotionId,
    packageVersion,
    deploymentTarget: 'TEST',
    createNewPack: true,
    newPackName: `Pack ${key}`,
    targetEnvironments: [{ environmentId: environmentNamed(world.demo, 'Test').id }],
  });
}

async function newPromotion(key: string) {
  const promotion = await freshPromotion(world, key);
  await registerPromotion(world, promotion);
  return promotion;
}

/** The run's workflow result, or the error it ended with. */
async function workflowOutcome(runId: string): Promise<{ ok: boolean; value: unknown }> {
  try {
    return { ok: true, value: await DBOS.retrieveWorkflow(runId).getResult() };
  } catch (error) {
    return { ok: false, value: error };
  }
}

async function refusal(work: Promise<unknown>): Promise<string | null> {
  try {
    await work;
    return null;
  } catch (error) {
    return isPromoError(error) ? error.code : String(error);
  }
}

describe('reconcileStaleRuns', () => {
  it('ends a run whose workflow failed before recording its end (audit unavailable at step 10): FAILED, INTERNAL_ERROR, steps kept; the promotion can be deployed again', async () => {
    const promotion = await newPromotion('reconcile-error');
    // The database refuses the run's audit entry: step 10 uses up its retries and the error
    // escapes the workflow before the run's end is recorded — the real crash window.
    await world.db.pool.query(`
      CREATE FUNCTION test_refuse_run_audit() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'audit log unavailable (test)'; END $$;
      CREATE TRIGGER test_refuse_run_audit BEFORE INSERT ON audit_log FOR EACH ROW
        WHEN (NEW.action = 'package-and-deploy.run') EXECUTE FUNCTION test_refuse_run_audit();`);
    let runId: string;
    try {
      ({ runId } = await world.services.deployments.start(
        testRequest(promotion.promotionId, '1.0.0', 'reconcile-error'),
        ADMIN,
      ));
      expect((await workflowOutcome(runId)).ok).toBe(false);
    } finally {
      await world.db.pool.query(`DROP TRIGGER test_refuse_run_audit ON audit_log;
        DROP FUNCTION test_refuse_run_audit();`);
    }
    expect((await DBOS.getWorkflowStatus(runId))?.status).toBe('ERROR');
    expect((await world.repos.deploymentRuns.get(runId))?.state).toBe('RUNNING');
    // The gap: the stuck row blocks the promotion.
    const second = testRequest(promotion.promotionId, '1.0.1', 'reconcile-error-2');
    expect(await refusal(world.services.deployments.start(second, ADMIN))).toBe('DEPLOYMENT_IN_PROGRESS');

    // The start-up pass of the periodic reconciler (awaited before it returns) ends it.
    const reconciled: unknown[] = [];
    const reconciler = await startStaleRunReconciler({
      reconcile: async () => reconciled.push(...(await reconcile())),
      intervalMs: 3_600_000,
      log: silentLogger,
    });
    await reconciler.stop();
    expect(reconciled).toEqual([
      {
        runId,
        promotionId: promotion.promotionId,
        workflowStatus: 'ERROR',
        state: 'FAILED',
        errorCode: 'INTERNAL_ERROR',
      },
    ]);
    const run = await world.repos.deploymentRuns.get(runId);
    expect(run).toMatchObject({ state: 'FAILED', errorCode: 'INTERNAL_ERROR' });
    expect(run?.errorMessage).toMatch(/ended \(ERROR\) without recording the run's end/);
    expect(run?.endedAt).not.toBeNull();
    const view = await world.services.deployments.getRun(runId);
    expect(view?.state).toBe('FAILED');
    expect(view?.steps.map((s) => s.name)).toContain('10-return-response');
    expect(view?.steps.find((s) => s.name === '10-return-response')?.state).toBe('FAILED');
    expect(view?.steps.find((s) => s.name === '8-deploy:' + second.targetEnvironmentIds[0])?.state).toBe(
      'SUCCEEDED',
    );
    const audit = await world.repos.auditLog.list({ action: 'package-and-deploy.reconcile' });
    expect(audit.items.map((entry) => [entry.targetId, entry.outcome])).toEqual([
      [promotion.promotionId, 'FAILED:INTERNAL_ERROR'],
    ]);

    // A second pass finds nothing left to do; the promotion accepts a new run, which finishes.
    expect(await reconcile()).toEqual([]);
    const next = await world.services.deployments.start(second, ADMIN);
    const result = await workflowOutcome(next.runId);
    expect(result.ok).toBe(true);
    expect((await world.repos.deploymentRuns.get(next.runId))?.state).toBe('SUCCEEDED');
  });

  it('a run whose workflow succeeded but whose row is still active gets the workflow’s own response', async () => {
    const promotion = await newPromotion('reconcile-success');
    const { runId } = await world.services.deployments.start(
      testRequest(promotion.promotionId, '1.0.0', 'reconcile-success'),
      ADMIN,
    );
    const result = await workflowOutcome(runId);
    expect(result.ok).toBe(true);
    const stepsBefore = (await world.services.deployments.getRun(runId))?.steps;
    // Simulate the crash window: the row back to what it was before the run recorded its end.
    await world.db.pool.query(
      `UPDATE deployment_runs SET state = 'RUNNING', response = NULL, ended_at = NULL WHERE run_id = $1`,
      [runId],
    );
    const reconciled = await reconcile();
    expect(reconciled).toEqual([
      {
        runId,
        promotionId: promotion.promotionId,
        workflowStatus: 'SUCCESS',
        state: 'SUCCEEDED',
        errorCode: null,
      },
    ]);
    const view = await world.services.deployments.getRun(runId);
    expect(view?.state).toBe('SUCCEEDED');
    expect(view?.response).toEqual(result.value);
    expect(view?.steps).toEqual(stepsBefore);
  });

  it('a row without any workflow is ended only once it is long past its start', async () => {
    const promotion = await newPromotion('reconcile-orphan');
    const request = testRequest(promotion.promotionId, '1.0.0', 'reconcile-orphan');
    // The process died between recording the run and starting its workflow.
    await world.repos.deploymentRuns.create({
      runId: 'run-orphan',
      promotionId: promotion.promotionId,
      branchId: promotion.branchId,
      mode: 'TEST',
      deploymentTarget: 'TEST',
      request,
      callerEmail: ADMIN.email,
      state: 'RUNNING',
    });
    expect(await reconcile()).toEqual([]);
    expect((await world.repos.deploymentRuns.get('run-orphan'))?.state).toBe('RUNNING');

    const later = Date.now() + 11 * 60_000;
    expect(await reconcile({ now: () => later })).toEqual([
      {
        runId: 'run-orphan',
        promotionId: promotion.promotionId,
        workflowStatus: null,
        state: 'FAILED',
        errorCode: 'INTERNAL_ERROR',
      },
    ]);
    expect((await world.repos.deploymentRuns.get('run-orphan'))?.errorMessage).toMatch(/never started/);
  });

  it('never touches a run whose workflow is still running', async () => {
    const promotion = await newPromotion('reconcile-live');
    // This run's release does not finish: it stays RUNNING until its release deadline.
    await world.control.seed({ asyncDurations: { releaseMs: 60 * 60_000 } });
    const since = String(await world.control.lastSeq());
    const { runId } = await world.services.deployments.start(
      testRequest(promotion.promotionId, '1.0.0', 'reconcile-live'),
      ADMIN,
    );
    try {
      // Until the sandbox has answered the release POST (its duration is fixed then): the step
      // starting is not enough, the limiter may still be holding the POST back.
      for (;;) {
        const released = await world.control.calls({
          method: 'POST',
          path: '/ReleaseIntegrationPack',
          since,
        });
        if (released.length > 0) break;
        if ((await world.services.deployments.getRun(runId))?.state !== 'RUNNING') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await world.control.seed({ asyncDurations: { releaseMs: TINY_ASYNC.releaseMs } });
    }
    expect((await DBOS.getWorkflowStatus(runId))?.status).toBe('PENDING');

    const reconciled = await reconcile({ now: () => Date.now() + 24 * 3_600_000 });
    expect(reconciled.map((r) => r.runId)).not.toContain(runId);
    expect((await world.repos.deploymentRuns.get(runId))?.state).toBe('RUNNING');

    // The run ends on its own terms (its release deadline), not as INTERNAL_ERROR.
    await workflowOutcome(runId);
    const run = await world.repos.deploymentRuns.get(runId);
    expect(run?.state).toBe('FAILED');
    expect(run?.errorCode).not.toBe('INTERNAL_ERROR');
    expect(run?.errorCode).toEqual(expect.any(String));
  });
});

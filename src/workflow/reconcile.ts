/**
 * Reconciles run rows with their DBOS workflows. A run row stays active (PENDING/RUNNING) until
 * the run records its end — and while it is active, the one-active-run index refuses every new
 * run of the promotion (DEPLOYMENT_IN_PROGRESS). If the workflow ended without recording the end
 * (steps 9/10 used up their database retries, an unexpected error escaped the workflow), nothing
 * would ever end the row. This pass ends such rows, from DBOS's own record of the workflow:
 *   - workflow SUCCESS with its response: the row gets that response (the run did finish);
 *   - workflow ERROR / CANCELLED / MAX_RECOVERY_ATTEMPTS_EXCEEDED: FAILED, INTERNAL_ERROR;
 *   - no workflow at all, long after the row was written (the process died between inserting the
 *     row and starting the workflow): FAILED, INTERNAL_ERROR.
 * A run whose workflow is still PENDING/ENQUEUED/DELAYED is never touched: recovery may resume it.
 * The run's steps are kept; each reconciliation is audited.
 */
import { DBOS, type WorkflowStatus } from '@dbos-inc/dbos-sdk';
import type { DeployResponse } from '../domain/deploy-response.ts';
import type { DeploymentRun, RunOutcome } from '../store/repositories/deployment-runs.ts';
import type { WorkflowRepositories } from './deps.ts';
import type { WorkflowLogger } from './logger.ts';
import type { RunHistory } from './run-history.ts';
import { isErrorCode } from './failures.ts';
import { startPeriodic } from './periodic.ts';

/** Workflow statuses after which DBOS never runs the workflow again on its own. */
const TERMINAL_STATUSES = new Set(['SUCCESS', 'ERROR', 'CANCELLED', 'MAX_RECOVERY_ATTEMPTS_EXCEEDED']);

/** A row without a workflow this old is an orphan: starting a workflow takes milliseconds. */
const DEFAULT_ORPHAN_AFTER_MS = 10 * 60_000;

export interface ReconcileOptions {
  orphanAfterMs?: number;
  /** Clock, for the orphan age. */
  now?: () => number;
}

export interface ReconciledRun {
  runId: string;
  promotionId: string;
  /** The DBOS workflow status that decided it, or null when there was no workflow. */
  workflowStatus: string | null;
  state: DeploymentRun['state'];
  errorCode: string | null;
}

interface ReconcileDeps {
  repos: WorkflowRepositories;
  history: RunHistory;
  log: WorkflowLogger;
}

function looksLikeResponse(value: unknown): value is DeployResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { success?: unknown }).success === 'boolean' &&
    typeof (value as { runId?: unknown }).runId === 'string'
  );
}

/** What the row becomes, or null to leave it alone. */
export function reconciledOutcome(
  run: Pick<DeploymentRun, 'runId' | 'createdAt'>,
  workflow: Pick<WorkflowStatus, 'status' | 'output'> | undefined,
  options: Required<ReconcileOptions>,
): RunOutcome | null {
  if (!workflow) {
    const age = options.now() - Date.parse(run.createdAt);
    if (!(age > options.orphanAfterMs)) return null;
    return {
      state: 'FAILED',
      errorCode: 'INTERNAL_ERROR',
      errorMessage:
        `Run ${run.runId} never started: no durable workflow exists for it ` +
        `${Math.round(age / 1000)} s after it was recorded; marked FAILED by reconciliation`,
    };
  }
  if (!TERMINAL_STATUSES.has(workflow.status)) return null;
  if (workflow.status === 'SUCCESS' && looksLikeResponse(workflow.output)) {
    const response = workflow.output;
    return {
      state: response.success ? 'SUCCEEDED' : 'FAILED',
      response,
      errorCode: isErrorCode(response.errorCode) ? response.errorCode : null,
      errorMessage: response.errorMessage,
    };
  }
  return {
    state: 'FAILED',
    errorCode: 'INTERNAL_ERROR',
    errorMessage:
      `Run ${run.runId}'s durable workflow ended (${workflow.status}) without recording the run's end ` +
      `(its final steps could not write to the database); marked FAILED by reconciliation. ` +
      `Check the promotion's PromotionLog and Boomi before deploying again.`,
  };
}

/**
 * One pass over the active run rows; returns the rows it ended. Needs DBOS launched. Safe to run
 * on several instances at once: a row is ended at most once (the history keeps the first end).
 */
export async function reconcileStaleRuns(
  deps: ReconcileDeps,
  options: ReconcileOptions = {},
): Promise<ReconciledRun[]> {
  const settings = {
    orphanAfterMs: options.orphanAfterMs ?? DEFAULT_ORPHAN_AFTER_MS,
    now: options.now ?? Date.now,
  };
  const active = await deps.repos.deploymentRuns.listActive();
  if (active.length === 0) return [];
  const workflows = await DBOS.listWorkflows({
    workflowIDs: active.map((run) => run.runId),
    loadInput: false,
    loadOutput: true,
  });
  const byId = new Map(workflows.map((workflow) => [workflow.workflowID, workflow]));

  const reconciled: ReconciledRun[] = [];
  for (const run of active) {
    const workflow = byId.get(run.runId);
    const outcome = reconciledOutcome(run, workflow, settings);
    if (!outcome) continue;
    // Read after the workflow's status: a run that recorded its end first is seen ended and skipped.
    const ended = await deps.history.runEnded(run.runId, outcome);
    if (!ended) continue;
    const workflowStatus = workflow?.status ?? null;
    deps.log.warn(
      {
        runId: run.runId,
        promotionId: run.promotionId,
        workflowStatus,
        state: ended.state,
        errorCode: ended.errorCode,
      },
      'Reconciled a deployment run whose workflow ended without recording its end',
    );
    await deps.repos.auditLog.append({
      actor: 'system:reconciler',
      action: 'package-and-deploy.reconcile',
      targetType: 'promotion',
      targetId: run.promotionId,
      outcome: ended.state === 'SUCCEEDED' ? 'SUCCESS' : `FAILED:${ended.errorCode ?? 'UNKNOWN'}`,
      detail: { runId: run.runId, workflowStatus, message: ended.errorMessage },
    });
    reconciled.push({
      runId: run.runId,
      promotionId: run.promotionId,
      workflowStatus,
      state: ended.state,
      errorCode: ended.errorCode,
    });
  }
  return reconciled;
}

export interface StaleRunReconciler {
  stop(): Promise<void>;
}

/**
 * Runs `reconcile` now (awaited, so a restart frees stuck promotions before serving) and then
 * every `intervalMs` on an unref'd timer; passes never overlap; a failed pass is logged and
 * retried on the next tick. `stop()` waits for a pass in flight.
 */
export function startStaleRunReconciler(options: {
  reconcile: () => Promise<unknown>;
  intervalMs: number;
  log: ReconcileDeps['log'];
}): Promise<StaleRunReconciler> {
  return startPeriodic({
    name: 'Stale-run reconciliation',
    pass: options.reconcile,
    intervalMs: options.intervalMs,
    log: options.log,
  });
}

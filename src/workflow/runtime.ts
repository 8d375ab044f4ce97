/**
 * The workflow layer, wired: the services the HTTP app and the CLI call, and the function the
 * durable runtime calls to register the workflows before DBOS launches.
 *
 * Order at start-up:
 *   1. database + repositories, Boomi client with `onCall` feeding `trackBoomiCall`;
 *   2. `createWorkflowRuntime(...)` — sets what the steps use (recovery may start at launch);
 *   3. `launchDurableRuntime({..., registerWorkflows: runtime.registerWorkflows})`;
 *   4. `runtime.reconcileStaleRuns()` now and periodically (see reconcile.ts);
 *   5. build the HTTP app with `runtime.services`.
 * Logs and metrics of runs plug in as `observer` (run-observer-hooks.ts): it sees every run that
 * executes in this process, also those DBOS recovery resumes here.
 */
import type { BoomiClient } from '../boomi/index.ts';
import type { WorkflowServices } from '../http/services.ts';
import { createCacheService } from './cache-refresh.ts';
import {
  setWorkflowDeps,
  silentLogger,
  type WorkflowLogger,
  type WorkflowRepositories,
  type WorkflowSettings,
} from './context.ts';
import { createDeploymentService } from './deployment-service.ts';
import { armFailpoint } from './failpoints.ts';
import { registerPackageAndDeployWorkflow } from './package-and-deploy.workflow.ts';
import { reconcileStaleRuns, type ReconciledRun, type ReconcileOptions } from './reconcile.ts';
import { createReviewService } from './review-service.ts';
import { RunHistory } from './run-history.ts';
import { safeObserver, type RunObserver } from './run-observer-hooks.ts';

export { trackBoomiCall } from './call-tracker.ts';
export type { ReconciledRun } from './reconcile.ts';
export { startStaleRunReconciler, type StaleRunReconciler } from './reconcile.ts';
export type {
  RunEndEvent,
  RunObserver,
  RunStartEvent,
  StepEndEvent,
  StepStartEvent,
} from './run-observer-hooks.ts';

export interface WorkflowRuntimeOptions {
  /** Created with `onCall` calling `trackBoomiCall` (run history, failpoints). */
  boomi: BoomiClient;
  repos: WorkflowRepositories;
  settings: WorkflowSettings;
  log?: WorkflowLogger;
  /** config.failpoint — crash tests only; inert when undefined. */
  failpoint?: string | undefined;
  /** How often SSE subscribers re-read a run written by another instance. Default 1 s. */
  historyPollMs?: number;
  /** Hooks for logs/metrics of every run executing in this process (fresh or resumed). */
  observer?: RunObserver;
}

export interface WorkflowRuntime {
  services: WorkflowServices;
  /** Pass to launchDurableRuntime as `registerWorkflows`. */
  registerWorkflows: () => void;
  /** Ends active run rows whose workflow already ended (needs DBOS launched); see reconcile.ts. */
  reconcileStaleRuns: (options?: ReconcileOptions) => Promise<ReconciledRun[]>;
}

export function createWorkflowRuntime(options: WorkflowRuntimeOptions): WorkflowRuntime {
  const log = options.log ?? silentLogger;
  const observer = safeObserver(options.observer, log);
  const history = new RunHistory(
    options.repos.deploymentRuns,
    options.repos.deploymentRunSteps,
    options.historyPollMs,
    observer,
  );
  const deps = {
    boomi: options.boomi,
    repos: options.repos,
    history,
    settings: options.settings,
    log,
    observer,
  };
  setWorkflowDeps(deps);
  armFailpoint(options.failpoint);
  return {
    services: {
      deployments: createDeploymentService(deps),
      reviews: createReviewService(deps),
      cache: createCacheService(deps),
    },
    registerWorkflows: registerPackageAndDeployWorkflow,
    reconcileStaleRuns: (reconcileOptions) => reconcileStaleRuns(deps, reconcileOptions),
  };
}

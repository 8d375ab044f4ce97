/**
 * The workflow engine: the steps built from their dependencies, the workflows registered with
 * them, and DBOS launched on the service's database — the one sequence the service, the tests and
 * the benchmarks all start with `startWorkflowEngine()`.
 *
 * Order inside: run history and observer → `createSteps(deps)` → register the workflows (DBOS
 * re-enters them by name, also on recovery right after launch) → launch DBOS. Logs and metrics of
 * runs plug in as `observer`: it sees every run that executes in this process, also those DBOS
 * recovery resumes here. The Boomi client must report its calls to `trackBoomiCall` (run history,
 * failpoints).
 */
import { DBOS } from '@dbos-inc/dbos-sdk';
import { withBoomiLane, type BoomiClient } from '../boomi/index.ts';
import type { DeployResponse } from '../domain/deploy-response.ts';
import { launchDbos, shutdownDbos, type DbosLaunchOptions } from '../store/dbos.ts';
import type { DeployRunInput } from './deploy-input.ts';
import type { StepDeps, WorkflowRepositories, WorkflowSettings } from './deps.ts';
import { armFailpoint } from './failpoints.ts';
import { silentLogger, type WorkflowLogger } from './logger.ts';
import { createPackageAndDeployWorkflow } from './package-and-deploy.workflow.ts';
import type { RollbackResponse } from '../domain/rollback.ts';
import type { RollbackRunInput } from './rollback-input.ts';
import { createRollbackWorkflow } from './rollback.workflow.ts';
import { reconcileStaleRuns, type ReconciledRun, type ReconcileOptions } from './reconcile.ts';
import { boomiLaneOf, rollbackLaneOf } from './run-lane.ts';
import { RunHistory } from './run-history.ts';
import { LocalStarts, safeObserver, type RunObserver } from './run-observer-hooks.ts';
import { createStepRunner } from './step-runner.ts';
import { createSteps } from './steps/index.ts';

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
export type { WorkflowLogger, WorkflowRepositories, WorkflowSettings };

export interface WorkflowEngineOptions {
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
  /** Seconds before a failed step's first retry (default 1); tests shorten it. */
  stepRetryIntervalSeconds?: number;
  /**
   * Where DBOS keeps its checkpoints, and this instance's identity; `registerWorkflows` is the
   * engine's own. `false`: no DBOS (tests of services that start no run).
   */
  dbos: Omit<DbosLaunchOptions, 'registerWorkflows'> | false;
}

/** A started Package and Deploy run: its result, awaited in-process. */
export interface RunHandle {
  result(): Promise<DeployResponse | null>;
}

export interface WorkflowEngine {
  /** The run history (views, subscriptions, the run's end). */
  history: RunHistory;
  /** This instance's DBOS executor id (recorded on each run row). */
  executorId(): string;
  /** Starts the durable run with `runId` as its workflow id. */
  startPackageAndDeploy(runId: string, input: DeployRunInput): Promise<RunHandle>;
  /** Starts the durable rollback run (spec §12) with `input.runId` as its workflow id. */
  startRollback(input: RollbackRunInput): Promise<{ result(): Promise<RollbackResponse | null> }>;
  /** The result of a run started earlier (possibly by another instance), polled from DBOS. */
  resultOf(runId: string): Promise<DeployResponse | null>;
  /** Ends active run rows whose workflow already ended (needs DBOS launched); see reconcile.ts. */
  reconcileStaleRuns(options?: ReconcileOptions): Promise<ReconciledRun[]>;
  /** Stops DBOS, letting running workflows finish for up to `waitForWorkflowsMs` (they resume later). */
  close(options?: { waitForWorkflowsMs?: number }): Promise<void>;
}

/** Starts a registered workflow with `runId` as its DBOS workflow id. */
async function startDurable<I, R>(
  localStarts: LocalStarts,
  workflow: ((input: I) => Promise<R>) | undefined,
  runId: string,
  input: I,
): Promise<{ result(): Promise<R | null> }> {
  if (!workflow) throw new Error('The workflow engine was started without DBOS');
  localStarts.expect(runId);
  try {
    const handle = await DBOS.startWorkflow(workflow, { workflowID: runId })(input);
    return { result: () => handle.getResult() };
  } catch (error) {
    localStarts.forget(runId);
    throw error;
  }
}

export async function startWorkflowEngine(options: WorkflowEngineOptions): Promise<WorkflowEngine> {
  const log = options.log ?? silentLogger;
  const observer = safeObserver(options.observer, log);
  const history = new RunHistory(
    options.repos.deploymentRuns,
    options.repos.deploymentRunSteps,
    options.historyPollMs,
    observer,
  );
  const localStarts = new LocalStarts();
  const deps: StepDeps = {
    boomi: options.boomi,
    repos: options.repos,
    history,
    settings: options.settings,
    log,
  };
  const runner = createStepRunner({
    history,
    log,
    observer,
    localStarts,
    ...(options.stepRetryIntervalSeconds !== undefined
      ? { retryIntervalSeconds: options.stepRetryIntervalSeconds }
      : {}),
  });
  armFailpoint(options.failpoint);

  let packageAndDeploy: ((input: DeployRunInput) => Promise<DeployResponse>) | undefined;
  let rollback: ((input: RollbackRunInput) => Promise<RollbackResponse>) | undefined;
  const registerWorkflows = () => {
    const steps = createSteps(deps);
    const workflow = createPackageAndDeployWorkflow(steps, runner);
    // The lane is set inside the workflow, so a run recovered after a crash keeps its lane (and
    // its turn key): a hotfix's Boomi calls go first, a test run's after production's.
    const inLane = (input: DeployRunInput) =>
      withBoomiLane(boomiLaneOf(input.plan.mode), () => workflow(input), input.runId);
    packageAndDeploy = DBOS.registerWorkflow(inLane, { name: 'package-and-deploy' });
    const rollbackWorkflow = createRollbackWorkflow(steps, runner);
    const rollbackInLane = (input: RollbackRunInput) =>
      withBoomiLane(rollbackLaneOf(input.deploymentTarget), () => rollbackWorkflow(input), input.runId);
    rollback = DBOS.registerWorkflow(rollbackInLane, { name: 'rollback' });
  };
  if (options.dbos) await launchDbos({ ...options.dbos, registerWorkflows });

  return {
    history,
    executorId: () => DBOS.executorID,
    startPackageAndDeploy: (runId, input) => startDurable(localStarts, packageAndDeploy, runId, input),
    startRollback: (input) => startDurable(localStarts, rollback, input.runId, input),
    resultOf: (runId) => DBOS.retrieveWorkflow<DeployResponse>(runId).getResult({ pollingIntervalMs: 200 }),
    reconcileStaleRuns: (reconcileOptions) =>
      reconcileStaleRuns({ repos: options.repos, history, log }, reconcileOptions),
    close: async (closeOptions) => {
      if (options.dbos) await shutdownDbos(closeOptions);
    },
  };
}

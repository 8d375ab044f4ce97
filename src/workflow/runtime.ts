/**
 * The workflow layer, wired: the services the HTTP app and the CLI call, and the function the
 * durable runtime calls to register the workflows before DBOS launches.
 *
 * Order at start-up:
 *   1. database + repositories, Boomi client with `onCall` feeding `trackBoomiCall`;
 *   2. `createWorkflowRuntime(...)` — sets what the steps use (recovery may start at launch);
 *   3. `launchDurableRuntime({..., registerWorkflows: runtime.registerWorkflows})`;
 *   4. build the HTTP app with `runtime.services`.
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
import { createReviewService } from './review-service.ts';
import { RunHistory } from './run-history.ts';

export { trackBoomiCall } from './call-tracker.ts';

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
}

export interface WorkflowRuntime {
  services: WorkflowServices;
  /** Pass to launchDurableRuntime as `registerWorkflows`. */
  registerWorkflows: () => void;
}

export function createWorkflowRuntime(options: WorkflowRuntimeOptions): WorkflowRuntime {
  const log = options.log ?? silentLogger;
  const history = new RunHistory(
    options.repos.deploymentRuns,
    options.repos.deploymentRunSteps,
    options.historyPollMs,
  );
  const deps = { boomi: options.boomi, repos: options.repos, history, settings: options.settings, log };
  setWorkflowDeps(deps);
  armFailpoint(options.failpoint);
  return {
    services: {
      deployments: createDeploymentService(deps),
      reviews: createReviewService(deps),
      cache: createCacheService(deps),
    },
    registerWorkflows: registerPackageAndDeployWorkflow,
  };
}

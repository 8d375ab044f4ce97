/**
 * RollbackService (spec §12): the checks — all before any Boomi write — then the rollback's own
 * run row (the same table as deployment runs, so one active run per promotion still holds and
 * GET /deployments/{id} and /events follow it) and the durable rollback workflow.
 */
import { randomUUID } from 'node:crypto';
import type { Caller } from '../domain/caller.ts';
import { PromoError } from '../domain/errors.ts';
import { checkRollback, type PreviousDeployments, type RollbackRequest } from '../domain/rollback.ts';
import type { DeploymentRun } from '../store/repositories/deployment-runs.ts';
import type { WorkflowRepositories } from '../workflow/deps.ts';
import type { WorkflowEngine } from '../workflow/engine.ts';
import { errorMessageOf } from '../workflow/failures.ts';
import type { RollbackRunInput } from '../workflow/rollback-input.ts';
import { PREVIOUS_DEPLOYMENTS } from '../workflow/steps/previous-deployments.ts';
import { rolledBackEnvironmentsOf } from '../workflow/rolled-back-environments.ts';
import type { RollbackService } from './contract.ts';

export interface RollbackServiceDeps {
  repos: Pick<WorkflowRepositories, 'deploymentRuns' | 'promotions'>;
  engine: Pick<WorkflowEngine, 'startRollback' | 'executorId' | 'history'>;
}

function factsOf(run: DeploymentRun) {
  const previous = run.context[PREVIOUS_DEPLOYMENTS];
  return {
    runId: run.runId,
    state: run.state,
    rollsBackRunId: run.rollsBackRunId,
    response: (run.response ?? null) as Parameters<typeof checkRollback>[0]['response'],
    previousDeployments: previous && typeof previous === 'object' ? (previous as PreviousDeployments) : null,
    rolledBackEnvironments: rolledBackEnvironmentsOf(run),
  };
}

async function prepare(
  { repos }: RollbackServiceDeps,
  runId: string,
  request: RollbackRequest,
  caller: Caller,
): Promise<RollbackRunInput> {
  if (!caller.roles.includes('admin')) throw new PromoError('FORBIDDEN', 'Rollback requires the admin role');
  const run = await repos.deploymentRuns.get(runId);
  if (!run) throw new PromoError('NOT_FOUND', `Run ${runId} was not found`);
  const targets = checkRollback(factsOf(run), request);
  const promotion = await repos.promotions.get(run.promotionId);
  if (!promotion?.prodComponentId) {
    throw new PromoError(
      'ROLLBACK_NOT_ALLOWED',
      `Promotion ${run.promotionId} of run ${runId} has no root process`,
    );
  }
  return {
    runId: `rollback-${randomUUID()}`,
    rolledBackRunId: runId,
    promotionId: run.promotionId,
    deploymentTarget: run.deploymentTarget,
    componentId: promotion.prodComponentId,
    runPackageId: targets.runPackageId,
    environments: targets.environments,
    reason: targets.reason,
    rolledBackBy: caller.email.trim(),
  };
}

/** Records the rollback's run row, then starts the durable workflow (never an orphan row). */
async function startPrepared(deps: RollbackServiceDeps, input: RollbackRunInput, caller: Caller) {
  // One active run per promotion: no rollback beside a run, no run beside a rollback.
  await deps.repos.deploymentRuns.create({
    runId: input.runId,
    promotionId: input.promotionId,
    mode: 'ROLLBACK',
    deploymentTarget: input.deploymentTarget,
    request: { reason: input.reason, environmentIds: input.environments.map((e) => e.environmentId) },
    callerEmail: caller.email,
    callerRoles: [...caller.roles],
    state: 'RUNNING',
    executorId: deps.engine.executorId(),
    rollsBackRunId: input.rolledBackRunId,
  });
  try {
    return await deps.engine.startRollback(input);
  } catch (error) {
    await deps.engine.history.runEnded(input.runId, {
      state: 'FAILED',
      errorCode: 'INTERNAL_ERROR',
      errorMessage: errorMessageOf(error),
    });
    throw error;
  }
}

export function createRollbackService(deps: RollbackServiceDeps): RollbackService {
  return {
    async start(runId, request, caller) {
      const input = await prepare(deps, runId, request, caller);
      await startPrepared(deps, input, caller);
      return { runId: input.runId };
    },
    async runSync(runId, request, caller) {
      const input = await prepare(deps, runId, request, caller);
      const handle = await startPrepared(deps, input, caller);
      const response = await handle.result();
      if (!response)
        throw new PromoError('INTERNAL_ERROR', `Rollback ${input.runId} ended without a response`);
      return response;
    },
  };
}

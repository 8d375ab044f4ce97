/**
 * Rollback of a deployment run (spec §12): what each run records at step 8 — per environment the
 * root process's deployment active before it — and, from that, what rolling back an environment
 * means. Boomi does not make the previous deployment active again on undeploy, so a rollback
 * deploys the previous package explicitly, or removes the run's deployment when there was none.
 *
 * Decisions where the spec is silent:
 * - Only a SUCCEEDED run (every or some environments deployed) can be rolled back; a FAILED run
 *   deployed nowhere. A rollback run itself cannot be rolled back.
 * - Environments already rolled back by an earlier rollback are skipped; when none is left the
 *   run is "already rolled back". So a partly failed rollback can be repeated for the rest.
 * - A deployment made after the run (neither the run's package nor the previous one) is left
 *   alone: that environment fails with a message, the others still roll back.
 * - The PromotionLog becomes ROLLED_BACK when at least one environment was rolled back.
 */
import { PromoError } from './errors.ts';

/** The deployment active in one environment before the run deployed there (nulls: there was none). */
export interface PreviousDeployment {
  previousPackageId: string | null;
  previousPackageVersion: string | null;
  previousDeploymentId: string | null;
}

/** Per environment id; the run's context key `previousDeployments`. */
export type PreviousDeployments = Record<string, PreviousDeployment>;

export const NO_PREVIOUS: PreviousDeployment = {
  previousPackageId: null,
  previousPackageVersion: null,
  previousDeploymentId: null,
};

export const MAX_ROLLBACK_REASON = 500;

/** What one environment's rollback found and did. */
export type RollbackAction = 'REDEPLOYED_PREVIOUS' | 'UNDEPLOYED' | 'ALREADY_DONE';

export interface RollbackEnvironmentResult {
  environmentId: string;
  environmentName: string;
  status: 'ROLLED_BACK' | 'FAILED';
  action?: RollbackAction;
  /** The package active there after the rollback (null: none). */
  packageId?: string | null;
  packageVersion?: string | null;
  deploymentId?: string | null;
  errorMessage?: string;
}

export type RollbackStatus = 'ROLLED_BACK' | 'PARTIAL' | 'FAILED';

export interface RollbackResponse {
  success: boolean;
  errorCode: 'DEPLOYMENT_FAILED' | null;
  errorMessage: string | null;
  runId: string;
  rolledBackRunId: string;
  promotionId: string;
  rollbackStatus: RollbackStatus;
  environments: RollbackEnvironmentResult[];
  reason: string;
  rolledBackBy: string;
}

export function rollbackStatusOf(environments: readonly RollbackEnvironmentResult[]): RollbackStatus {
  const rolledBack = environments.filter((e) => e.status === 'ROLLED_BACK').length;
  if (rolledBack === environments.length) return 'ROLLED_BACK';
  return rolledBack === 0 ? 'FAILED' : 'PARTIAL';
}

/** The active deployment of the root process in one environment, as Boomi answers it now. */
export interface ActiveNow {
  deploymentId: string;
  packageId: string | null;
}

export type RollbackDecision =
  | { kind: 'nothing' }
  | { kind: 'deploy'; packageId: string }
  | { kind: 'undeploy'; deploymentId: string }
  | { kind: 'refuse'; message: string };

/**
 * Check first (a re-run after a crash finds its own work done): the previous package already
 * active, or nothing active when there was none, means nothing to do. A deployment that is
 * neither the run's nor the previous one was made after the run: it is left alone.
 */
export function decideRollback(
  previous: PreviousDeployment,
  runPackageId: string,
  active: ActiveNow | null,
): RollbackDecision {
  const wanted = previous.previousPackageId;
  if (active !== null && active.packageId !== runPackageId && active.packageId !== wanted) {
    return {
      kind: 'refuse',
      message: `Package ${active.packageId ?? 'unknown'} was deployed there after this run; the rollback leaves it active`,
    };
  }
  if (wanted === null)
    return active === null ? { kind: 'nothing' } : { kind: 'undeploy', deploymentId: active.deploymentId };
  return active?.packageId === wanted ? { kind: 'nothing' } : { kind: 'deploy', packageId: wanted };
}

export interface RollbackRequest {
  reason: string;
  /** Only these environments of the run; default every environment it deployed to. */
  environmentIds?: readonly string[];
}

/** The facts of the run to roll back, as its row holds them. */
export interface RolledBackRunFacts {
  runId: string;
  state: string;
  /** Set when the run is itself a rollback. */
  rollsBackRunId: string | null;
  response: {
    packagedComponentId?: string | null;
    deployedEnvironments?: { environmentId: string; environmentName?: string; status: string }[];
  } | null;
  previousDeployments: PreviousDeployments | null;
  rolledBackEnvironments: readonly string[];
}

export interface RollbackTargets {
  runPackageId: string;
  environments: { environmentId: string; environmentName: string; previous: PreviousDeployment }[];
  reason: string;
}

const notAllowed = (message: string) => new PromoError('ROLLBACK_NOT_ALLOWED', message);

/**
 * Spec §12's refusals, before any Boomi write: the reason (INVALID_REQUEST), the run finished
 * with a deployment (ROLLBACK_NOT_ALLOWED), environments of the run only (INVALID_REQUEST), not
 * already rolled back (ROLLBACK_NOT_ALLOWED). Returns what the rollback run restores.
 */
export function checkRollback(run: RolledBackRunFacts, request: RollbackRequest): RollbackTargets {
  const reason = request.reason.trim();
  if (reason === '' || reason.length > MAX_ROLLBACK_REASON) {
    throw new PromoError('INVALID_REQUEST', `reason is required (at most ${MAX_ROLLBACK_REASON} characters)`);
  }
  if (run.rollsBackRunId !== null)
    throw notAllowed(`Run ${run.runId} is a rollback; it cannot be rolled back`);
  if (run.state !== 'SUCCEEDED') {
    throw notAllowed(
      `Run ${run.runId} is ${run.state}: only a finished run that deployed can be rolled back`,
    );
  }
  const deployed = (run.response?.deployedEnvironments ?? []).filter((e) => e.status === 'DEPLOYED');
  const runPackageId = run.response?.packagedComponentId ?? null;
  if (deployed.length === 0 || runPackageId === null) {
    throw notAllowed(`Run ${run.runId} deployed to no environment; there is nothing to roll back`);
  }
  const wanted = request.environmentIds ?? deployed.map((e) => e.environmentId);
  const stranger = wanted.find((id) => !deployed.some((e) => e.environmentId === id));
  if (stranger !== undefined) {
    throw new PromoError(
      'INVALID_REQUEST',
      `Environment ${stranger} is not one run ${run.runId} deployed to`,
    );
  }
  if (run.previousDeployments === null) {
    throw notAllowed(`Run ${run.runId} recorded no previous deployments (it predates rollback support)`);
  }
  const remaining = [...new Set(wanted)].filter((id) => !run.rolledBackEnvironments.includes(id));
  if (remaining.length === 0) throw notAllowed(`Run ${run.runId} is already rolled back`);
  const previous = run.previousDeployments;
  return {
    runPackageId,
    reason,
    environments: remaining.map((environmentId) => ({
      environmentId,
      environmentName:
        deployed.find((e) => e.environmentId === environmentId)?.environmentName ?? environmentId,
      previous: previous[environmentId] ?? NO_PREVIOUS,
    })),
  };
}

/**
 * Which environments of a run its rollbacks have put back: the rollback workflow notes them on the
 * rolled-back run's context, the rollback check skips them, and the run view shows them.
 */
import type { DeploymentRun } from '../store/repositories/deployment-runs.ts';

/** The run-context key of that note. */
export const ROLLED_BACK_ENVIRONMENTS = 'rolledBackEnvironments';

export function rolledBackEnvironmentsOf(run: Pick<DeploymentRun, 'context'>): string[] {
  const noted = run.context[ROLLED_BACK_ENVIRONMENTS];
  return Array.isArray(noted) ? noted.filter((id): id is string => typeof id === 'string') : [];
}

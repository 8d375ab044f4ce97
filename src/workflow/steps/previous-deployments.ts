/**
 * Step 8 (before the first deploy): record, per target environment, the root process's
 * deployment active before this run (spec §12) — what a rollback restores. One Boomi query for
 * every target; recorded in the run's context, and read back from there when the step runs again
 * after a crash (by then this run may have deployed, and Boomi would answer the run's own package).
 */
import { NO_PREVIOUS, type PreviousDeployments } from '../../domain/rollback.ts';
import type { StepDeps } from '../deps.ts';
import { failingWith } from '../failures.ts';

export const PREVIOUS_DEPLOYMENTS = 'previousDeployments';

export interface PreviousDeploymentsInput {
  runId: string;
  componentId: string;
  environmentIds: readonly string[];
}

type Deps = Pick<StepDeps, 'boomi' | 'repos'>;

export function previousDeploymentSteps(deps: Deps) {
  return {
    recordPreviousDeployments: (input: PreviousDeploymentsInput) => recordPreviousDeployments(deps, input),
  };
}

async function recordPreviousDeployments(
  { boomi, repos }: Deps,
  input: PreviousDeploymentsInput,
): Promise<PreviousDeployments> {
  const what = `Active deployments of ${input.componentId}`;
  return failingWith('DEPLOYMENT_FAILED', what, async () => {
    const recorded = (await repos.deploymentRuns.get(input.runId))?.context[PREVIOUS_DEPLOYMENTS];
    if (recorded && typeof recorded === 'object') return recorded as PreviousDeployments;
    const active = await boomi.deployedPackages.findActiveForComponent(
      input.componentId,
      input.environmentIds,
    );
    const previous: PreviousDeployments = {};
    for (const environmentId of input.environmentIds) {
      const found = active.find((d) => d.environmentId === environmentId);
      previous[environmentId] = found
        ? {
            previousPackageId: found.packageId ?? null,
            previousPackageVersion: found.packageVersion ?? null,
            previousDeploymentId: found.deploymentId,
          }
        : NO_PREVIOUS;
    }
    await repos.deploymentRuns.mergeContext(input.runId, { [PREVIOUS_DEPLOYMENTS]: previous });
    return previous;
  });
}

/**
 * Seed step 8: deploy the package to one environment. The check first: an active deployment
 * of this very package in this environment means the work is done (a re-run after a crash, or a
 * package deployed by an earlier run). The run's one query of every target's active deployment
 * answers that check until this run has noted sending the deploy; after that Boomi is asked.
 */
import type { BoomiClient } from '../../boomi/index.ts';
import type { PreviousDeployment } from '../../domain/rollback.ts';
import type { StepDeps } from '../deps.ts';
import { failingWith } from '../failures.ts';
import { writeOnce, type WriteOnceDeps } from './write-once.ts';

export interface DeployInput {
  runId: string;
  environmentId: string;
  environmentName: string;
  packageId: string;
  notes: string;
  /**
   * The deployment active in the environment before the run (step 8-previous-deployments, read
   * once for every target); undefined when that read failed, and the environment is looked at here.
   */
  activeBefore?: PreviousDeployment;
}

export interface DeploymentRef {
  deploymentId: string;
  reused: boolean;
}

type DeployDeps = Pick<StepDeps, 'boomi'> & WriteOnceDeps;

export function deploySteps(deps: DeployDeps) {
  return { deployToEnvironment: (input: DeployInput) => deployToEnvironment(deps, input) };
}

/** What the run's one look at all targets said of this environment, as the check's answer. */
function knownActive({
  activeBefore,
  packageId,
}: DeployInput): { found: DeploymentRef | undefined } | undefined {
  if (!activeBefore) return undefined;
  const { previousPackageId, previousDeploymentId } = activeBefore;
  return {
    found:
      previousPackageId === packageId && previousDeploymentId !== null
        ? { deploymentId: previousDeploymentId, reused: true }
        : undefined,
  };
}

async function activeDeployment(boomi: BoomiClient, input: DeployInput): Promise<DeploymentRef | undefined> {
  const [active] = await boomi.deployedPackages.find({
    environmentId: input.environmentId,
    packageId: input.packageId,
    active: true,
  });
  return active ? { deploymentId: active.deploymentId, reused: true } : undefined;
}

function deployToEnvironment(deps: DeployDeps, input: DeployInput): Promise<DeploymentRef> {
  const { boomi } = deps;
  const what = `Deployment of package ${input.packageId} to ${input.environmentName} (${input.environmentId})`;
  return failingWith('DEPLOYMENT_FAILED', what, () =>
    writeOnce(deps, {
      runId: input.runId,
      note: `deploymentSentAt:${input.environmentId}`,
      find: () => activeDeployment(boomi, input),
      known: knownActive(input),
      write: async () => {
        const deployed = await boomi.deployedPackages.create({
          environmentId: input.environmentId,
          packageId: input.packageId,
          notes: input.notes,
        });
        return { deploymentId: deployed.deploymentId, reused: false };
      },
    }),
  );
}

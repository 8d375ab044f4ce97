/**
 * Seed step 8: deploy the package to one environment. The check first: an active deployment
 * of this very package in this environment means the work is done (a re-run after a crash).
 */
import type { BoomiClient } from '../../boomi/index.ts';
import type { StepDeps } from '../deps.ts';
import { failingWith } from '../failures.ts';
import { writeOnce, type WriteOnceDeps } from './write-once.ts';

export interface DeployInput {
  runId: string;
  environmentId: string;
  environmentName: string;
  packageId: string;
  notes: string;
}

export interface DeploymentRef {
  deploymentId: string;
  reused: boolean;
}

type DeployDeps = Pick<StepDeps, 'boomi'> & WriteOnceDeps;

export function deploySteps(deps: DeployDeps) {
  return { deployToEnvironment: (input: DeployInput) => deployToEnvironment(deps, input) };
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

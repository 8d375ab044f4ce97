/**
 * Seed step 8: deploy the package to one environment. The check first: an active deployment
 * of this very package in this environment means the work is done (a re-run after a crash).
 */
import type { BoomiClient } from '../../boomi/index.ts';
import type { StepDeps } from '../deps.ts';
import { failingWith } from '../failures.ts';

export interface DeployInput {
  environmentId: string;
  environmentName: string;
  packageId: string;
  notes: string;
}

export interface DeploymentRef {
  deploymentId: string;
  reused: boolean;
}

export function deploySteps({ boomi }: Pick<StepDeps, 'boomi'>) {
  return { deployToEnvironment: (input: DeployInput) => deployToEnvironment(boomi, input) };
}

function deployToEnvironment(boomi: BoomiClient, input: DeployInput): Promise<DeploymentRef> {
  const what = `Deployment of package ${input.packageId} to ${input.environmentName} (${input.environmentId})`;
  return failingWith('DEPLOYMENT_FAILED', what, async () => {
    const [active] = await boomi.deployedPackages.find({
      environmentId: input.environmentId,
      packageId: input.packageId,
      active: true,
    });
    if (active) return { deploymentId: active.deploymentId, reused: true };
    const deployed = await boomi.deployedPackages.create({
      environmentId: input.environmentId,
      packageId: input.packageId,
      notes: input.notes,
    });
    return { deploymentId: deployed.deploymentId, reused: false };
  });
}

/**
 * The dry-run plan (spec §11): after the run's own checks (deployment-service `prepare`, the one
 * code path), read what Boomi holds now — main's branch, the package, the pack, the sharing, the
 * root process's active deployments — and describe the run. Reads only: no Boomi write, no run row.
 */
import { withBoomiLane, type BoomiClient, type PublisherIntegrationPack } from '../boomi/index.ts';
import { buildDeployPreview, type ActiveDeployment, type DeployPreview } from '../domain/deploy-preview.ts';
import type { DeployRunInput } from '../workflow/deploy-input.ts';
import type { WorkflowRepositories } from '../workflow/deps.ts';
import { failingWith } from '../workflow/failures.ts';
import { boomiLaneOf } from '../workflow/run-lane.ts';

export interface DeploymentPlanDeps {
  boomi: BoomiClient;
  repos: Pick<WorkflowRepositories, 'deploymentRuns'>;
}

function lookUp<T>(what: string, work: () => Promise<T>): Promise<T> {
  return failingWith('SERVICE_UNAVAILABLE', `Could not read ${what} from Boomi`, work);
}

function packFacts(pack: PublisherIntegrationPack, componentId: string) {
  const held = pack.PublisherPackagedComponents.PublisherPackagedComponent.find(
    (c) => c.componentId === componentId && c.deleted !== true,
  );
  return {
    integrationPackId: pack.id,
    name: pack.name ?? pack.id,
    holdsComponent: held !== undefined,
    currentVersion: held?.currentVersion ?? null,
  };
}

/** The pack the run would use: the request's, or for a new pack one that already has the name. */
async function packOf(boomi: BoomiClient, input: DeployRunInput) {
  const { plan } = input;
  const choice = plan.pack;
  const pack =
    choice.kind === 'existing'
      ? await lookUp(`Integration Pack ${choice.integrationPackId}`, () =>
          boomi.publisherIntegrationPacks.get(choice.integrationPackId),
        )
      : (
          await lookUp(`Integration Pack '${choice.name}'`, () =>
            boomi.publisherIntegrationPacks.findByName(choice.name),
          )
        )[0];
  return pack ? packFacts(pack, plan.prodComponentId) : null;
}

async function activeDeployments(boomi: BoomiClient, input: DeployRunInput) {
  const ids = input.environments.map((e) => e.environmentId);
  const found = await lookUp('the active deployments', () =>
    boomi.deployedPackages.findActiveForComponent(input.plan.prodComponentId, ids),
  );
  const active = new Map<string, ActiveDeployment>();
  for (const d of found) {
    if (d.environmentId === undefined) continue;
    active.set(d.environmentId, {
      deploymentId: d.deploymentId,
      packageId: d.packageId ?? null,
      packageVersion: d.packageVersion ?? null,
    });
  }
  return active;
}

async function isShared(boomi: BoomiClient, groupId: string, packId: string | undefined) {
  if (packId === undefined) return false;
  const shared = await lookUp(`the packs of account group ${groupId}`, () =>
    boomi.accountGroupIntegrationPacks.findByAccountGroup(groupId),
  );
  return shared.some((entry) => entry.integrationPackId === packId);
}

/** The plan's reads travel in the lane its run would: an admin planning a hotfix waits for no test run. */
export function previewDeployment(deps: DeploymentPlanDeps, input: DeployRunInput): Promise<DeployPreview> {
  return withBoomiLane(boomiLaneOf(input.plan.mode), () => readAndDescribe(deps, input), input.runId);
}

async function readAndDescribe(deps: DeploymentPlanDeps, input: DeployRunInput): Promise<DeployPreview> {
  const { boomi } = deps;
  const { plan } = input;
  // The merge's destination must exist; the run then finds its id remembered by the client.
  if (plan.merge) await lookUp('the main branch', () => boomi.branches.mainBranchId());
  const existing = await lookUp('the PackagedComponent', () =>
    boomi.packagedComponents.findByComponentAndVersion(plan.prodComponentId, plan.packageVersion),
  );
  const pack = await packOf(boomi, input);
  const groupId = plan.targetAccountGroupId;
  const activeRun = await deps.repos.deploymentRuns.findActiveForPromotion(plan.promotionId);
  return buildDeployPreview({
    plan,
    environments: input.environments,
    existingPackage:
      existing && existing.deleted !== true
        ? { packageId: existing.packageId, shareable: existing.shareable !== false }
        : null,
    pack,
    sharedWithGroup: groupId === null ? null : await isShared(boomi, groupId, pack?.integrationPackId),
    active: await activeDeployments(boomi, input),
    activeRunId: activeRun?.runId ?? null,
  });
}

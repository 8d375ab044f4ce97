/**
 * The dry-run plan of Package and Deploy (spec §11): what a run with this request would do, built
 * from the checked DeployPlan and what Boomi says now — no Boomi write. Each decision mirrors the
 * check the run's step makes before it writes (workflow/steps/*.ts), so the writes listed here are
 * the writes the run then makes.
 *
 * Expected calls are counted as the steps make them; a poll (merge stages, release status) is
 * counted once and may repeat while Boomi is still working (`atLeast`).
 *
 * Decisions where the spec is silent:
 * - The merge is planned as a new merge request; a live one left by an earlier, interrupted run
 *   would be reused by the run (one write fewer).
 * - An existing PackagedComponent that is not shareable is reported as `reuse` with a warning: the
 *   run would fail at step 3 (PROMOTION_FAILED), which the plan cannot refuse (it is not a check).
 */
import { isBoomiWrite } from './boomi-calls.ts';
import type { DeployMode, DeployPlan } from './modes.ts';
import type { DeploymentTarget } from './promotion.ts';
import type { TargetEnvironment } from './targets.ts';

export interface ActiveDeployment {
  deploymentId: string;
  packageId: string | null;
  packageVersion: string | null;
}

/** What Boomi (and the run table) say now, read by the plan's look-ups. */
export interface PreviewFacts {
  plan: DeployPlan;
  environments: readonly TargetEnvironment[];
  /** The PackagedComponent for (prodComponentId, packageVersion), if any. */
  existingPackage: { packageId: string; shareable: boolean } | null;
  /** The pack the run would use: the request's, or (create) one that already has the name. */
  pack: {
    integrationPackId: string;
    name: string;
    holdsComponent: boolean;
    currentVersion: string | null;
  } | null;
  /** Null without an account group. */
  sharedWithGroup: boolean | null;
  /** The root process's active deployment per target environment id. */
  active: ReadonlyMap<string, ActiveDeployment>;
  /** Spec check 9, reported instead of refused. */
  activeRunId: string | null;
}

export interface PlannedCall {
  /** `METHOD /Object[/action]`, as the sandbox's call log and the run history describe it. */
  call: string;
  count: number;
  write: boolean;
  /** A poll: Boomi may need more than one. */
  atLeast: boolean;
  step: string;
}

export interface EnvironmentPreview {
  environmentId: string;
  environmentName: string;
  classification: 'TEST' | 'PROD';
  current: ActiveDeployment | null;
  newPackageVersion: string;
  /** False when this very package is already active there (the run would reuse it). */
  deploy: boolean;
}

export interface DeployPreview {
  success: true;
  promotionId: string;
  mode: DeployMode;
  modeNumber: 1 | 2 | 3;
  deploymentTarget: DeploymentTarget;
  isHotfix: boolean;
  merge: { merge: boolean; branchId: string | null };
  packagedComponent: {
    action: 'reuse' | 'create';
    packageId: string | null;
    componentId: string;
    packageVersion: string;
  };
  integrationPack: {
    action: 'create' | 'use';
    integrationPackId: string | null;
    name: string;
    currentVersion: string | null;
    newVersion: string;
    addComponent: boolean;
    release: boolean;
  };
  accountGroup: { accountGroupId: string; share: boolean } | null;
  environments: EnvironmentPreview[];
  branch: { action: 'keep' | 'delete'; branchIds: string[] };
  activeRun: { runId: string } | null;
  warnings: string[];
  boomiCalls: { calls: PlannedCall[]; writes: string[]; writeCount: number; total: number };
}

const CLASSIFICATION: Readonly<Record<DeploymentTarget, 'TEST' | 'PROD'>> = {
  TEST: 'TEST',
  PRODUCTION: 'PROD',
};

class CallList {
  readonly calls: PlannedCall[] = [];

  add(step: string, call: string, options: { count?: number; atLeast?: boolean } = {}): void {
    const count = options.count ?? 1;
    if (count === 0) return;
    const [method = '', path = ''] = call.split(' ');
    const write = isBoomiWrite({ method, path });
    this.calls.push({ call, count, write, atLeast: options.atLeast ?? false, step });
  }
}

/** The run's pre-checks (deployment-service): the environments query, the existing pack's GET (which step 6 then uses). */
function checkCalls(facts: PreviewFacts, calls: CallList): void {
  if (facts.environments.length > 0) calls.add('checks', 'POST /Environment/query');
  if (facts.plan.pack.kind === 'existing') calls.add('checks', 'GET /PublisherIntegrationPack');
}

function mergeCalls(plan: DeployPlan, calls: CallList): void {
  if (!plan.merge) return;
  // Main's branch id: read by the plan and remembered by the client (POST /Branch/query once).
  calls.add('2.5-merge-create', 'POST /MergeRequest/query');
  calls.add('2.5-merge-create', 'POST /MergeRequest');
  calls.add('2.5-merge-create', 'GET /MergeRequest', { atLeast: true });
  calls.add('2.6-merge-execute', 'POST /MergeRequest/execute');
  calls.add('2.6-merge-execute', 'GET /MergeRequest', { atLeast: true });
}

function packCalls(facts: PreviewFacts, preview: DeployPreview['integrationPack'], calls: CallList): void {
  const creating = preview.action === 'create';
  const step = facts.plan.pack.kind === 'create' ? '5' : '6';
  if (facts.plan.pack.kind === 'create') calls.add('5-create-pack', 'POST /PublisherIntegrationPack/query');
  if (creating) calls.add('5-create-pack', 'POST /PublisherIntegrationPack');
  // Steps 5/6-add and 7 decide from the pack as step 5/6 read it: no read of their own.
  if (preview.addComponent) calls.add(`${step}-add-to-pack`, 'POST /PublisherIntegrationPack');
  if (preview.release) {
    calls.add('7-release', 'POST /ReleaseIntegrationPack');
    calls.add('7-release', 'GET /ReleaseIntegrationPackStatus', { atLeast: true });
  }
}

function deployCalls(facts: PreviewFacts, environments: EnvironmentPreview[], calls: CallList): void {
  const group = facts.sharedWithGroup;
  if (group !== null) {
    calls.add('7-share-with-account-group', 'POST /AccountGroupIntegrationPack/query');
    if (!group) calls.add('7-share-with-account-group', 'POST /AccountGroupIntegrationPack');
  }
  if (environments.length > 0) calls.add('8-previous-deployments', 'POST /DeployedPackage/query');
  calls.add('8-deploy', 'POST /DeployedPackage', { count: environments.filter((e) => e.deploy).length });
  // One bulk read of every deployed environment's extensions (at most 100 targets: Boomi's bulk limit).
  calls.add('8.3-cache-refresh', 'POST /EnvironmentExtensions/bulk', {
    count: environments.length > 0 ? 1 : 0,
  });
}

function branchCalls(facts: PreviewFacts, calls: CallList): DeployPreview['branch'] {
  const { plan } = facts;
  if (plan.keepBranch) return { action: 'keep', branchIds: plan.branchId ? [plan.branchId] : [] };
  const ids = plan.onSuccess.deleteBranchIds;
  // A DELETE is its own check (a branch already gone answers "not found").
  calls.add('8.6-delete-branch', 'DELETE /Branch', { count: ids.length });
  return { action: 'delete', branchIds: [...ids] };
}

function packPreview(facts: PreviewFacts): DeployPreview['integrationPack'] {
  const { plan, pack } = facts;
  const name = pack?.name ?? (plan.pack.kind === 'create' ? plan.pack.name : '');
  return {
    action: pack === null ? 'create' : 'use',
    integrationPackId: pack?.integrationPackId ?? null,
    name,
    currentVersion: pack?.currentVersion ?? null,
    newVersion: plan.packageVersion,
    addComponent: !(pack?.holdsComponent ?? false),
    release: pack?.currentVersion !== plan.packageVersion,
  };
}

function environmentPreviews(facts: PreviewFacts): EnvironmentPreview[] {
  const { plan, existingPackage } = facts;
  return facts.environments.map((target) => {
    const current = facts.active.get(target.environmentId) ?? null;
    const same = existingPackage !== null && current?.packageId === existingPackage.packageId;
    return {
      environmentId: target.environmentId,
      environmentName: target.environmentName,
      classification: CLASSIFICATION[plan.deploymentTarget],
      current,
      newPackageVersion: plan.packageVersion,
      deploy: !same,
    };
  });
}

function warningsOf(facts: PreviewFacts): string[] {
  const warnings: string[] = [];
  if (facts.existingPackage && !facts.existingPackage.shareable) {
    warnings.push(
      `PackagedComponent ${facts.existingPackage.packageId} (version ${facts.plan.packageVersion}) is not shareable: the run would fail at step 3; choose another packageVersion`,
    );
  }
  if (facts.activeRunId !== null) {
    warnings.push(
      `Run ${facts.activeRunId} is active for this promotion: a run now would be refused (DEPLOYMENT_IN_PROGRESS)`,
    );
  }
  return warnings;
}

export function buildDeployPreview(facts: PreviewFacts): DeployPreview {
  const { plan, existingPackage } = facts;
  const calls = new CallList();
  checkCalls(facts, calls);
  mergeCalls(plan, calls);
  calls.add('3-packaged-component', 'POST /PackagedComponent/query');
  if (existingPackage === null) calls.add('3-packaged-component', 'POST /PackagedComponent');
  const integrationPack = packPreview(facts);
  packCalls(facts, integrationPack, calls);
  const environments = environmentPreviews(facts);
  deployCalls(facts, environments, calls);
  const branch = branchCalls(facts, calls);
  const writes = calls.calls.flatMap((c) => (c.write ? Array<string>(c.count).fill(c.call) : []));
  return {
    success: true,
    promotionId: plan.promotionId,
    mode: plan.mode,
    modeNumber: plan.modeNumber,
    deploymentTarget: plan.deploymentTarget,
    isHotfix: plan.isHotfix,
    merge: { merge: plan.merge, branchId: plan.branchId },
    packagedComponent: {
      action: existingPackage ? 'reuse' : 'create',
      packageId: existingPackage?.packageId ?? null,
      componentId: plan.prodComponentId,
      packageVersion: plan.packageVersion,
    },
    integrationPack,
    accountGroup:
      plan.targetAccountGroupId === null
        ? null
        : { accountGroupId: plan.targetAccountGroupId, share: facts.sharedWithGroup === false },
    environments,
    branch,
    activeRun: facts.activeRunId === null ? null : { runId: facts.activeRunId },
    warnings: warningsOf(facts),
    boomiCalls: {
      calls: calls.calls,
      writes,
      writeCount: writes.length,
      total: calls.calls.reduce((sum, c) => sum + c.count, 0),
    },
  };
}

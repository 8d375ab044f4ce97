/**
 * Package and Deploy — the seed's "Process D" canvas as one durable workflow, top to bottom.
 * Each line is one named step carrying the seed's number; DBOS checkpoints each step, so after a
 * crash the run resumes after its last finished step. Side effects live only in the steps
 * (`steps/*.ts`); this function decides, in the same order every time it is replayed.
 *
 * Never rename or reorder the steps of a released version: recovery replays by position.
 */
import { DBOS } from '@dbos-inc/dbos-sdk';
import { withBoomiLane } from '../boomi/index.ts';
import {
  allFailedError,
  buildDeployResponse,
  deploymentStatusOf,
  type DeployResponse,
  type EnvironmentRunResult,
} from '../domain/deploy-response.ts';
import { deploymentFailedUpdate, failureUpdates, successUpdates } from '../domain/outcome.ts';
import type { DeployRunInput } from './deploy-input.ts';
import { failureOf } from './failures.ts';
import { boomiLaneOf } from './run-lane.ts';
import { reportRunStart, runRecordedStep, type StepOptions } from './step-runner.ts';
import { deleteBranches } from './steps/branch.ts';
import { refreshCacheAfterDeploy } from './steps/cache-refresh.ts';
import { deployToEnvironment } from './steps/deploy.ts';
import { addToPack, createPack, useExistingPack, type PackRef } from './steps/integration-pack.ts';
import { createMergeRequest, executeMerge } from './steps/merge.ts';
import { reuseOrCreatePackagedComponent, type PackagedComponentRef } from './steps/packaged-component.ts';
import { applyPromotionUpdates, auditRun, endRun } from './steps/promotion-log.ts';
import { releasePack, shareWithAccountGroup, type ReleaseRef } from './steps/release.ts';

/** Database-only steps may retry; Boomi steps rely on the client's retries alone. */
const DATABASE_STEP: StepOptions = { retryDatabaseErrors: true };

interface Compensation {
  name: string;
  undo: () => Promise<unknown>;
}

async function packageAndDeploy(input: DeployRunInput): Promise<DeployResponse> {
  const { runId, plan } = input;
  const run = { runId, promotionId: plan.promotionId };
  reportRunStart({ ...run, mode: plan.mode, deploymentTarget: plan.deploymentTarget });
  const step = <T>(name: string, body: () => Promise<T>, options?: StepOptions) =>
    runRecordedStep(run, name, body, options);
  const facts = {
    promotionId: plan.promotionId,
    runId,
    deploymentTarget: plan.deploymentTarget,
    isHotfix: plan.isHotfix,
  };

  // Catch block of the seed: on a catastrophic failure the branch is deleted in every mode.
  // Undo actions go to the front of the list; they run newest first and never mask the error.
  const compensations: Compensation[] = [];
  if (plan.onFailure.deleteBranchIds.length > 0) {
    compensations.unshift({
      name: 'compensate:delete-branch',
      undo: () => deleteBranches(plan.onFailure.deleteBranchIds),
    });
  }

  let packaged: PackagedComponentRef | undefined;
  let pack: PackRef | undefined;
  let release: ReleaseRef;
  try {
    // 2.5–2.7 Merge the promotion branch into main (modes 1 and 3; in mode 2 it is already there).
    const branchId = plan.branchId;
    if (plan.merge && branchId !== null) {
      const merge = await step('2.5-merge-create', () => createMergeRequest(branchId));
      await step('2.6-merge-execute', () => executeMerge(merge, branchId));
    }

    // 3. The shareable PackagedComponent of the root process (reused if it exists: mode 2's tested one).
    packaged = await step('3-packaged-component', () =>
      reuseOrCreatePackagedComponent({
        prodComponentId: plan.prodComponentId,
        packageVersion: plan.packageVersion,
        notes: input.packageNotes,
      }),
    );
    const packageRef = packaged;

    // 4. Decision — create a new pack? 5: yes, create it; 6: no, use the admin's existing pack.
    const choice = plan.pack;
    pack =
      choice.kind === 'create'
        ? await step('5-create-pack', () => createPack(runId, choice.name, choice.description))
        : await step('6-use-existing-pack', () => useExistingPack(choice.integrationPackId));
    const packRef = pack;
    // 5/6. Add the component to the pack.
    await step(`${choice.kind === 'create' ? '5' : '6'}-add-to-pack`, () =>
      addToPack(packRef, plan.prodComponentId),
    );

    // 7. Release the pack IMMEDIATELY with this version; share it with the account group (once).
    release = await step('7-release', () =>
      releasePack({
        runId,
        integrationPackId: packRef.integrationPackId,
        componentId: packageRef.componentId,
        packageVersion: packageRef.packageVersion,
      }),
    );
    const accountGroupId = plan.targetAccountGroupId;
    if (accountGroupId !== null) {
      await step('7-share-with-account-group', () =>
        shareWithAccountGroup(packRef.integrationPackId, accountGroupId),
      );
    }
  } catch (error) {
    const failure = failureOf(error, 'PROMOTION_FAILED');
    for (const compensation of compensations) {
      try {
        await step(compensation.name, compensation.undo);
      } catch {
        // Logged by the step runner; a failed undo never masks the original error.
      }
    }
    await step(
      '9-update-promotion-log',
      () => applyPromotionUpdates(() => failureUpdates(plan, failure.message)),
      DATABASE_STEP,
    );
    const response = buildDeployResponse({
      ...facts,
      branchPreserved: false,
      packagedComponentId: packaged?.packageId ?? null,
      integrationPackId: pack?.integrationPackId ?? null,
      integrationPackName: pack?.integrationPackName ?? null,
      environments: [],
      error: failure,
    });
    await step('10-return-response', () => auditRun(runId, plan.approvedBy, response), {
      ...DATABASE_STEP,
      afterRecorded: () => endRun(runId, response),
    });
    return response;
  }
  const packageId = packaged.packageId;
  const packRef = pack;

  // 8. For each target environment: deploy, accumulating per-environment results (a failure
  // is recorded and the loop goes on). The account-wide limiter paces the calls.
  const environments: EnvironmentRunResult[] = [];
  for (const target of input.environments) {
    try {
      const deployment = await step(`8-deploy:${target.environmentId}`, () =>
        deployToEnvironment({ ...target, packageId, notes: input.deploymentNotes }),
      );
      environments.push({ ...target, status: 'DEPLOYED', deploymentId: deployment.deploymentId });
    } catch (error) {
      environments.push({
        ...target,
        status: 'FAILED',
        errorMessage: failureOf(error, 'DEPLOYMENT_FAILED').message,
      });
    }
  }

  // 8.3. Refresh the extension-access cache of every environment deployed to (never fatal).
  for (const environment of environments.filter((result) => result.status === 'DEPLOYED')) {
    try {
      const cache = await step(`8.3-cache-refresh:${environment.environmentId}`, () =>
        refreshCacheAfterDeploy(environment.environmentId, input.ownerProcess, plan.approvedBy),
      );
      environment.extensionAccessMappingCount = cache.extensionAccessMappingCount;
    } catch {
      environment.cacheRefreshFailed = true;
    }
  }

  // 8.5. Decision — keep the branch (TEST; or nothing deployed, so the admin can retry) …
  const deploymentStatus = deploymentStatusOf(environments);
  const branchPreserved = plan.keepBranch || deploymentStatus === 'FAILED';
  if (branchPreserved) {
    await step('8.5-keep-branch', async () => ({ kept: plan.branchId }));
  } else {
    // 8.6. … or delete it (PRODUCTION). A failed delete is logged; the deployment stands.
    try {
      await step('8.6-delete-branch', () => deleteBranches(plan.onSuccess.deleteBranchIds));
    } catch {
      // Logged by the step runner.
    }
  }

  // 9. PromotionLog update.
  const artifacts = {
    prodPackageId: packageId,
    integrationPackId: packRef.integrationPackId,
    integrationPackName: packRef.integrationPackName,
  };
  await step(
    '9-update-promotion-log',
    () =>
      applyPromotionUpdates((now) =>
        deploymentStatus === 'FAILED'
          ? [deploymentFailedUpdate(plan, artifacts, allFailedError(environments).message)]
          : successUpdates(plan, artifacts, now),
      ),
    DATABASE_STEP,
  );

  // 10. The response.
  const response = buildDeployResponse({
    ...facts,
    branchPreserved,
    packagedComponentId: packageId,
    integrationPackId: packRef.integrationPackId,
    integrationPackName: packRef.integrationPackName,
    releaseVersion: release.releaseVersion,
    environments,
  });
  await step('10-return-response', () => auditRun(runId, plan.approvedBy, response), {
    ...DATABASE_STEP,
    afterRecorded: () => endRun(runId, response),
  });
  return response;
}

type PackageAndDeployWorkflow = (input: DeployRunInput) => Promise<DeployResponse>;
let registered: PackageAndDeployWorkflow | undefined;

/**
 * Registers the workflow with DBOS under a stable name; call before every DBOS launch (the
 * durable runtime deregisters everything at shutdown), so recovery finds it by that name.
 */
export function registerPackageAndDeployWorkflow(): void {
  // Set inside the workflow, so a run recovered after a crash keeps its lane (and its turn key).
  const inLane = (input: DeployRunInput) =>
    withBoomiLane(boomiLaneOf(input.plan.mode), () => packageAndDeploy(input), input.runId);
  registered = DBOS.registerWorkflow(inLane, { name: 'package-and-deploy' });
}

export function packageAndDeployWorkflow(): PackageAndDeployWorkflow {
  if (!registered)
    throw new Error('The package-and-deploy workflow is not registered: launch the durable runtime');
  return registered;
}

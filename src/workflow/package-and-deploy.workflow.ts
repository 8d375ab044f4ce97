/**
 * Package and Deploy — the seed's "Process D" canvas as one durable workflow, top to bottom.
 * Each line is one named step carrying the seed's number; DBOS checkpoints each step, so after a
 * crash the run resumes after its last finished step. Side effects live only in the steps
 * (`steps/*.ts`, built by `createSteps(deps)`); this function decides, in the same order every
 * time it is replayed. Seed 2.0–2.4 (status gate, self-approval, mode decision) run before the
 * run starts: `domain/modes.ts` via the deployment service.
 *
 * Never rename or reorder the steps of a released version: recovery replays by position.
 */
import {
  allFailedError,
  buildDeployResponse,
  deploymentStatusOf,
  type DeployResponse,
  type DeployRunFacts,
  type EnvironmentRunResult,
} from '../domain/deploy-response.ts';
import {
  deploymentFailedUpdate,
  failureUpdates,
  keepBranchesForCleanup,
  successUpdates,
  type PromotionUpdate,
} from '../domain/outcome.ts';
import type { DeployRunInput } from './deploy-input.ts';
import { failureOf, type RunFailure } from './failures.ts';
import type { StepOptions, StepRunner } from './step-runner.ts';
import type { Steps } from './steps/index.ts';
import { packReleasedVersion, type PackRef } from './steps/integration-pack.ts';
import type { PackagedComponentRef } from './steps/packaged-component.ts';
import { announceRunEnd } from './steps/promotion-log.ts';
import type { ReleaseRef } from './steps/release.ts';

/** Database-only steps may retry; Boomi steps rely on the client's retries alone. */
const DATABASE_STEP: StepOptions = { retryDatabaseErrors: true };

type Step = <T>(name: string, body: () => Promise<T>, options?: StepOptions) => Promise<T>;

interface Run {
  input: DeployRunInput;
  steps: Steps;
  step: Step;
}

/** What steps 3–7 produced; filled as they finish, so a failure still reports what exists. */
interface Built {
  packaged?: PackagedComponentRef;
  pack?: PackRef;
  release?: ReleaseRef;
}

/** How the run ends: the PromotionLog updates of step 9 and the response of step 10. */
interface Ending {
  updates: (now: string) => PromotionUpdate[];
  response: DeployRunFacts;
}

export function createPackageAndDeployWorkflow(steps: Steps, runner: StepRunner) {
  return async function packageAndDeploy(input: DeployRunInput): Promise<DeployResponse> {
    const { runId, plan } = input;
    const ref = { runId, promotionId: plan.promotionId };
    runner.reportRunStart({ ...ref, mode: plan.mode, deploymentTarget: plan.deploymentTarget });
    const run: Run = { input, steps, step: (name, body, options) => runner.step(ref, name, body, options) };

    // The seed's catch block: on a catastrophic failure (2.5–7) the undo list runs, newest first.
    const undo = new UndoList();
    if (plan.onFailure.deleteBranchIds.length > 0) {
      undo.add('compensate:delete-branch', () => steps.deleteBranches(runId, plan.onFailure.deleteBranchIds));
    }
    const built: Built = {};
    const failure = await packageAndRelease(run, built).then(
      () => null,
      (error: unknown) => failureOf(error, 'PROMOTION_FAILED'),
    );
    const undone = failure ? await undo.run(run.step) : true;
    const ending = failure
      ? failedEnding(run, built, failure, undone)
      : await deployAndCleanUp(run, built as Required<Built>);

    // 9. PromotionLog update, with the notification announcing the run's end (spec §13).
    await run.step(
      '9-update-promotion-log',
      () => steps.applyPromotionUpdates(runId, ending.updates, announceRunEnd(plan, runId, ending.response)),
      DATABASE_STEP,
    );

    // 10. The response: audited, then it becomes the run's outcome (the last thing a run writes).
    const response = buildDeployResponse(ending.response);
    await run.step('10-return-response', () => steps.auditRun(runId, plan.approvedBy, response), {
      ...DATABASE_STEP,
      afterRecorded: () => steps.endRun(runId, response),
    });
    return response;
  };
}

/** Seed 2.5–7: merge, package, pack, release. Any failure here is catastrophic. */
async function packageAndRelease({ input, steps, step }: Run, built: Built): Promise<void> {
  const { runId, plan } = input;

  // 2.5–2.7 Merge the promotion branch into main (modes 1 and 3; 2.4: in mode 2 it is already there).
  const branchId = plan.branchId;
  if (plan.merge && branchId !== null) {
    const merge = await step('2.5-merge-create', () => steps.createMergeRequest(runId, branchId));
    await step('2.6-merge-execute', () => steps.executeMerge(runId, merge, branchId));
  }

  // 3. The shareable PackagedComponent of the root process (reused if it exists: mode 2's tested one).
  const packaged = await step('3-packaged-component', () =>
    steps.reuseOrCreatePackagedComponent({
      runId,
      prodComponentId: plan.prodComponentId,
      packageVersion: plan.packageVersion,
      notes: input.packageNotes,
    }),
  );
  built.packaged = packaged;

  // 4. Decision — create a new pack? 5: yes, create it; 6: no, use the admin's existing pack.
  const choice = plan.pack;
  const pack =
    choice.kind === 'create'
      ? await step('5-create-pack', () => steps.createPack(runId, choice.name, choice.description))
      : await step('6-use-existing-pack', () =>
          steps.useExistingPack(choice.integrationPackId, input.existingPackRead),
        );
  built.pack = pack;
  // 5/6. Add the component to the pack.
  await step(`${choice.kind === 'create' ? '5' : '6'}-add-to-pack`, () =>
    steps.addToPack(runId, pack, plan.prodComponentId),
  );

  // 7. Release the pack IMMEDIATELY with this version; share it with the account group (once).
  const releasedVersionBefore = packReleasedVersion(pack, packaged.componentId);
  built.release = await step('7-release', () =>
    steps.releasePack({
      runId,
      integrationPackId: pack.integrationPackId,
      componentId: packaged.componentId,
      packageVersion: packaged.packageVersion,
      ...(releasedVersionBefore === undefined ? {} : { releasedVersionBefore }),
    }),
  );
  const accountGroupId = plan.targetAccountGroupId;
  if (accountGroupId !== null) {
    await step('7-share-with-account-group', () =>
      steps.shareWithAccountGroup(pack.integrationPackId, accountGroupId),
    );
  }
}

/** Seed 8–8.6: deploy everywhere, refresh the caches, keep or delete the branch. Never throws on a step. */
async function deployAndCleanUp(run: Run, built: Required<Built>): Promise<Ending> {
  const { input, steps, step } = run;
  const { plan } = input;
  const environments = await deployToEnvironments(run, built.packaged.packageId);
  await refreshCaches(run, environments);

  // 8.5. Decision — keep the branch (TEST; or nothing deployed, so the admin can retry) …
  const deploymentStatus = deploymentStatusOf(environments);
  const branchPreserved = plan.keepBranch || deploymentStatus === 'FAILED';
  let branchDeleted = true;
  if (branchPreserved) {
    await step('8.5-keep-branch', async () => ({ kept: plan.branchId }));
  } else {
    // 8.6. … or delete it (PRODUCTION). A failed delete is logged by the runner; the deployment
    // stands and the branch stays on record for the janitor (spec §10).
    branchDeleted = await step('8.6-delete-branch', () =>
      steps.deleteBranches(input.runId, plan.onSuccess.deleteBranchIds),
    ).then(
      () => true,
      () => false,
    );
  }

  const artifacts = {
    prodPackageId: built.packaged.packageId,
    integrationPackId: built.pack.integrationPackId,
    integrationPackName: built.pack.integrationPackName,
  };
  return {
    updates: (now) => {
      if (deploymentStatus === 'FAILED') {
        return [deploymentFailedUpdate(plan, artifacts, allFailedError(environments).message)];
      }
      const updates = successUpdates(plan, artifacts, now, deployedCount(environments));
      return branchDeleted ? updates : keepBranchesForCleanup(updates);
    },
    response: {
      ...runFacts(input),
      branchPreserved,
      packagedComponentId: artifacts.prodPackageId,
      integrationPackId: artifacts.integrationPackId,
      integrationPackName: artifacts.integrationPackName,
      releaseVersion: built.release.releaseVersion,
      environments,
    },
  };
}

/**
 * 8. Record the deployments active before, then deploy to every target environment at once: each
 * deploy is its own step (started in the targets' order, so a replay finds each where it was), the
 * account-wide limiter paces the calls, and a failure is recorded for its environment while the
 * others go on.
 */
async function deployToEnvironments({ input, steps, step }: Run, packageId: string) {
  // 8 (spec §12): what was active before, for a rollback — and each deploy's check, one query for
  // every target. A read: failing it never stops the deploys (each then looks for itself).
  const before =
    input.environments.length === 0
      ? undefined
      : await step('8-previous-deployments', () =>
          steps.recordPreviousDeployments({
            runId: input.runId,
            componentId: input.plan.prodComponentId,
            environmentIds: input.environments.map((e) => e.environmentId),
          }),
        ).catch(() => undefined);
  return Promise.all(
    input.environments.map(async (target): Promise<EnvironmentRunResult> => {
      const activeBefore = before?.[target.environmentId];
      try {
        const deployment = await step(`8-deploy:${target.environmentId}`, () =>
          steps.deployToEnvironment({
            ...target,
            runId: input.runId,
            packageId,
            notes: input.deploymentNotes,
            ...(activeBefore ? { activeBefore } : {}),
          }),
        );
        return { ...target, status: 'DEPLOYED', deploymentId: deployment.deploymentId };
      } catch (error) {
        const { message } = failureOf(error, 'DEPLOYMENT_FAILED');
        return { ...target, status: 'FAILED', errorMessage: message };
      }
    }),
  );
}

/**
 * 8.3. Refresh the extension-access cache of every environment deployed to (never fatal): one
 * step per environment, all at once, fed by one bulk read of their extensions — made by whichever
 * step needs it first (after a crash, only the steps not yet finished ask for it).
 */
async function refreshCaches({ input, steps, step }: Run, environments: EnvironmentRunResult[]) {
  const deployed = environments.filter((result) => result.status === 'DEPLOYED');
  const read = once(() => steps.readExtensions(deployed.map((environment) => environment.environmentId)));
  await Promise.all(
    deployed.map(async (environment) => {
      const { environmentId } = environment;
      try {
        const cache = await step(`8.3-cache-refresh:${environmentId}`, () =>
          steps.refreshCacheAfterDeploy(
            { environmentId, ownerProcess: input.ownerProcess, updatedBy: input.plan.approvedBy },
            read,
          ),
        );
        environment.extensionAccessMappingCount = cache.extensionAccessMappingCount;
      } catch {
        environment.cacheRefreshFailed = true;
      }
    }),
  );
}

/** The first call runs `make`; every later call shares its promise. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

/** The seed's error response: what was built so far, the failure's code and message. */
function failedEnding({ input }: Run, built: Built, failure: RunFailure, branchDeleted: boolean): Ending {
  return {
    updates: () => {
      const updates = failureUpdates(input.plan, failure.message);
      return branchDeleted ? updates : keepBranchesForCleanup(updates);
    },
    response: {
      ...runFacts(input),
      branchPreserved: false,
      packagedComponentId: built.packaged?.packageId ?? null,
      integrationPackId: built.pack?.integrationPackId ?? null,
      integrationPackName: built.pack?.integrationPackName ?? null,
      environments: [],
      error: failure,
    },
  };
}

function deployedCount(environments: readonly EnvironmentRunResult[]): number {
  return environments.filter((environment) => environment.status === 'DEPLOYED').length;
}

function runFacts({ runId, plan }: DeployRunInput) {
  return {
    promotionId: plan.promotionId,
    runId,
    deploymentTarget: plan.deploymentTarget,
    isHotfix: plan.isHotfix,
  };
}

/**
 * Undo actions of a catastrophic failure (Temporal's saga list): each goes to the front, so they
 * run newest first; each runs as a step, and a failed undo is logged by the step runner and never
 * masks the original error.
 */
class UndoList {
  private readonly undos: { name: string; undo: () => Promise<unknown> }[] = [];

  add(name: string, undo: () => Promise<unknown>): void {
    this.undos.unshift({ name, undo });
  }

  /** True when every undo succeeded. */
  async run(step: Step): Promise<boolean> {
    let allDone = true;
    for (const { name, undo } of this.undos) {
      allDone =
        (await step(name, undo).then(
          () => true,
          () => false,
        )) && allDone;
    }
    return allDone;
  }
}

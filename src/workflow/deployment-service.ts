/**
 * DeploymentService: the checks of spec §4 — all before any Boomi write, in the spec's order —
 * then the run row (whose unique index is check 9) and the durable run itself, with the run id as
 * its DBOS workflow id. A refusal is a PromoError and leaves nothing behind (the HTTP layer
 * audits every request, refusals included; the run's own outcome is audited at its end).
 */
import { createHash, randomUUID } from 'node:crypto';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { isNotFound } from '../boomi/index.ts';
import type { DeployRequest } from '../domain/deploy-request.ts';
import type { DeployResponse } from '../domain/deploy-response.ts';
import { isPromoError, PromoError } from '../domain/errors.ts';
import { checkDeployPreconditions, type DeployPlan } from '../domain/modes.ts';
import { packageNotes } from '../domain/package-notes.ts';
import { identityKey } from '../domain/identity.ts';
import { resolveTargetEnvironments, type TargetEnvironment } from '../domain/targets.ts';
import type { Caller } from '../http/auth/caller.ts';
import type { DeploymentService } from '../http/services.ts';
import type { WorkflowDeps } from './context.ts';
import type { DeployRunInput } from './deploy-input.ts';
import { errorMessageOf } from './failures.ts';
import { packageAndDeployWorkflow } from './package-and-deploy.workflow.ts';
import { expectLocalStart, forgetLocalStart } from './run-observer-hooks.ts';

/** The same caller with the same Idempotency-Key always lands on the same run. */
export function runIdFor(callerEmail: string, idempotencyKey: string): string {
  const digest = createHash('sha256')
    .update(`${identityKey(callerEmail)}\n${idempotencyKey}`)
    .digest('hex');
  return `run-${digest.slice(0, 32)}`;
}

export function createDeploymentService(deps: WorkflowDeps): DeploymentService {
  const { boomi, repos, history, settings } = deps;

  /** Boomi look-ups are read-only, but Boomi may be unreachable: that is not the caller's fault. */
  async function lookUp<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isPromoError(error)) throw error;
      throw new PromoError(
        'SERVICE_UNAVAILABLE',
        `Could not check ${what} in Boomi: ${errorMessageOf(error)}`,
      );
    }
  }

  /** 8 (targets): the explicit list and the account group's registered environments. */
  async function targetEnvironments(request: DeployRequest, plan: DeployPlan): Promise<TargetEnvironment[]> {
    const groupId = plan.targetAccountGroupId;
    const registered =
      groupId === null
        ? null
        : (await repos.accountGroupEnvironments.listForGroup(groupId)).map((entry) => entry.environmentId);
    if (request.targetEnvironmentIds.length === 0 && registered === null) return [];
    const environments =
      request.targetEnvironmentIds.length === 0 && registered?.length === 0
        ? []
        : await lookUp('the target environments', () => boomi.environments.list());
    return resolveTargetEnvironments({
      explicit: request.targetEnvironmentIds,
      accountGroupEnvironmentIds: registered,
      accountGroupId: groupId,
      environments: environments.map((environment) => ({
        id: environment.id,
        name: environment.name ?? environment.id,
        classification: environment.classification ?? null,
      })),
      deploymentTarget: plan.deploymentTarget,
    });
  }

  /** 8 (pack): an existing pack must exist — a typo must never cost a merge. */
  async function checkExistingPack(plan: DeployPlan): Promise<void> {
    if (plan.pack.kind !== 'existing') return;
    const packId = plan.pack.integrationPackId;
    await lookUp(`Integration Pack ${packId}`, async () => {
      try {
        await boomi.publisherIntegrationPacks.get(packId);
      } catch (error) {
        if (isNotFound(error)) {
          throw new PromoError('INVALID_REQUEST', `Integration Pack ${packId} does not exist in the account`);
        }
        throw error;
      }
    });
  }

  /** Checks 2–8 of spec §4, in order; returns the run's input. */
  async function prepare(request: DeployRequest, caller: Caller, runId: string): Promise<DeployRunInput> {
    const promotion = await repos.promotions.get(request.promotionId);
    const testId = request.testPromotionId;
    const testPromotion =
      testId !== null && testId !== request.promotionId ? await repos.promotions.get(testId) : null;
    const plan = checkDeployPreconditions({
      request,
      caller: { email: caller.email, roles: caller.roles },
      promotion,
      testPromotion,
      accountId: settings.accountId,
    });
    const environments = await targetEnvironments(request, plan);
    await checkExistingPack(plan);
    const notes = packageNotes({
      promotionId: plan.promotionId,
      mode: plan.mode,
      initiatedBy: plan.initiatedBy,
      approvedBy: plan.approvedBy,
      devAccountId: plan.devAccountId,
      devPackageId: plan.devPackageId,
      runId,
      notes: plan.notes,
    });
    return {
      runId,
      plan,
      environments,
      packageNotes: notes,
      deploymentNotes: notes,
      ownerProcess: { id: plan.prodComponentId, name: promotion?.processName ?? plan.prodComponentId },
    };
  }

  /** The run's result: awaited in-process when this instance started it, else polled from DBOS. */
  interface Started {
    runId: string;
    result: () => Promise<DeployResponse | null>;
  }
  const retrieved = (runId: string): Started => ({
    runId,
    result: () => DBOS.retrieveWorkflow<DeployResponse>(runId).getResult({ pollingIntervalMs: 200 }),
  });

  async function start(request: DeployRequest, caller: Caller, idempotencyKey?: string): Promise<Started> {
    const runId = idempotencyKey ? runIdFor(caller.email, idempotencyKey) : `run-${randomUUID()}`;
    if (idempotencyKey && (await repos.deploymentRuns.get(runId))) return retrieved(runId);
    let input: DeployRunInput;
    try {
      input = await prepare(request, caller, runId);
      // 9. One active run per promotion and per branch: the database's unique index decides.
      await repos.deploymentRuns.create({
        runId,
        promotionId: input.plan.promotionId,
        branchId: input.plan.branchId ?? input.plan.onSuccess.deleteBranchIds[0] ?? null,
        mode: input.plan.mode,
        deploymentTarget: input.plan.deploymentTarget,
        request,
        callerEmail: caller.email,
        callerRoles: caller.roles,
        idempotencyKey: idempotencyKey ?? null,
        state: 'RUNNING',
        executorId: DBOS.executorID,
      });
    } catch (error) {
      // A twin request with the same key won the race: its run is this caller's run.
      if (idempotencyKey && isPromoError(error) && error.code === 'CONFLICT') return retrieved(runId);
      throw error;
    }
    let handle;
    try {
      expectLocalStart(runId);
      handle = await DBOS.startWorkflow(packageAndDeployWorkflow(), { workflowID: runId })(input);
    } catch (error) {
      forgetLocalStart(runId);
      // Never leave an active run row behind a run that did not start: it would block the promotion.
      await history.runEnded(runId, {
        state: 'FAILED',
        errorCode: 'INTERNAL_ERROR',
        errorMessage: errorMessageOf(error),
      });
      throw error;
    }
    return { runId, result: () => handle.getResult() };
  }

  return {
    async start(request, caller, idempotencyKey) {
      const { runId } = await start(request, caller, idempotencyKey);
      return { runId };
    },

    async runSync(request, caller, idempotencyKey) {
      const { runId, result } = await start(request, caller, idempotencyKey);
      try {
        const response = await result();
        if (response) return response;
      } catch {
        // The run ended without its own response (an unexpected fault); the run row says why.
      }
      const run = await repos.deploymentRuns.get(runId);
      if (run?.response) return run.response as DeployResponse;
      throw new PromoError('INTERNAL_ERROR', `Deployment run ${runId} ended without a response`);
    },

    getRun: (runId) => history.view(runId),

    subscribe: (runId, listener) => history.subscribe(runId, listener),
  };
}

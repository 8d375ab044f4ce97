/**
 * DeploymentService: the checks of spec §4 — all before any Boomi write, in the spec's order —
 * then the run row (whose unique index is check 9) and the durable run itself, with the run id as
 * its DBOS workflow id. A refusal is a PromoError and leaves nothing behind (the HTTP layer
 * audits every request, refusals included; the run's own outcome is audited at its end).
 */
import { createHash, randomUUID } from 'node:crypto';
import { withBoomiLane, type BoomiClient } from '../boomi/index.ts';
import type { ApprovalPolicy } from '../domain/approval-policy.ts';
import type { Caller } from '../domain/caller.ts';
import type { DeployRequest } from '../domain/deploy-request.ts';
import type { DeployResponse } from '../domain/deploy-response.ts';
import { isPromoError, PromoError } from '../domain/errors.ts';
import { checkDeployPreconditions, type DeployPlan } from '../domain/modes.ts';
import { packageNotes } from '../domain/package-notes.ts';
import { identityKey } from '../domain/identity.ts';
import { resolveTargetEnvironments, type TargetEnvironment } from '../domain/targets.ts';
import type { DeployRunInput } from '../workflow/deploy-input.ts';
import type { WorkflowRepositories } from '../workflow/deps.ts';
import type { WorkflowEngine } from '../workflow/engine.ts';
import { boomiLaneOf } from '../workflow/run-lane.ts';
import { refOf } from '../workflow/steps/integration-pack.ts';
import { errorMessageOf, failingWith } from '../workflow/failures.ts';
import type { DeploymentService } from './contract.ts';
import { previewDeployment } from './deployment-plan.ts';

export interface DeploymentServiceDeps {
  boomi: BoomiClient;
  repos: WorkflowRepositories;
  engine: WorkflowEngine;
  /** The configured Boomi account (the `prodAccountId` a request may name). */
  accountId: string;
  /** Spec §10 checks 5a/5b. */
  policy: ApprovalPolicy;
}

/** The same caller with the same Idempotency-Key always lands on the same run. */
export function runIdFor(callerEmail: string, idempotencyKey: string): string {
  const digest = createHash('sha256')
    .update(`${identityKey(callerEmail)}\n${idempotencyKey}`)
    .digest('hex');
  return `run-${digest.slice(0, 32)}`;
}

/** Boomi look-ups are read-only, but Boomi may be unreachable: that is not the caller's fault. */
function lookUp<T>(what: string, work: () => Promise<T>): Promise<T> {
  return failingWith('SERVICE_UNAVAILABLE', `Could not check ${what} in Boomi`, work);
}

/** 8 (targets): the explicit list and the account group's registered environments. */
async function targetEnvironments(
  { boomi, repos }: DeploymentServiceDeps,
  request: DeployRequest,
  plan: DeployPlan,
): Promise<TargetEnvironment[]> {
  const groupId = plan.targetAccountGroupId;
  const registered =
    groupId === null
      ? null
      : (await repos.accountGroupEnvironments.listForGroup(groupId)).map((entry) => entry.environmentId);
  if (request.targetEnvironmentIds.length === 0 && registered === null) return [];
  const environments =
    request.targetEnvironmentIds.length === 0 && registered?.length === 0
      ? []
      : // Read for every request, never from a copy: the checks are also the probe that Boomi
        // answers at all, so an outage refuses the request (503) before any run is recorded.
        await lookUp('the target environments', () => boomi.environments.list());
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

/** 8 (pack): an existing pack must exist — a typo must never cost a merge. Returns the read. */
async function checkExistingPack(
  { boomi }: DeploymentServiceDeps,
  plan: DeployPlan,
): Promise<DeployRunInput['existingPackRead']> {
  if (plan.pack.kind !== 'existing') return undefined;
  const packId = plan.pack.integrationPackId;
  const readAt = new Date().toISOString();
  const pack = await failingWith(
    'SERVICE_UNAVAILABLE',
    `Could not check Integration Pack ${packId} in Boomi`,
    () => boomi.publisherIntegrationPacks.get(packId),
    {
      notFound: () =>
        new PromoError('INVALID_REQUEST', `Integration Pack ${packId} does not exist in the account`),
    },
  );
  return { readAt, pack: refOf(pack, packId, false) };
}

/** Checks 2–8 of spec §4 (seed 2.0–2.4 among them), in order; returns the run's input. */
async function prepare(
  deps: DeploymentServiceDeps,
  request: DeployRequest,
  caller: Caller,
  runId: string,
): Promise<DeployRunInput> {
  const { repos } = deps;
  const promotion = await repos.promotions.get(request.promotionId);
  const testId = request.testPromotionId;
  const testPromotion =
    testId !== null && testId !== request.promotionId ? await repos.promotions.get(testId) : null;
  const plan = checkDeployPreconditions({
    request,
    caller,
    promotion,
    testPromotion,
    accountId: deps.accountId,
    policy: deps.policy,
  });
  // The checks' Boomi reads travel in the run's lane: a hotfix's never queue behind test runs.
  const { environments, existingPackRead } = await withBoomiLane(
    boomiLaneOf(plan.mode),
    async () => ({
      environments: await targetEnvironments(deps, request, plan),
      existingPackRead: await checkExistingPack(deps, plan),
    }),
    runId,
  );
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
    ...(existingPackRead ? { existingPackRead } : {}),
  };
}

/** A run as the service hands it back: its id, and its result (awaited here, or polled from DBOS). */
interface Started {
  runId: string;
  result: () => Promise<DeployResponse | null>;
}

/** 9. One active run per promotion and per branch: the database's unique index decides. */
async function recordRun(
  { repos, engine }: DeploymentServiceDeps,
  input: DeployRunInput,
  request: DeployRequest,
  caller: Caller,
  idempotencyKey: string | undefined,
): Promise<void> {
  await repos.deploymentRuns.create({
    runId: input.runId,
    promotionId: input.plan.promotionId,
    branchId: input.plan.branchId ?? input.plan.onSuccess.deleteBranchIds[0] ?? null,
    mode: input.plan.mode,
    deploymentTarget: input.plan.deploymentTarget,
    request,
    callerEmail: caller.email,
    callerRoles: [...caller.roles],
    idempotencyKey: idempotencyKey ?? null,
    state: 'RUNNING',
    executorId: engine.executorId(),
  });
}

async function start(
  deps: DeploymentServiceDeps,
  request: DeployRequest,
  caller: Caller,
  idempotencyKey?: string,
): Promise<Started> {
  const { repos, engine } = deps;
  const runId = idempotencyKey ? runIdFor(caller.email, idempotencyKey) : `run-${randomUUID()}`;
  const retrieved = { runId, result: () => engine.resultOf(runId) };
  if (idempotencyKey && (await repos.deploymentRuns.get(runId))) return retrieved;
  let input: DeployRunInput;
  try {
    input = await prepare(deps, request, caller, runId);
    await recordRun(deps, input, request, caller, idempotencyKey);
  } catch (error) {
    // A twin request with the same key won the race: its run is this caller's run.
    if (idempotencyKey && isPromoError(error) && error.code === 'CONFLICT') return retrieved;
    throw error;
  }
  try {
    const handle = await engine.startPackageAndDeploy(runId, input);
    return { runId, result: () => handle.result() };
  } catch (error) {
    // Never leave an active run row behind a run that did not start: it would block the promotion.
    await engine.history.runEnded(runId, {
      state: 'FAILED',
      errorCode: 'INTERNAL_ERROR',
      errorMessage: errorMessageOf(error),
    });
    throw error;
  }
}

/** The final response; a run that ended without one (an unexpected fault) is read from its row. */
async function finalResponse(deps: DeploymentServiceDeps, started: Started): Promise<DeployResponse> {
  try {
    const response = await started.result();
    if (response) return response;
  } catch {
    // The run ended without its own response (an unexpected fault); the run row says why.
  }
  const run = await deps.repos.deploymentRuns.get(started.runId);
  if (run?.response) return run.response as DeployResponse;
  throw new PromoError('INTERNAL_ERROR', `Deployment run ${started.runId} ended without a response`);
}

export function createDeploymentService(deps: DeploymentServiceDeps): DeploymentService {
  const { history } = deps.engine;
  return {
    start: async (request, caller, idempotencyKey) => ({
      runId: (await start(deps, request, caller, idempotencyKey)).runId,
    }),
    runSync: async (request, caller, idempotencyKey) =>
      finalResponse(deps, await start(deps, request, caller, idempotencyKey)),
    // The run's own checks (one code path), then reads only; check 9 is reported, not refused.
    plan: async (request, caller) => previewDeployment(deps, await prepare(deps, request, caller, 'dry-run')),
    getRun: (runId) => history.view(runId),
    subscribe: (runId, listener) => history.subscribe(runId, listener),
  };
}

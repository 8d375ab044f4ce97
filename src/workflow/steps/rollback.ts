/**
 * The rollback's steps (spec §12). Per environment, check first: what is active for the root
 * process now decides (domain `decideRollback`) — so a step re-run after a crash finds its own
 * write done and makes none. Then the PromotionLog, and the run's end.
 */
import type { BoomiClient } from '../../boomi/index.ts';
import { PromoError } from '../../domain/errors.ts';
import {
  decideRollback,
  type PreviousDeployment,
  type RollbackEnvironmentResult,
  type RollbackResponse,
} from '../../domain/rollback.ts';
import type { StepDeps } from '../deps.ts';
import { failingWith, isErrorCode } from '../failures.ts';

export const ROLLED_BACK_ENVIRONMENTS = 'rolledBackEnvironments';

export interface RollbackEnvironmentInput {
  environmentId: string;
  environmentName: string;
  componentId: string;
  /** The package the rolled-back run deployed. */
  runPackageId: string;
  previous: PreviousDeployment;
  notes: string;
}

export interface RollbackRecord {
  rolledBackRunId: string;
  promotionId: string;
  rolledBackBy: string;
  reason: string;
  /** Environments this rollback rolled back (recorded on the rolled-back run). */
  environmentIds: string[];
}

type Deps = Pick<StepDeps, 'boomi' | 'repos' | 'history'>;

export function rollbackSteps(deps: Deps) {
  return {
    rollbackEnvironment: (input: RollbackEnvironmentInput) => rollbackEnvironment(deps.boomi, input),
    recordRollback: (record: RollbackRecord) => recordRollback(deps, record),
    auditRollback: (response: RollbackResponse) => auditRollback(deps, response),
    endRollback: (response: RollbackResponse) => endRollback(deps, response),
  };
}

async function rollbackEnvironment(
  boomi: BoomiClient,
  input: RollbackEnvironmentInput,
): Promise<RollbackEnvironmentResult> {
  const { environmentId, environmentName, previous } = input;
  const what = `Rollback of ${environmentName} (${environmentId})`;
  return failingWith('DEPLOYMENT_FAILED', what, async () => {
    const [active] = await boomi.deployedPackages.findActiveForComponent(input.componentId, [environmentId]);
    const now = active ? { deploymentId: active.deploymentId, packageId: active.packageId ?? null } : null;
    const decision = decideRollback(previous, input.runPackageId, now);
    const base = { environmentId, environmentName, status: 'ROLLED_BACK' as const };
    switch (decision.kind) {
      case 'refuse':
        throw new PromoError('DEPLOYMENT_FAILED', `${what}: ${decision.message}`);
      case 'nothing':
        return { ...base, action: 'ALREADY_DONE', ...packageOf(previous, active?.deploymentId ?? null) };
      case 'undeploy':
        await boomi.deployedPackages.undeploy(decision.deploymentId);
        return { ...base, action: 'UNDEPLOYED', packageId: null, packageVersion: null, deploymentId: null };
      case 'deploy': {
        const deployed = await boomi.deployedPackages.create({
          environmentId,
          packageId: decision.packageId,
          notes: input.notes,
        });
        return { ...base, action: 'REDEPLOYED_PREVIOUS', ...packageOf(previous, deployed.deploymentId) };
      }
    }
  });
}

function packageOf(previous: PreviousDeployment, deploymentId: string | null) {
  return {
    packageId: previous.previousPackageId,
    packageVersion: previous.previousPackageVersion,
    deploymentId: previous.previousPackageId === null ? null : deploymentId,
  };
}

/**
 * The PromotionLog (status ROLLED_BACK, when, who, why) and, on the rolled-back run, which
 * environments are now rolled back (a later rollback of the same ones is refused). Both repeatable.
 */
async function recordRollback({ repos }: Deps, record: RollbackRecord): Promise<void> {
  const now = new Date().toISOString();
  await repos.promotions.updateWithRetry(record.promotionId, async (current) => {
    if (!current) return;
    if (
      current.status === 'ROLLED_BACK' &&
      current.rolledBackAt !== null &&
      current.rolledBackBy === record.rolledBackBy &&
      current.rollbackReason === record.reason
    )
      return;
    await repos.promotions.update(
      record.promotionId,
      {
        status: 'ROLLED_BACK',
        rolledBackAt: now,
        rolledBackBy: record.rolledBackBy,
        rollbackReason: record.reason,
      },
      current.rowVersion,
    );
  });
  const run = await repos.deploymentRuns.get(record.rolledBackRunId);
  const before = run?.context[ROLLED_BACK_ENVIRONMENTS];
  const earlier = Array.isArray(before) ? (before as string[]) : [];
  await repos.deploymentRuns.mergeContext(record.rolledBackRunId, {
    [ROLLED_BACK_ENVIRONMENTS]: [...new Set([...earlier, ...record.environmentIds])],
  });
}

/** The rollback's outcome in the audit trail (the HTTP request was audited when it was accepted). */
async function auditRollback({ repos }: Deps, response: RollbackResponse): Promise<void> {
  await repos.auditLog.append({
    actor: response.rolledBackBy,
    action: 'deployment.rollback.run',
    targetType: 'promotion',
    targetId: response.promotionId,
    outcome: response.success ? 'SUCCESS' : `FAILED:${response.errorCode ?? 'UNKNOWN'}`,
    detail: {
      runId: response.runId,
      rolledBackRunId: response.rolledBackRunId,
      rollbackStatus: response.rollbackStatus,
      reason: response.reason,
    },
  });
}

async function endRollback({ history }: Deps, response: RollbackResponse): Promise<void> {
  await history.runEnded(response.runId, {
    state: response.success ? 'SUCCEEDED' : 'FAILED',
    response,
    errorCode: isErrorCode(response.errorCode) ? response.errorCode : null,
    errorMessage: response.errorMessage,
  });
}

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
import { rolledBackEvent, type RollbackEnd } from '../../domain/notifications/index.ts';
import { enqueueNotification } from '../../store/repositories/notifications.ts';
import type { StepDeps } from '../deps.ts';
import { failingWith, isErrorCode } from '../failures.ts';
import { ROLLED_BACK_ENVIRONMENTS, rolledBackEnvironmentsOf } from '../rolled-back-environments.ts';

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
  /** The rollback's own run id (its notification's key). */
  rollbackRunId: string;
  rolledBackRunId: string;
  promotionId: string;
  rolledBackBy: string;
  reason: string;
  /** Every environment's result (the notification lists them). */
  environments: RollbackEnvironmentResult[];
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
    // A re-run after a crash: already recorded (with its notification), keep its time.
    const done = current.status === 'ROLLED_BACK' && current.rolledBackBy === record.rolledBackBy;
    if (done && current.rollbackReason === record.reason) return;
    const patch = {
      status: 'ROLLED_BACK' as const,
      rolledBackAt: now,
      rolledBackBy: record.rolledBackBy,
      rollbackReason: record.reason,
    };
    // The change and its notification (spec §13) commit together.
    await repos.withTransaction(async (tx) => {
      const written = await tx.promotions.update(record.promotionId, patch, current.rowVersion);
      if (written) await enqueueNotification(tx, rolledBackEvent(written, announced(record), now));
    });
  });
  const run = await repos.deploymentRuns.get(record.rolledBackRunId);
  const earlier = run ? rolledBackEnvironmentsOf(run) : [];
  const rolledBack = record.environments
    .filter((e) => e.status === 'ROLLED_BACK')
    .map((e) => e.environmentId);
  await repos.deploymentRuns.mergeContext(record.rolledBackRunId, {
    [ROLLED_BACK_ENVIRONMENTS]: [...new Set([...earlier, ...rolledBack])],
  });
}

function announced(record: RollbackRecord): RollbackEnd {
  return {
    runId: record.rollbackRunId,
    actor: record.rolledBackBy,
    reason: record.reason,
    environments: record.environments.map((e) => ({
      environmentId: e.environmentId,
      environmentName: e.environmentName,
      status: e.status,
      ...(e.errorMessage ? { errorMessage: e.errorMessage } : {}),
    })),
  };
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

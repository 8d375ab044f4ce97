/**
 * Seed step 9 and the run's end: write the PromotionLog updates (optimistic concurrency: read
 * the row version, write against it, re-read on CONFLICT: `updateWithRetry`), then store the
 * final response.
 */
import {
  allFailedError,
  deploymentStatusOf,
  type DeployResponse,
  type EnvironmentRunResult,
} from '../../domain/deploy-response.ts';
import type { DeployPlan } from '../../domain/modes.ts';
import { runEndedEvent, type NotificationEvent } from '../../domain/notifications/index.ts';
import type { PromotionUpdate } from '../../domain/outcome.ts';
import type { PromotionLog } from '../../domain/promotion.ts';
import { enqueueNotification } from '../../store/repositories/notifications.ts';
import type { StepDeps } from '../deps.ts';
import { isErrorCode } from '../failures.ts';

type LogDeps = Pick<StepDeps, 'repos' | 'log' | 'history'>;

export function promotionLogSteps(deps: LogDeps) {
  return {
    applyPromotionUpdates: (build: (now: string) => PromotionUpdate[], announce?: AnnounceRunEnd) =>
      applyPromotionUpdates(deps, build, announce),
    auditRun: (runId: string, actor: string, response: DeployResponse) =>
      auditRun(deps, runId, actor, response),
    endRun: (runId: string, response: DeployResponse) => endRun(deps, runId, response),
  };
}

/** The notification of the run's end, built from the run's own record as step 9 wrote it. */
export type AnnounceRunEnd = (updated: PromotionLog, now: string) => NotificationEvent | null;

/**
 * `build` receives the step's clock, so timestamps are taken once, inside the step. The first
 * update (the run's own promotion) commits together with the notification `announce` builds; a
 * re-run of the step writes no second notification (its key is the run's).
 */
async function applyPromotionUpdates(
  { repos, log }: LogDeps,
  build: (now: string) => PromotionUpdate[],
  announce?: AnnounceRunEnd,
): Promise<{ updated: string[] }> {
  const updated: string[] = [];
  const now = new Date().toISOString();
  for (const [index, { promotionId, patch }] of build(now).entries()) {
    await repos.promotions.updateWithRetry(promotionId, async (current) => {
      if (!current) {
        log.warn({ promotionId }, 'PromotionLog record vanished before its update');
        return;
      }
      await repos.withTransaction(async (tx) => {
        const written = await tx.promotions.update(promotionId, patch, current.rowVersion);
        if (written && index === 0 && announce) await enqueueNotification(tx, announce(written, now));
      });
      updated.push(promotionId);
    });
  }
  return { updated };
}

/**
 * Announces a run's end (spec §13) from what the response says: failed (catastrophically, or no
 * environment deployed), test deployed, deployed to production, hotfix deployed.
 */
export function announceRunEnd(
  plan: Pick<DeployPlan, 'mode' | 'approvedBy'>,
  runId: string,
  outcome: {
    environments: readonly EnvironmentRunResult[];
    error?: { code: string; message: string } | null;
  },
): AnnounceRunEnd {
  const error =
    outcome.error ??
    (deploymentStatusOf(outcome.environments) === 'FAILED'
      ? allFailedError(outcome.environments)
      : undefined);
  const environments = outcome.environments.map((e) => ({
    environmentId: e.environmentId,
    environmentName: e.environmentName,
    status: e.status,
    ...(e.errorMessage ? { errorMessage: e.errorMessage } : {}),
  }));
  const run = {
    runId,
    actor: plan.approvedBy,
    mode: plan.mode,
    failed: error !== undefined,
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
    environments,
  };
  return (updated, now) => runEndedEvent(updated, run, now);
}

/** Seed step 10 (the end of the run): the run's outcome is audited … */
async function auditRun(
  { repos }: LogDeps,
  runId: string,
  actor: string,
  response: DeployResponse,
): Promise<void> {
  await repos.auditLog.append({
    actor,
    action: 'package-and-deploy.run',
    targetType: 'promotion',
    targetId: response.promotionId,
    outcome: response.success ? 'SUCCESS' : `FAILED:${response.errorCode ?? 'UNKNOWN'}`,
    detail: { runId, deploymentStatus: response.deploymentStatus },
  });
}

/** … and the final response becomes the run's outcome — the last thing a run writes. */
async function endRun({ history }: LogDeps, runId: string, response: DeployResponse): Promise<void> {
  await history.runEnded(runId, {
    state: response.success ? 'SUCCEEDED' : 'FAILED',
    response,
    errorCode: isErrorCode(response.errorCode) ? response.errorCode : null,
    errorMessage: response.errorMessage,
  });
}

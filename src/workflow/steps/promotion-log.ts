/**
 * Seed step 9 and the run's end: write the PromotionLog updates (optimistic concurrency: read
 * the row version, write against it, re-read on CONFLICT: `updateWithRetry`), then store the
 * final response.
 */
import type { DeployResponse } from '../../domain/deploy-response.ts';
import type { PromotionUpdate } from '../../domain/outcome.ts';
import type { StepDeps } from '../deps.ts';
import { isErrorCode } from '../failures.ts';

type LogDeps = Pick<StepDeps, 'repos' | 'log' | 'history'>;

export function promotionLogSteps(deps: LogDeps) {
  return {
    applyPromotionUpdates: (build: (now: string) => PromotionUpdate[]) => applyPromotionUpdates(deps, build),
    auditRun: (runId: string, actor: string, response: DeployResponse) =>
      auditRun(deps, runId, actor, response),
    endRun: (runId: string, response: DeployResponse) => endRun(deps, runId, response),
  };
}

/** `build` receives the step's clock, so timestamps are taken once, inside the step. */
async function applyPromotionUpdates(
  { repos, log }: LogDeps,
  build: (now: string) => PromotionUpdate[],
): Promise<{ updated: string[] }> {
  const updated: string[] = [];
  for (const { promotionId, patch } of build(new Date().toISOString())) {
    await repos.promotions.updateWithRetry(promotionId, async (current) => {
      if (!current) {
        log.warn({ promotionId }, 'PromotionLog record vanished before its update');
        return;
      }
      await repos.promotions.update(promotionId, patch, current.rowVersion);
      updated.push(promotionId);
    });
  }
  return { updated };
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

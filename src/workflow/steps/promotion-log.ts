/**
 * Seed step 9 and the run's end: write the PromotionLog updates (optimistic concurrency: read
 * the row version, write against it, re-read on CONFLICT), then store the final response.
 */
import type { DeployResponse } from '../../domain/deploy-response.ts';
import type { PromotionUpdate } from '../../domain/outcome.ts';
import { workflowDeps } from '../context.ts';
import { isErrorCode } from '../failures.ts';

const CONFLICT_ATTEMPTS = 5;

/** `build` receives the step's clock, so timestamps are taken once, inside the step. */
export async function applyPromotionUpdates(
  build: (now: string) => PromotionUpdate[],
): Promise<{ updated: string[] }> {
  const { repos, log } = workflowDeps();
  const updated: string[] = [];
  for (const { promotionId, patch } of build(new Date().toISOString())) {
    for (let attempt = 1; ; attempt++) {
      const current = await repos.promotions.get(promotionId);
      if (!current) {
        log.warn({ promotionId }, 'PromotionLog record vanished before its update');
        break;
      }
      try {
        await repos.promotions.update(promotionId, patch, current.rowVersion);
        updated.push(promotionId);
        break;
      } catch (error) {
        const conflict = (error as { code?: unknown }).code === 'CONFLICT';
        if (!conflict || attempt >= CONFLICT_ATTEMPTS) throw error;
      }
    }
  }
  return { updated };
}

/** Seed step 10 (the end of the run): the run's outcome is audited … */
export async function auditRun(runId: string, actor: string, response: DeployResponse): Promise<void> {
  const { repos } = workflowDeps();
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
export async function endRun(runId: string, response: DeployResponse): Promise<void> {
  await workflowDeps().history.runEnded(runId, {
    state: response.success ? 'SUCCEEDED' : 'FAILED',
    response,
    errorCode: isErrorCode(response.errorCode) ? response.errorCode : null,
    errorMessage: response.errorMessage,
  });
}

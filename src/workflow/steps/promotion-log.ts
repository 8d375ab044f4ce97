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
import { DECIDED_STATUSES, type PromotionLog } from '../../domain/promotion.ts';
import { enqueueNotification } from '../../store/repositories/notifications.ts';
import type { StepDeps } from '../deps.ts';
import { isErrorCode } from '../failures.ts';

type LogDeps = Pick<StepDeps, 'repos' | 'log' | 'history'>;

export function promotionLogSteps(deps: LogDeps) {
  return {
    applyPromotionUpdates: (
      runId: string,
      build: (now: string) => PromotionUpdate[],
      announce?: AnnounceRunEnd,
    ) => applyPromotionUpdates(deps, runId, build, announce),
    auditRun: (runId: string, actor: string, response: DeployResponse) =>
      auditRun(deps, runId, actor, response),
    endRun: (runId: string, response: DeployResponse) => endRun(deps, runId, response),
  };
}

/** The notification of the run's end, built from the run's own record as step 9 wrote it. */
export type AnnounceRunEnd = (updated: PromotionLog, now: string) => NotificationEvent | null;

/** A record whose decision (rejection, denial, withdrawal) was recorded while the run went on. */
export interface DecisionKept {
  promotionId: string;
  status: string;
}

/**
 * `build` receives the step's clock, so timestamps are taken once, inside the step. The first
 * update (the run's own promotion) commits together with the notification `announce` builds; a
 * re-run of the step writes no second notification (its key is the run's). A record decided
 * meanwhile is left as it is (issue 13: a decision is never undone by a run) — checked here on
 * the freshest read, and by the database's trigger should a decision land between that read and
 * the write (CONFLICT: read again, see the decision). Each kept decision is audited, and then no
 * run-end notification is sent for it.
 */
async function applyPromotionUpdates(
  deps: LogDeps,
  runId: string,
  build: (now: string) => PromotionUpdate[],
  announce?: AnnounceRunEnd,
): Promise<{ updated: string[]; decisionsKept: DecisionKept[] }> {
  const { repos, log } = deps;
  const updated: string[] = [];
  const decisionsKept: DecisionKept[] = [];
  const now = new Date().toISOString();
  for (const [index, { promotionId, patch }] of build(now).entries()) {
    await repos.promotions.updateWithRetry(promotionId, async (current) => {
      if (!current) {
        log.warn({ promotionId }, 'PromotionLog record vanished before its update');
        return;
      }
      if (DECIDED_STATUSES.includes(current.status)) {
        decisionsKept.push({ promotionId, status: current.status });
        return;
      }
      await repos.withTransaction(async (tx) => {
        const written = await tx.promotions.update(promotionId, patch, current.rowVersion);
        if (written && index === 0 && announce) await enqueueNotification(tx, announce(written, now));
      });
      updated.push(promotionId);
    });
  }
  for (const kept of decisionsKept) await auditDecisionKept(deps, runId, kept);
  return { updated, decisionsKept };
}

async function auditDecisionKept({ repos, log }: LogDeps, runId: string, kept: DecisionKept) {
  log.warn({ runId, ...kept }, 'A decision was recorded during the run; the PromotionLog keeps it');
  await repos.auditLog.append({
    actor: 'system',
    action: 'package-and-deploy.decision-kept',
    targetType: 'promotion',
    targetId: kept.promotionId,
    outcome: `KEPT:${kept.status}`,
    detail: {
      runId,
      reason: `The record was ${kept.status} while the run was active; the run did not overwrite it`,
    },
  });
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

/**
 * The branch janitor (spec §10 "Branches are never lost"): deletes the Boomi branch of every
 * record in a final state that still names one (marked `branchCleanupPending` or not), then
 * clears both fields and audits it. One instance at a time across instances (a PostgreSQL
 * advisory lock, tried, never waited for); its Boomi calls travel in the background lane so
 * runs always go first. A failed delete leaves the record as it was for the next pass.
 */
import type { Pool } from 'pg';
import { withBoomiLane, type BoomiClient } from '../boomi/index.ts';
import { BRANCH_JANITOR_LOCK_KEY, withTryAdvisoryLock } from '../store/advisory-lock.ts';
import type { Repositories } from '../store/repositories/index.ts';
import { errorMessageOf } from '../workflow/failures.ts';
import type { WorkflowLogger } from '../workflow/logger.ts';
import { startPeriodic, type PeriodicPass } from '../workflow/periodic.ts';

export const BRANCH_JANITOR_ACTOR = 'system:branch-janitor';

export interface BranchJanitorDeps {
  pool: Pool;
  boomi: BoomiClient;
  repos: Pick<Repositories, 'promotions' | 'auditLog'>;
  log: WorkflowLogger;
}

export interface BranchJanitorPass {
  /** False when another instance held the lock (this one did nothing). */
  ran: boolean;
  /** Promotion ids whose branch was deleted (or found gone) and cleared. */
  cleaned: string[];
  /** Promotion ids whose branch delete failed; retried on the next pass. */
  failed: string[];
}

export async function runBranchJanitorPass(deps: BranchJanitorDeps): Promise<BranchJanitorPass> {
  const locked = await withTryAdvisoryLock(deps.pool, BRANCH_JANITOR_LOCK_KEY, () =>
    withBoomiLane('background', () => cleanAll(deps), 'branch-janitor'),
  );
  return locked.ran ? { ran: true, ...locked.value } : { ran: false, cleaned: [], failed: [] };
}

async function cleanAll(deps: BranchJanitorDeps): Promise<Omit<BranchJanitorPass, 'ran'>> {
  const pass = { cleaned: [] as string[], failed: [] as string[] };
  for (const { promotionId, branchId } of await deps.repos.promotions.listBranchesToClean()) {
    const cleaned = await cleanOne(deps, promotionId, branchId);
    if (cleaned !== null) (cleaned ? pass.cleaned : pass.failed).push(promotionId);
  }
  if (pass.cleaned.length + pass.failed.length > 0) deps.log.info(pass, 'Branch janitor pass');
  return pass;
}

/** True when cleaned, false when the delete failed, null when the record changed meanwhile. */
async function cleanOne(
  deps: BranchJanitorDeps,
  promotionId: string,
  branchId: string,
): Promise<boolean | null> {
  let outcome: 'deleted' | 'not-found';
  try {
    outcome = await deps.boomi.branches.delete(branchId);
  } catch (error) {
    deps.log.warn({ promotionId, branchId, error: errorMessageOf(error) }, 'Branch janitor: delete failed');
    return false;
  }
  const cleared = await deps.repos.promotions.clearDeletedBranch(promotionId, branchId);
  if (cleared === null) return null;
  await deps.repos.auditLog.append({
    actor: BRANCH_JANITOR_ACTOR,
    action: 'branch.cleanup',
    targetType: 'promotion',
    targetId: promotionId,
    outcome: 'SUCCESS',
    detail: { branchId, boomi: outcome, status: cleared.status },
  });
  return true;
}

/** Runs a pass now (awaited) and then every `intervalMs` until stopped. */
export function startBranchJanitor(deps: BranchJanitorDeps & { intervalMs: number }): Promise<PeriodicPass> {
  return startPeriodic({
    name: 'Branch janitor',
    pass: () => runBranchJanitorPass(deps),
    intervalMs: deps.intervalMs,
    log: deps.log,
  });
}

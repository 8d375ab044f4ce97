/**
 * Seed steps 8.5/8.6 and the compensation of a catastrophic failure: delete promotion branches.
 * Check first: a branch already gone (a re-run after a crash) is not deleted again; Boomi's 200
 * and "not found" both count as deleted.
 */
import { isNotFound } from '../../boomi/index.ts';
import { workflowDeps } from '../context.ts';
import { errorMessageOf } from '../failures.ts';

export interface BranchDeletion {
  deleted: string[];
  alreadyGone: string[];
}

/** Tries every branch; throws one error naming all that could not be deleted. */
export async function deleteBranches(branchIds: readonly string[]): Promise<BranchDeletion> {
  const { boomi } = workflowDeps();
  const result: BranchDeletion = { deleted: [], alreadyGone: [] };
  const failures: string[] = [];
  for (const branchId of branchIds) {
    try {
      if (!(await branchIsLive(branchId))) {
        result.alreadyGone.push(branchId);
        continue;
      }
      const outcome = await boomi.branches.delete(branchId);
      (outcome === 'deleted' ? result.deleted : result.alreadyGone).push(branchId);
    } catch (error) {
      failures.push(`branch ${branchId}: ${errorMessageOf(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`Branch delete failed — ${failures.join('; ')}`);
  return result;
}

async function branchIsLive(branchId: string): Promise<boolean> {
  try {
    const branch = await workflowDeps().boomi.branches.get(branchId);
    return branch.deleted !== true && branch.stage !== 'DELETING';
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/**
 * Seed steps 8.5/8.6 and the compensation of a catastrophic failure: delete promotion branches.
 * Boomi's 200 and "not found" both count as deleted, so repeating the step is harmless.
 */
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
      const outcome = await boomi.branches.delete(branchId);
      (outcome === 'deleted' ? result.deleted : result.alreadyGone).push(branchId);
    } catch (error) {
      failures.push(`branch ${branchId}: ${errorMessageOf(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`Branch delete failed — ${failures.join('; ')}`);
  return result;
}

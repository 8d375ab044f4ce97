/**
 * Seed steps 8.5/8.6 and the compensation of a catastrophic failure: delete promotion branches.
 * Check first: a branch already gone (a re-run after a crash) is not deleted again; Boomi's 200
 * and "not found" both count as deleted.
 */
import { isNotFound, type BoomiClient } from '../../boomi/index.ts';
import type { StepDeps } from '../deps.ts';
import { errorMessageOf } from '../failures.ts';

export interface BranchDeletion {
  deleted: string[];
  alreadyGone: string[];
}

export function branchSteps({ boomi }: Pick<StepDeps, 'boomi'>) {
  return { deleteBranches: (branchIds: readonly string[]) => deleteBranches(boomi, branchIds) };
}

/** Tries every branch; throws one error naming all that could not be deleted. */
async function deleteBranches(boomi: BoomiClient, branchIds: readonly string[]): Promise<BranchDeletion> {
  const result: BranchDeletion = { deleted: [], alreadyGone: [] };
  const failures: string[] = [];
  for (const branchId of branchIds) {
    try {
      if (!(await branchIsLive(boomi, branchId))) {
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

async function branchIsLive(boomi: BoomiClient, branchId: string): Promise<boolean> {
  try {
    const branch = await boomi.branches.get(branchId);
    return branch.deleted !== true && branch.stage !== 'DELETING';
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

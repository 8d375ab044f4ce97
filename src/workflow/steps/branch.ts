/**
 * Seed steps 8.5/8.6 and the compensation of a catastrophic failure: delete promotion branches.
 * The DELETE is sent at once: a branch already gone answers "not found", and Boomi's 200 and
 * "not found" both count as deleted. Only a run that noted sending a branch's DELETE before (a
 * re-run after a crash or an unanswered DELETE) looks at the branch first, so no DELETE is sent
 * twice without a look.
 */
import { isNotFound, type BoomiClient } from '../../boomi/index.ts';
import type { StepDeps } from '../deps.ts';
import { errorMessageOf } from '../failures.ts';
import { writeOnce, type WriteOnceDeps } from './write-once.ts';

export interface BranchDeletion {
  deleted: string[];
  alreadyGone: string[];
}

type BranchDeps = Pick<StepDeps, 'boomi'> & WriteOnceDeps;

export function branchSteps(deps: BranchDeps) {
  return {
    deleteBranches: (runId: string, branchIds: readonly string[]) => deleteBranches(deps, runId, branchIds),
  };
}

/** Tries every branch; throws one error naming all that could not be deleted. */
async function deleteBranches(
  deps: BranchDeps,
  runId: string,
  branchIds: readonly string[],
): Promise<BranchDeletion> {
  const { boomi } = deps;
  const result: BranchDeletion = { deleted: [], alreadyGone: [] };
  const failures: string[] = [];
  for (const branchId of branchIds) {
    try {
      const outcome = await writeOnce<'deleted' | 'gone'>(deps, {
        runId,
        note: `branchDeleteSentAt:${branchId}`,
        known: { found: undefined },
        find: async () => ((await branchIsLive(boomi, branchId)) ? undefined : 'gone'),
        write: async () => ((await boomi.branches.delete(branchId)) === 'deleted' ? 'deleted' : 'gone'),
      });
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

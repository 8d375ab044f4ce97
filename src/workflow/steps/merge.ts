/**
 * Seed steps 2.5 and 2.6: merge the promotion branch into main (OVERRIDE, source wins).
 * Both check Boomi first, so a step re-run after a crash finds the merge request it created
 * (or the merge it started) instead of starting another.
 */
import { BoomiPollTimeoutError } from '../../boomi/index.ts';
import type { MergeRequest, MergeStage } from '../../boomi/index.ts';
import { PromoError } from '../../domain/errors.ts';
import { workflowDeps } from '../context.ts';
import { boomiFailure } from '../failures.ts';
import { learnedPollPolicy } from '../stage-poll.ts';

/** Stages of a merge request that is still on its way (or got there), best first. */
const LIVE_STAGES: readonly MergeStage[] = [
  'MERGED',
  'MERGING',
  'REVIEWING',
  'DRAFTED',
  'DRAFTING',
  'REDRAFTING',
];

export interface MergeRequestRef {
  mergeRequestId: string;
  stage: MergeStage;
}

function mergePolicy() {
  const { settings } = workflowDeps();
  return { ...settings.poll?.mergeStage, timeoutMs: settings.mergeTimeoutMs };
}

/** A poll deadline is MERGE_TIMEOUT; anything else Boomi did is MERGE_FAILED. */
async function merging<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BoomiPollTimeoutError) {
      throw new PromoError('MERGE_TIMEOUT', `${what}: ${error.message}`);
    }
    throw boomiFailure('MERGE_FAILED', what, error);
  }
}

function pickLive(requests: readonly MergeRequest[], mainBranchId: string): MergeRequest | undefined {
  const candidates = requests.filter(
    (request) => request.destinationBranchId === mainBranchId && request.stage !== undefined,
  );
  for (const stage of LIVE_STAGES) {
    const found = candidates.find((request) => request.stage === stage);
    if (found) return found;
  }
  return undefined;
}

/** 2.5: create (or find) the merge request of this branch into main and wait until REVIEWING. */
export function createMergeRequest(branchId: string): Promise<MergeRequestRef> {
  const { boomi } = workflowDeps();
  return merging(`Merge of branch ${branchId} into main`, async () => {
    // The main branch's id is looked up, never assumed to be the string "main".
    const main = await boomi.branches.findByName('main');
    if (!main || main.deleted === true) {
      throw new PromoError('MERGE_FAILED', 'The main branch was not found in the Boomi account');
    }
    const existing = pickLive(await boomi.mergeRequests.findBySourceBranch(branchId), main.id);
    const request =
      existing ??
      (await boomi.mergeRequests.create({
        sourceBranchId: branchId,
        destinationBranchId: main.id,
        strategy: 'OVERRIDE',
        priorityBranch: 'SOURCE',
      }));
    const ready = await boomi.mergeRequests.waitForStage(
      request.id,
      ['REVIEWING', 'MERGING', 'MERGED'],
      await learnedPollPolicy('merge-reviewing', mergePolicy(), { record: existing === undefined }),
    );
    const stage = ready.stage ?? 'NOT_EXIST';
    if (!['REVIEWING', 'MERGING', 'MERGED'].includes(stage)) {
      throw new PromoError(
        'MERGE_FAILED',
        `Merge request ${request.id} for branch ${branchId} ended in stage ${stage}`,
      );
    }
    return { mergeRequestId: request.id, stage };
  });
}

/** 2.6: execute the merge (unless already started) and poll until MERGED or FAILED_TO_MERGE. */
export function executeMerge(merge: MergeRequestRef, branchId: string): Promise<{ stage: 'MERGED' }> {
  const { boomi } = workflowDeps();
  const id = merge.mergeRequestId;
  return merging(`Merge of branch ${branchId} into main`, async () => {
    const current = await boomi.mergeRequests.get(id);
    const executing = current.stage === 'REVIEWING';
    if (executing) {
      await boomi.mergeRequests.execute(id, 'MERGE');
    } else if (current.stage !== 'MERGING' && current.stage !== 'MERGED') {
      throw new PromoError(
        'MERGE_FAILED',
        `Merge request ${id} for branch ${branchId} is in stage ${current.stage ?? 'unknown'}`,
      );
    }
    const policy = await learnedPollPolicy('merge-merged', mergePolicy(), { record: executing });
    const done = await boomi.mergeRequests.waitForStage(id, ['MERGED'], policy);
    if (done.stage !== 'MERGED') {
      throw new PromoError(
        'MERGE_FAILED',
        `Merge request ${id} for branch ${branchId} ended ${done.stage ?? 'in an unknown stage'}`,
      );
    }
    return { stage: 'MERGED' };
  });
}

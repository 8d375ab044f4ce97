/**
 * Seed steps 2.5 and 2.6: merge the promotion branch into main (OVERRIDE, source wins).
 * Both check Boomi first, so a step re-run after a crash finds the merge request it created
 * (or the merge it started) instead of starting another.
 */
import type { BoomiClient, MergeRequest, MergeStage, PollPolicy } from '../../boomi/index.ts';
import { PromoError } from '../../domain/errors.ts';
import type { StepDeps } from '../deps.ts';
import { failingWith } from '../failures.ts';
import { learnedPollPolicies, type LearnedPollPolicy } from '../stage-poll.ts';

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

/** A poll deadline is MERGE_TIMEOUT; anything else Boomi did is MERGE_FAILED. */
function merging<T>(branchId: string, work: () => Promise<T>): Promise<T> {
  return failingWith('MERGE_FAILED', `Merge of branch ${branchId} into main`, work, {
    pollTimeout: 'MERGE_TIMEOUT',
  });
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

export function mergeSteps(deps: Pick<StepDeps, 'boomi' | 'settings' | 'repos' | 'log'>) {
  const { boomi, settings } = deps;
  const merge: MergeDeps = {
    boomi,
    policy: { ...settings.poll?.mergeStage, timeoutMs: settings.mergeTimeoutMs },
    learned: learnedPollPolicies(deps),
  };
  return {
    createMergeRequest: (branchId: string) => createMergeRequest(merge, branchId),
    executeMerge: (ref: MergeRequestRef, branchId: string) => executeMerge(merge, ref, branchId),
  };
}

interface MergeDeps {
  boomi: BoomiClient;
  policy: Partial<PollPolicy>;
  /** The policy with the schedule learned from recent waits of the stage (stage-poll.ts). */
  learned: LearnedPollPolicy;
}

/** 2.5: create (or find) the merge request of this branch into main and wait until REVIEWING. */
async function createMergeRequest(
  { boomi, policy, learned }: MergeDeps,
  branchId: string,
): Promise<MergeRequestRef> {
  return merging(branchId, async () => {
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
      await learned('merge-reviewing', policy, { record: existing === undefined }),
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
async function executeMerge(
  { boomi, policy, learned }: MergeDeps,
  merge: MergeRequestRef,
  branchId: string,
): Promise<{ stage: 'MERGED' }> {
  const id = merge.mergeRequestId;
  return merging(branchId, async () => {
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
    const merged = await learned('merge-merged', policy, { record: executing });
    const done = await boomi.mergeRequests.waitForStage(id, ['MERGED'], merged);
    if (done.stage !== 'MERGED') {
      throw new PromoError(
        'MERGE_FAILED',
        `Merge request ${id} for branch ${branchId} ended ${done.stage ?? 'in an unknown stage'}`,
      );
    }
    return { stage: 'MERGED' };
  });
}

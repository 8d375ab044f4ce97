/**
 * Seed steps 2.5 and 2.6: merge the promotion branch into main (OVERRIDE, source wins).
 * Both check Boomi first, so a step re-run after a crash finds the merge request it created
 * (or the merge it started) instead of starting another.
 */
import type { BoomiClient, MergeRequest, MergeStage, PollPolicy } from '../../boomi/index.ts';
import { PromoError } from '../../domain/errors.ts';
import type { StepDeps } from '../deps.ts';
import { failingWith } from '../failures.ts';
import { writeOnce, type WriteOnceDeps } from './write-once.ts';
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
  const { boomi, repos, settings } = deps;
  const merge: MergeDeps = {
    boomi,
    repos,
    settings,
    policy: { ...settings.poll?.mergeStage, timeoutMs: settings.mergeTimeoutMs },
    learned: learnedPollPolicies(deps),
  };
  return {
    createMergeRequest: (runId: string, branchId: string) => createMergeRequest(merge, runId, branchId),
    executeMerge: (runId: string, ref: MergeRequestRef, branchId: string) =>
      executeMerge(merge, runId, ref, branchId),
  };
}

interface MergeDeps extends WriteOnceDeps {
  boomi: BoomiClient;
  policy: Partial<PollPolicy>;
  /** The policy with the schedule learned from recent waits of the stage (stage-poll.ts). */
  learned: LearnedPollPolicy;
}

/** 2.5: create (or find) the merge request of this branch into main and wait until REVIEWING. */
async function createMergeRequest(
  deps: MergeDeps,
  runId: string,
  branchId: string,
): Promise<MergeRequestRef> {
  const { boomi, policy, learned } = deps;
  return merging(branchId, async () => {
    // Looked up by name (once per client), never assumed to be the string "main".
    const mainBranchId = await boomi.branches.mainBranchId();
    const { request, sentNow } = await writeOnce(deps, {
      runId,
      note: 'mergeRequestSentAt',
      find: async () => {
        const live = pickLive(await boomi.mergeRequests.findBySourceBranch(branchId), mainBranchId);
        return live ? { request: live, sentNow: false } : undefined;
      },
      write: async () => {
        const created = await boomi.mergeRequests.create({
          sourceBranchId: branchId,
          destinationBranchId: mainBranchId,
          strategy: 'OVERRIDE',
          priorityBranch: 'SOURCE',
        });
        return { request: created, sentNow: true };
      },
    });
    const ready = await boomi.mergeRequests.waitForStage(
      request.id,
      ['REVIEWING', 'MERGING', 'MERGED'],
      await learned('merge-reviewing', policy, { record: sentNow }),
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
  deps: MergeDeps,
  runId: string,
  merge: MergeRequestRef,
  branchId: string,
): Promise<{ stage: 'MERGED' }> {
  const { boomi, policy, learned } = deps;
  const id = merge.mergeRequestId;
  return merging(branchId, async () => {
    // Executed already once past REVIEWING; any other stage is a dead end. Step 2.5 has just
    // seen the stage, so only a run that noted sending the execute looks again first.
    const executing = await writeOnce<boolean>(deps, {
      runId,
      note: 'mergeExecuteSentAt',
      known: { found: merge.stage === 'REVIEWING' ? undefined : false },
      find: async () => {
        const { stage } = await boomi.mergeRequests.get(id);
        if (stage === 'MERGING' || stage === 'MERGED') return false;
        if (stage === 'REVIEWING') return undefined;
        throw new PromoError(
          'MERGE_FAILED',
          `Merge request ${id} for branch ${branchId} is in stage ${stage ?? 'unknown'}`,
        );
      },
      write: async () => {
        await boomi.mergeRequests.execute(id, 'MERGE');
        return true;
      },
    });
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

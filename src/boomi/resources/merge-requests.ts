/** MergeRequest: merge the promotion branch into main (spec steps 2.5 and 2.6). */
import { DEFAULT_POLL_POLICIES, pollPolicy, pollUntil, type PollPolicy } from '../poll.ts';
import { equals, queryAll } from '../query.ts';
import { SHAPES } from '../shapes.ts';
import type { TimeBase } from '../time.ts';
import type { Transport } from '../transport.ts';
import type { MergeRequest, MergeRequestAction, MergeRequestCreateInput, MergeStage } from '../types.ts';
import { getById, idPath, post } from './common.ts';

/** Stages a merge request does not leave by itself: waiting for anything else would be in vain. */
export const MERGE_DEAD_END_STAGES: readonly MergeStage[] = [
  'FAILED_TO_DRAFT',
  'FAILED_TO_REDRAFT',
  'FAILED_TO_MERGE',
  'DELETED',
  'REVERTED',
];

export function mergeRequestsApi(transport: Transport, time: TimeBase) {
  const get = (id: string) => getById<MergeRequest>(transport, 'MergeRequest', id, SHAPES.MergeRequest);
  return {
    create: (input: MergeRequestCreateInput) =>
      post<MergeRequest>(transport, '/MergeRequest', input, SHAPES.MergeRequest),
    get,
    /** Starts an action; the answer shows the new stage (MERGING for MERGE). */
    execute: (id: string, action: MergeRequestAction = 'MERGE') =>
      post<MergeRequest>(
        transport,
        idPath('MergeRequest/execute', id),
        { id, mergeRequestAction: action },
        SHAPES.MergeRequest,
      ),
    /** Every merge request whose source is this branch (the check before creating one). */
    findBySourceBranch: (branchId: string) =>
      queryAll<MergeRequest>(
        transport,
        'MergeRequest',
        equals('sourceBranchId', branchId),
        SHAPES.MergeRequest,
      ),
    /**
     * Polls until the stage is one of `stages` or a dead end (MERGE_DEAD_END_STAGES); returns the
     * merge request as last read, so the caller checks which it was.
     */
    waitForStage(
      id: string,
      stages: readonly MergeStage[],
      policy?: Partial<PollPolicy>,
    ): Promise<MergeRequest> {
      return pollUntil({
        what: 'MergeRequest',
        id,
        policy: pollPolicy(DEFAULT_POLL_POLICIES.mergeStage, policy),
        time,
        check: async () => {
          const request = await get(id);
          const stage = request.stage;
          const finished =
            stage !== undefined && (stages.includes(stage) || MERGE_DEAD_END_STAGES.includes(stage));
          return finished ? { done: true, value: request } : { done: false, state: stage };
        },
      });
    },
  };
}

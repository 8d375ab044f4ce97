/** Branch: the promotion branch the merge starts from, and its clean-up afterwards. */
import { DEFAULT_POLL_POLICIES, pollPolicy, pollUntil, type PollPolicy } from '../poll.ts';
import { equals, everything, queryAll } from '../query.ts';
import { SHAPES } from '../shapes.ts';
import type { TimeBase } from '../time.ts';
import type { Transport } from '../transport.ts';
import type { Branch, BranchCreateInput } from '../types.ts';
import { deleteById, getById, post } from './common.ts';

export function branchesApi(transport: Transport, time: TimeBase) {
  const get = (id: string) => getById<Branch>(transport, 'Branch', id, SHAPES.Branch);
  /** The live branch with this exact name (a deleted one only if no live one exists). */
  const findByName = async (name: string): Promise<Branch | undefined> => {
    const found = await queryAll<Branch>(transport, 'Branch', equals('name', name), SHAPES.Branch);
    const exact = found.filter((branch) => branch.name === name);
    return exact.find((branch) => branch.deleted !== true) ?? exact[0];
  };
  let mainId: Promise<string> | undefined;
  const lookUpMainId = async (): Promise<string> => {
    const main = await findByName('main');
    if (!main || main.deleted === true) throw new Error('The main branch was not found in the Boomi account');
    return main.id;
  };
  return {
    create: (input: BranchCreateInput) => post<Branch>(transport, '/Branch', input, SHAPES.Branch),
    get,
    findByName,
    /**
     * The id of the account's main branch, looked up by name once per client: main can be neither
     * renamed nor deleted, so its id never changes. A failed look-up is not remembered.
     */
    mainBranchId(): Promise<string> {
      mainId ??= lookUpMainId().catch((error: unknown) => {
        mainId = undefined;
        throw error;
      });
      return mainId;
    },
    /** The account's live branches (main included; deleted or deleting ones not): spec §10's count. */
    async countLive(): Promise<number> {
      const all = await queryAll<Branch>(transport, 'Branch', everything(), SHAPES.Branch);
      return all.filter((branch) => branch.deleted !== true && branch.stage !== 'DELETING').length;
    },
    /** 200, 404 and Boomi's "not found" 400 all mean the branch is gone (spec step 8.6). */
    delete: (id: string) => deleteById(transport, 'Branch', id),
    /**
     * Polls until the branch is ready (stage NORMAL) or is being deleted; returns the last
     * Branch read, so the caller checks `ready`.
     */
    waitUntilReady(id: string, policy?: Partial<PollPolicy>): Promise<Branch> {
      return pollUntil({
        what: 'Branch',
        id,
        policy: pollPolicy(DEFAULT_POLL_POLICIES.branchReady, policy),
        time,
        check: async () => {
          const branch = await get(id);
          const finished = branch.ready === true || branch.deleted === true || branch.stage === 'DELETING';
          return finished ? { done: true, value: branch } : { done: false, state: branch.stage };
        },
      });
    },
  };
}

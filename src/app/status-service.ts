/** The account's status (spec §10): its branch count against the seed's limits, cached. */
import type { BranchCounter } from './branch-count.ts';
import type { StatusService } from './contract.ts';

export function createStatusService(branches: BranchCounter): StatusService {
  return {
    read: async () => ({ branches: await branches.read() }),
  };
}

/** The account's status (spec §10): its branch count against the seed's limits, cached. */
import { PromoError } from '../domain/errors.ts';
import { errorMessageOf } from '../workflow/failures.ts';
import type { BranchCounter } from './branch-count.ts';
import type { StatusService } from './contract.ts';

export function createStatusService(branches: BranchCounter): StatusService {
  return {
    async read() {
      try {
        return { branches: await branches.read() };
      } catch (error) {
        throw new PromoError(
          'SERVICE_UNAVAILABLE',
          `The account's branches could not be read from Boomi: ${errorMessageOf(error)}`,
        );
      }
    },
  };
}

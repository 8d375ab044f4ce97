/**
 * The admin's on-demand rebuild of one environment's ExtensionAccessMapping cache (spec §6): the
 * same body as the run's step 8.3, without a deployed process (each component keeps the owner
 * its cached row names).
 */
import { withBoomiLane } from '../boomi/index.ts';
import type { Caller } from '../domain/caller.ts';
import { PromoError } from '../domain/errors.ts';
import type { StepDeps } from '../workflow/deps.ts';
import { failingWith } from '../workflow/failures.ts';
import { refreshEnvironmentCache } from '../workflow/steps/cache-refresh.ts';
import type { CacheRefreshResult, CacheService } from './contract.ts';

export function createCacheService(deps: Pick<StepDeps, 'boomi' | 'repos'>): CacheService {
  return {
    async refreshEnvironment(environmentId: string, caller: Caller): Promise<CacheRefreshResult> {
      if (!caller.roles.includes('admin')) {
        throw new PromoError('FORBIDDEN', 'Refreshing the extension-access cache requires the admin role');
      }
      const notFound = () =>
        new PromoError('NOT_FOUND', `Environment ${environmentId} not found in the Boomi account`);
      // An admin's rebuild is background work: runs' calls go first.
      return withBoomiLane('background', () =>
        failingWith(
          'SERVICE_UNAVAILABLE',
          'Extension-access cache refresh failed',
          async () => {
            // Only an environment of this account reaches EnvironmentExtensions (a path id is input).
            if ((await deps.boomi.environments.find(environmentId)) === null) throw notFound();
            return refreshEnvironmentCache(deps, {
              environmentId,
              ownerProcess: null,
              updatedBy: caller.email,
            });
          },
          { notFound },
        ),
      );
    },
  };
}

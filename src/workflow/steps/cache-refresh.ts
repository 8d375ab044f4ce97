/** Seed step 8.3 inside a run: refresh the cache of one environment the run deployed to. */
import type { CacheRefreshResult } from '../../http/services.ts';
import { refreshEnvironmentCache } from '../cache-refresh.ts';
import { workflowDeps } from '../context.ts';

export function refreshCacheAfterDeploy(
  environmentId: string,
  ownerProcess: { id: string; name: string },
  updatedBy: string,
): Promise<CacheRefreshResult> {
  return refreshEnvironmentCache(workflowDeps(), { environmentId, ownerProcess, updatedBy });
}

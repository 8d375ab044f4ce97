/**
 * The ExtensionAccessMapping cache refresh of one environment (spec §6, seed step 8.3): read
 * its EnvironmentExtensions, look up the mappings and active access of every extension component
 * in batch queries, build the rows with the pure builder and make them the environment's cache.
 * A constant number of database queries per environment, however many components it holds.
 * Also the admin's on-demand rebuild (CacheService).
 */
import { isNotFound, withBoomiLane } from '../boomi/index.ts';
import { PromoError } from '../domain/errors.ts';
import { buildExtensionAccessRows, extensionComponentIds } from '../domain/extension-cache.ts';
import type { Caller } from '../http/auth/caller.ts';
import type { CacheRefreshResult, CacheService } from '../http/services.ts';
import type { WorkflowDeps } from './context.ts';
import { errorMessageOf } from './failures.ts';

export interface RefreshInput {
  environmentId: string;
  /**
   * The deployed root process owning the extensions (seed: "from deployment context"). Without
   * one (an admin rebuild), each component keeps the owner its cached row names.
   */
  ownerProcess: { id: string; name: string } | null;
  updatedBy: string;
}

export async function refreshEnvironmentCache(
  deps: Pick<WorkflowDeps, 'boomi' | 'repos'>,
  input: RefreshInput,
): Promise<CacheRefreshResult> {
  const { boomi, repos } = deps;
  const { environmentId } = input;
  const extensions = await boomi.environmentExtensions.get(environmentId);
  const ids = extensionComponentIds(extensions);
  const mappings = await repos.componentMappings.findByProdComponentIds(ids);
  const devAccountIds = [...new Set(mappings.map((mapping) => mapping.devAccountId))];
  const activeAccess = await repos.devAccountAccess.findActiveByDevAccountIds(devAccountIds);
  const previousOwners = input.ownerProcess === null ? await ownersOf(deps, environmentId) : null;

  const rows = buildExtensionAccessRows({
    environmentId,
    extensions,
    mappings,
    activeAccess,
    ownerProcess: input.ownerProcess ?? { id: '', name: '' },
    now: new Date().toISOString(),
    updatedBy: input.updatedBy,
  }).map((row) => {
    const owner = previousOwners?.get(row.prodComponentId);
    return owner ? { ...row, ownerProcessId: owner.id, ownerProcessName: owner.name } : row;
  });
  const { upserted, deleted } = await repos.extensionAccessMappings.replaceForEnvironment(
    environmentId,
    rows,
  );
  return { environmentId, extensionAccessMappingCount: rows.length, upserted, deleted };
}

async function ownersOf(deps: Pick<WorkflowDeps, 'repos'>, environmentId: string) {
  const rows = await deps.repos.extensionAccessMappings.listForEnvironment(environmentId);
  return new Map(
    rows.map((row) => [row.prodComponentId, { id: row.ownerProcessId, name: row.ownerProcessName }]),
  );
}

/** The admin-triggered rebuild of one environment. */
export function createCacheService(deps: Pick<WorkflowDeps, 'boomi' | 'repos'>): CacheService {
  return {
    async refreshEnvironment(environmentId: string, caller: Caller): Promise<CacheRefreshResult> {
      if (!caller.roles.includes('admin')) {
        throw new PromoError('FORBIDDEN', 'Refreshing the extension-access cache requires the admin role');
      }
      try {
        // An admin's rebuild is background work: runs' calls go first.
        return await withBoomiLane('background', () =>
          refreshEnvironmentCache(deps, { environmentId, ownerProcess: null, updatedBy: caller.email }),
        );
      } catch (error) {
        throw isNotFound(error)
          ? new PromoError('NOT_FOUND', `Environment ${environmentId} not found in the Boomi account`)
          : new PromoError(
              'SERVICE_UNAVAILABLE',
              `Extension-access cache refresh failed: ${errorMessageOf(error)}`,
            );
      }
    },
  };
}

/**
 * Seed step 8.3: the ExtensionAccessMapping cache refresh of one environment (spec §6): read its
 * EnvironmentExtensions, look up the mappings and active access of every extension component in
 * batch queries, build the rows with the pure builder and make them the environment's cache.
 * A constant number of database queries per environment, however many components it holds.
 * Also the body of the admin's on-demand rebuild (app/cache-service.ts).
 */
import {
  buildExtensionAccessRows,
  extensionComponentIds,
  type CacheRefreshResult,
} from '../../domain/extension-cache.ts';
import type { StepDeps } from '../deps.ts';

type CacheDeps = Pick<StepDeps, 'boomi' | 'repos'>;

export function cacheRefreshSteps(deps: CacheDeps) {
  return {
    /** 8.3 inside a run: refresh the cache of one environment the run deployed to. */
    refreshCacheAfterDeploy: (
      environmentId: string,
      ownerProcess: { id: string; name: string },
      updatedBy: string,
    ) => refreshEnvironmentCache(deps, { environmentId, ownerProcess, updatedBy }),
  };
}

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
  deps: CacheDeps,
  input: RefreshInput,
): Promise<CacheRefreshResult> {
  const { boomi, repos } = deps;
  const { environmentId } = input;
  const extensions = await boomi.environmentExtensions.get(environmentId);
  const ids = extensionComponentIds(extensions);
  const mappings = await repos.componentMappings.devAccountsOf(ids);
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

async function ownersOf(deps: Pick<CacheDeps, 'repos'>, environmentId: string) {
  const rows = await deps.repos.extensionAccessMappings.listForEnvironment(environmentId);
  return new Map(
    rows.map((row) => [row.prodComponentId, { id: row.ownerProcessId, name: row.ownerProcessName }]),
  );
}

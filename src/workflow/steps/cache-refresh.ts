/**
 * Seed step 8.3: the ExtensionAccessMapping cache refresh of one environment (spec §6): its
 * EnvironmentExtensions (inside a run, from one bulk read of every environment the run deployed
 * to; for an admin's rebuild, a GET), look up the mappings and active access of every extension component in
 * batch queries, build the rows with the pure builder and make them the environment's cache.
 * A constant number of database queries per environment, however many components it holds.
 * Also the body of the admin's on-demand rebuild (app/cache-service.ts).
 */
import {
  buildExtensionAccessRows,
  extensionComponentIds,
  type CacheRefreshResult,
} from '../../domain/extension-cache.ts';
import type { BulkItem, EnvironmentExtensions } from '../../boomi/index.ts';
import type { StepDeps } from '../deps.ts';

type CacheDeps = Pick<StepDeps, 'boomi' | 'repos'>;

/** The run's one read of the extensions of every environment it deployed to, by environment id. */
export type ExtensionsRead = () => Promise<Map<string, BulkItem<EnvironmentExtensions>>>;

export function cacheRefreshSteps(deps: CacheDeps) {
  return {
    /** 8.3: the extensions of every environment the run deployed to, in one bulk call. */
    readExtensions: (environmentIds: readonly string[]) =>
      deps.boomi.environmentExtensions.getMany(environmentIds),
    /** 8.3 inside a run: refresh the cache of one environment the run deployed to, from the run's read. */
    refreshCacheAfterDeploy: (
      input: { environmentId: string; ownerProcess: { id: string; name: string }; updatedBy: string },
      read: ExtensionsRead,
    ) =>
      refreshEnvironmentCache(deps, input, async () => {
        const answer = (await read()).get(input.environmentId);
        if (answer?.ok) return answer.value;
        throw new Error(
          `EnvironmentExtensions of environment ${input.environmentId} could not be read: ` +
            `${answer?.statusCode ?? 0} ${answer?.message ?? 'no answer'}`,
        );
      }),
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
  readExtensions = () => deps.boomi.environmentExtensions.get(input.environmentId),
): Promise<CacheRefreshResult> {
  const { repos } = deps;
  const { environmentId } = input;
  const extensions = await readExtensions();
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

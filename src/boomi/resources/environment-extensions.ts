/** EnvironmentExtensions: read for the extension-access cache refresh (spec step 8.3), one or many. */
import { SHAPES } from '../shapes.ts';
import type { Transport } from '../transport.ts';
import type { EnvironmentExtensions } from '../types.ts';
import { bulkGet, getById } from './common.ts';

export function environmentExtensionsApi(transport: Transport) {
  return {
    /** By environment id (or the synthesized id of a multi-install pack's extensions). */
    get: (environmentId: string) =>
      getById<EnvironmentExtensions>(
        transport,
        'EnvironmentExtensions',
        environmentId,
        SHAPES.EnvironmentExtensions,
      ),
    /** Several environments in one call (bulk GET, 100 per request): a run's targets after deploying. */
    getMany: (environmentIds: readonly string[]) =>
      bulkGet<EnvironmentExtensions>(
        transport,
        'EnvironmentExtensions',
        environmentIds,
        SHAPES.EnvironmentExtensions,
      ),
  };
}

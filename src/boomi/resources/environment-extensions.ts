/** EnvironmentExtensions: read for the extension-access cache refresh (spec step 8.3). */
import { SHAPES } from '../shapes.ts';
import type { Transport } from '../transport.ts';
import type { EnvironmentExtensions } from '../types.ts';
import { getById } from './common.ts';

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
  };
}

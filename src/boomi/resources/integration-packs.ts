/** IntegrationPack: read-only, the subscriber's view of packs shared with the account. */
import { SHAPES } from '../shapes.ts';
import type { Transport } from '../transport.ts';
import type { IntegrationPack } from '../types.ts';
import { getById } from './common.ts';

export function integrationPacksApi(transport: Transport) {
  return {
    get: (id: string) => getById<IntegrationPack>(transport, 'IntegrationPack', id, SHAPES.IntegrationPack),
  };
}

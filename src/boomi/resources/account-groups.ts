/** AccountGroup (read side) and AccountGroupIntegrationPack: sharing a pack with a group. */
import { equals, everything, queryAll } from '../query.ts';
import { SHAPES } from '../shapes.ts';
import type { Transport } from '../transport.ts';
import type { AccountGroup, AccountGroupIntegrationPack } from '../types.ts';
import { getById, post } from './common.ts';

export function accountGroupsApi(transport: Transport) {
  return {
    get: (id: string) => getById<AccountGroup>(transport, 'AccountGroup', id, SHAPES.AccountGroup),
    list: () => queryAll<AccountGroup>(transport, 'AccountGroup', everything(), SHAPES.AccountGroup),
  };
}

export function accountGroupIntegrationPacksApi(transport: Transport) {
  return {
    create: (input: { accountGroupId: string; integrationPackId: string }) =>
      post<AccountGroupIntegrationPack>(
        transport,
        '/AccountGroupIntegrationPack',
        input,
        SHAPES.AccountGroupIntegrationPack,
      ),
    /** Packs already shared with the group — the check before sharing one. */
    findByAccountGroup: (accountGroupId: string) =>
      queryAll<AccountGroupIntegrationPack>(
        transport,
        'AccountGroupIntegrationPack',
        equals('accountGroupId', accountGroupId),
        SHAPES.AccountGroupIntegrationPack,
      ),
  };
}

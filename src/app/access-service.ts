/**
 * Admin-managed access data (spec §6, §7): ComponentMapping and DevAccountAccess bulk upserts,
 * and the ExtensionAccessMapping cache as read back.
 */
import { PromoError } from '../domain/errors.ts';
import type { ComponentMappingsRepository } from '../store/repositories/component-mappings.ts';
import type { DevAccountAccessRepository } from '../store/repositories/dev-account-access.ts';
import type { ExtensionAccessMappingsRepository } from '../store/repositories/extension-access-mappings.ts';
import type { AccessService } from './contract.ts';

export interface AccessServiceDeps {
  componentMappings: ComponentMappingsRepository;
  devAccountAccess: DevAccountAccessRepository;
  extensionAccessMappings: ExtensionAccessMappingsRepository;
  /** The configured (primary) Boomi account id: mappings must name it. */
  accountId: string;
}

/** One statement cannot upsert the same key twice, and a caller sending it twice has a bug. */
export function refuseDuplicateKeys<T>(rows: readonly T[], keyOf: (row: T) => string, what: string): void {
  const seen = new Set<string>();
  for (const row of rows) {
    const key = keyOf(row);
    if (seen.has(key)) throw new PromoError('INVALID_REQUEST', `${what} ${key} appears more than once`);
    seen.add(key);
  }
}

export function createAccessService(deps: AccessServiceDeps): AccessService {
  return {
    upsertComponentMappings(mappings) {
      refuseDuplicateKeys(mappings, (m) => `${m.devAccountId}/${m.devComponentId}`, 'Mapping');
      const foreign = mappings.find((m) => m.prodAccountId !== deps.accountId);
      if (foreign) {
        throw new PromoError(
          'INVALID_REQUEST',
          `prodAccountId '${foreign.prodAccountId}' is not the configured account`,
        );
      }
      return deps.componentMappings.upsertMany(
        mappings.map((m) => ({ ...m, mappingSource: m.mappingSource ?? null })),
      );
    },
    upsertDevAccountAccess(entries) {
      refuseDuplicateKeys(entries, (e) => `${e.ssoGroupId}/${e.devAccountId}`, 'Access entry');
      return deps.devAccountAccess.upsertMany(
        entries.map((e) => ({ ...e, isActive: e.isActive === true || e.isActive === 'true' })),
      );
    },
    extensionAccess: (environmentId) => deps.extensionAccessMappings.listForEnvironment(environmentId),
  };
}

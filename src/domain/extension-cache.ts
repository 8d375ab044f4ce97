/**
 * The ExtensionAccessMapping cache builder (spec §6, seed step 8.3, design §4): from one
 * environment's EnvironmentExtensions, the ComponentMapping rows of its extension components
 * and the active DevAccountAccess rows of their dev accounts, one row per
 * (environmentId, prodComponentId) saying who may edit that extension.
 *
 * Rules:
 * - extension components come from connections, operations, process properties, trading
 *   partners and shared communications (in that order); a missing or null section is skipped,
 *   a section holding one object instead of an array counts as a one-element array, and
 *   elements without a string id are skipped;
 * - an id appearing more than once yields one row: the first occurrence gives its type and name,
 *   and it is a connection extension if any occurrence is a connection (connections are admin-only);
 * - shared = more than one ComponentMapping row for the id (even rows of the same dev account);
 * - authorizedSsoGroups = union of the active SSO groups of every mapped dev account, sorted, once each;
 * - no mapping: devAccountId/devAccountName "" (as the design writes them) and no groups (admin-only).
 *
 * Decisions where the docs are silent:
 * - devAccountId of a shared component is the smallest mapped devAccountId (code-unit order), so
 *   the row does not depend on the order the store returns mappings in.
 * - devAccountName: the mapping's name, else the access records' name for that account, else the id.
 * - `activeAccess` rows marked `isActive: false` are ignored, in case a caller passes all rows.
 * - Removing rows of components no longer in the environment is the store's replace-per-environment.
 */

export const EXTENSION_SECTIONS = [
  { section: 'connections', list: 'connection', type: 'connection', fallbackName: 'Unknown Connection' },
  { section: 'operations', list: 'operation', type: 'operation', fallbackName: 'Unknown Operation' },
  {
    section: 'processProperties',
    list: 'ProcessProperty',
    type: 'processProperty',
    fallbackName: 'Unknown Process Property',
  },
  {
    section: 'tradingPartners',
    list: 'tradingPartner',
    type: 'tradingPartner',
    fallbackName: 'Unknown Trading Partner',
  },
  {
    section: 'sharedCommunications',
    list: 'sharedCommunication',
    type: 'sharedCommunication',
    fallbackName: 'Unknown Shared Communication',
  },
] as const;

export type ExtensionComponentType = (typeof EXTENSION_SECTIONS)[number]['type'];

export interface CacheMapping {
  prodComponentId: string;
  devAccountId: string;
  devAccountName?: string | null;
}

export interface CacheAccess {
  devAccountId: string;
  ssoGroupId: string;
  devAccountName?: string | null;
  isActive?: boolean;
}

export interface ExtensionCacheInput {
  environmentId: string;
  /** EnvironmentExtensions JSON as Boomi returns it. */
  extensions: unknown;
  mappings: readonly CacheMapping[];
  activeAccess: readonly CacheAccess[];
  /** The deployed root process that owns these extensions. */
  ownerProcess: { id: string; name: string };
  now: string;
  updatedBy: string;
}

export interface ExtensionAccessRow {
  environmentId: string;
  prodComponentId: string;
  componentName: string;
  componentType: ExtensionComponentType;
  ownerProcessId: string;
  ownerProcessName: string;
  /** "" when no ComponentMapping names the component. */
  devAccountId: string;
  devAccountName: string;
  authorizedSsoGroups: string[];
  isConnectionExtension: boolean;
  isSharedComponent: boolean;
  lastUpdatedAt: string;
  lastUpdatedBy: string;
}

interface ExtensionComponent {
  id: string;
  name: string;
  type: ExtensionComponentType;
  isConnection: boolean;
}

/** Each extension component once, in section order then document order. */
export function extensionComponents(extensions: unknown): ExtensionComponent[] {
  const byId = new Map<string, ExtensionComponent>();
  for (const { section, list, type, fallbackName } of EXTENSION_SECTIONS) {
    for (const element of elementsOf(property(extensions, section), list)) {
      const id = property(element, 'id');
      if (typeof id !== 'string' || id === '') continue;
      const seen = byId.get(id);
      if (seen !== undefined) {
        seen.isConnection ||= type === 'connection';
        continue;
      }
      const name = property(element, 'name');
      byId.set(id, {
        id,
        name: typeof name === 'string' && name.trim() !== '' ? name : fallbackName,
        type,
        isConnection: type === 'connection',
      });
    }
  }
  return [...byId.values()];
}

/** The ids to look up in ComponentMapping (one batch query per environment). */
export function extensionComponentIds(extensions: unknown): string[] {
  return extensionComponents(extensions).map((component) => component.id);
}

export function buildExtensionAccessRows(input: ExtensionCacheInput): ExtensionAccessRow[] {
  const mappingsById = groupBy(input.mappings, (mapping) => mapping.prodComponentId);
  const active = input.activeAccess.filter((access) => access.isActive !== false);
  const groupsByAccount = groupBy(active, (access) => access.devAccountId);
  const accountNames = new Map<string, string>();
  for (const access of input.activeAccess) {
    if (access.devAccountName && !accountNames.has(access.devAccountId))
      accountNames.set(access.devAccountId, access.devAccountName);
  }

  // Most components share their few account sets: each set's groups are worked out once.
  const groupsOfAccounts = new Map<string, string[]>();
  const groupsOf = (accounts: string[]): string[] => {
    const key = accounts.join('\u0000');
    let groups = groupsOfAccounts.get(key);
    if (groups === undefined) {
      const all = accounts.flatMap((account) =>
        (groupsByAccount.get(account) ?? []).map((access) => access.ssoGroupId),
      );
      groups = [...new Set(all)].sort(byCodeUnits);
      groupsOfAccounts.set(key, groups);
    }
    return [...groups];
  };

  return extensionComponents(input.extensions).map((component) => {
    const mappings = mappingsById.get(component.id) ?? [];
    const accounts = [...new Set(mappings.map((mapping) => mapping.devAccountId))].sort(byCodeUnits);
    const owner = accounts[0] ?? null;
    const ownerMapping = mappings.find((mapping) => mapping.devAccountId === owner && mapping.devAccountName);
    return {
      environmentId: input.environmentId,
      prodComponentId: component.id,
      componentName: component.name,
      componentType: component.type,
      ownerProcessId: input.ownerProcess.id,
      ownerProcessName: input.ownerProcess.name,
      devAccountId: owner ?? '',
      devAccountName:
        owner === null ? '' : (ownerMapping?.devAccountName ?? accountNames.get(owner) ?? owner),
      authorizedSsoGroups: groupsOf(accounts),
      isConnectionExtension: component.isConnection,
      isSharedComponent: mappings.length > 1,
      lastUpdatedAt: input.now,
      lastUpdatedBy: input.updatedBy,
    };
  });
}

function property(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

/** `section[list]` as an array: a lone object counts as one element, anything else as none. */
function elementsOf(section: unknown, list: string): unknown[] {
  const elements = property(section, list);
  if (Array.isArray(elements)) return elements;
  return typeof elements === 'object' && elements !== null ? [elements] : [];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return groups;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What refreshing one environment's cache did. */
export interface CacheRefreshResult {
  environmentId: string;
  /** Rows the environment's cache holds after the refresh. */
  extensionAccessMappingCount: number;
  upserted: number;
  deleted: number;
}

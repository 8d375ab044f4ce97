// Seeding (control API `POST /__sandbox/seed`, and the demo world): accounts with users, then per
// account environments, account groups, branches, components with revisions per branch, packages,
// deployments, integration packs and extension values. Packages and deployments go through the same
// rules as the Boomi API, so a seed cannot build a world the API could not.
import type { AsyncDurations } from './clock/async-stages.ts';
import { mergeDurations } from './clock/async-stages.ts';
import type { AccountFeatures, ComponentRecord, ComponentType, ExtensibleField } from './model.ts';
import { deployPackage } from './objects/deployed-package.ts';
import { createPackage } from './objects/packaged-component.ts';
import type { AccountState, SandboxState } from './state.ts';

export class SeedError extends Error {}

export interface SeedUser {
  email: string;
  apiToken: string;
  password?: string;
  readOnly?: boolean;
}
export interface SeedAccount {
  id: string;
  name?: string;
  parentId?: string;
  features?: Partial<AccountFeatures>;
  branchLimit?: number;
  /** n of the main branch id `B:<n>` (default 1). */
  firstBranchNumber?: number;
  users?: SeedUser[];
}
interface Owned {
  /** Defaults to the first account of this seed (or the only account loaded). */
  accountId?: string;
}
export interface SeedEnvironment extends Owned {
  id?: string;
  name: string;
  classification?: 'PROD' | 'TEST';
}
export interface SeedAccountGroup extends Owned {
  id?: string;
  name: string;
  defaultGroup?: boolean;
  memberAccountIds?: string[];
}
export interface SeedBranch extends Owned {
  id?: string;
  name: string;
  /** Parent branch name (default main). */
  parent?: string;
  /** false leaves it CREATING (it then becomes ready after the configured delay). */
  ready?: boolean;
}
export interface SeedRevision {
  /** Branch name (default main). */
  branch?: string;
  name?: string;
  description?: string;
  deleted?: boolean;
}
export interface SeedComponent extends Owned {
  id?: string;
  name: string;
  type: ComponentType;
  folderName?: string;
  dependencies?: string[];
  extensibleFields?: ExtensibleField[];
  locked?: boolean;
  /** In order; default one revision on main. */
  revisions?: SeedRevision[];
}
export interface SeedPackage extends Owned {
  id?: string;
  componentId: string;
  packageVersion?: string;
  shareable?: boolean;
  notes?: string;
  branchName?: string;
  componentVersion?: number;
}
export interface SeedDeployment extends Owned {
  id?: string;
  environmentId: string;
  packageId: string;
  notes?: string;
}
export interface SeedIntegrationPack extends Owned {
  id?: string;
  name: string;
  Description?: string;
  installationType?: 'SINGLE' | 'MULTI';
  /** Released (current) versions per component. */
  components?: { componentId: string; currentVersion?: string }[];
  sharedWithAccountGroupIds?: string[];
}
export interface SeedExtensions extends Owned {
  environmentId: string;
  /** Extensible components to show even when no deployed process references them. */
  components?: string[];
  values?: { componentId: string; fieldId: string; value?: string; useDefault?: boolean }[];
  dynamicProperties?: Record<string, string>;
}
export interface SeedInput {
  accounts?: SeedAccount[];
  environments?: SeedEnvironment[];
  accountGroups?: SeedAccountGroup[];
  branches?: SeedBranch[];
  components?: SeedComponent[];
  packages?: SeedPackage[];
  deployments?: SeedDeployment[];
  integrationPacks?: SeedIntegrationPack[];
  extensions?: SeedExtensions[];
  asyncDurations?: Partial<AsyncDurations>;
}

function ownerOf(state: SandboxState, input: SeedInput, item: Owned): AccountState {
  const id =
    item.accountId ??
    input.accounts?.[0]?.id ??
    (state.accounts.size === 1 ? [...state.accounts.keys()][0] : undefined);
  const account = id ? state.accounts.get(id) : undefined;
  if (!account) throw new SeedError(`accountId ${id ?? '(missing)'} names no seeded account`);
  return account;
}

function seedUserEmail(state: SandboxState, account: AccountState): string {
  for (const u of state.users.values()) if (u.accountIds.has(account.id)) return u.email;
  return 'seed@sandbox.local';
}

function seedComponent(state: SandboxState, account: AccountState, c: SeedComponent): ComponentRecord {
  const id = c.id ?? state.ids.guid(`component/${c.name}`);
  const folderName = c.folderName ?? 'Promoted';
  const component: ComponentRecord = {
    componentId: id,
    type: c.type,
    folderName,
    folderId: Buffer.from(`F:${folderName}`).toString('base64url'),
    folderFullPath: `${account.name}/${folderName}`,
    dependencies: c.dependencies ?? [],
    revisions: [],
  };
  if (c.extensibleFields) component.extensibleFields = c.extensibleFields;
  if (c.locked) component.locked = true;
  const user = seedUserEmail(state, account);
  const perBranch = new Map<string, number>();
  for (const r of c.revisions ?? [{}]) {
    const branch = account.branchByName(r.branch ?? 'main');
    if (!branch) throw new SeedError(`component ${c.name}: branch ${r.branch ?? 'main'} not found`);
    // Seeded revisions date from their branch's creation, so every child branch sees main's.
    const offset = perBranch.get(branch.id) ?? 0;
    perBranch.set(branch.id, offset + 1);
    component.revisions.push({
      version: component.revisions.length + 1,
      branchId: branch.id,
      name: r.name ?? c.name,
      description: r.description ?? '',
      deleted: r.deleted ?? false,
      createdBy: user,
      createdMs: branch.createdMs + offset,
    });
  }
  account.components.set(id, component);
  return component;
}

function wrap<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof SeedError) throw error;
    throw new SeedError(`${what}: ${(error as Error).message}`);
  }
}

/** Applies a seed on top of the current state; throws SeedError naming the offending item. */
export function applySeed(state: SandboxState, input: SeedInput): void {
  for (const a of input.accounts ?? []) {
    if (state.accounts.has(a.id)) throw new SeedError(`account ${a.id} already exists`);
    const init: Parameters<SandboxState['addAccount']>[0] = { id: a.id };
    if (a.name) init.name = a.name;
    if (a.parentId) init.parentId = a.parentId;
    if (a.features) init.features = a.features;
    if (a.branchLimit) init.branchLimit = a.branchLimit;
    if (a.firstBranchNumber) init.firstBranchNumber = a.firstBranchNumber;
    state.addAccount(init);
    for (const u of a.users ?? []) {
      const user = {
        email: u.email,
        apiToken: u.apiToken,
        readOnly: u.readOnly ?? false,
        accountIds: [a.id],
      };
      state.addUser(u.password ? { ...user, password: u.password } : user);
    }
  }
  const nowMs = state.nowMs();
  for (const e of input.environments ?? []) {
    const account = ownerOf(state, input, e);
    const id = e.id ?? state.ids.guid(`environment/${e.name}`);
    account.environments.set(id, { id, name: e.name, classification: e.classification ?? 'PROD' });
  }
  for (const g of input.accountGroups ?? []) {
    const account = ownerOf(state, input, g);
    const id = g.id ?? state.ids.guid(`account-group/${g.name}`);
    account.accountGroups.set(id, {
      id,
      name: g.name,
      defaultGroup: g.defaultGroup ?? false,
      autoSubscribeAlertLevel: 'none',
      memberAccountIds: new Set(g.memberAccountIds ?? []),
    });
  }
  for (const b of input.branches ?? []) {
    const account = ownerOf(state, input, b);
    if (account.branchByName(b.name)) throw new SeedError(`branch ${b.name} already exists`);
    const parent = account.branchByName(b.parent ?? 'main');
    if (!parent) throw new SeedError(`branch ${b.name}: parent ${b.parent ?? 'main'} not found`);
    const id = b.id ?? account.nextBranchId();
    const ready = b.ready ?? true;
    account.branches.set(id, {
      id,
      name: b.name,
      parentId: parent.id,
      createdBy: seedUserEmail(state, account),
      createdMs: nowMs,
      stage: ready ? 'NORMAL' : 'CREATING',
      deleted: false,
      ...(ready ? {} : { pending: { dueMs: nowMs + state.durations.branchReadyMs, readsLeft: 0 } }),
    });
  }
  for (const c of input.components ?? []) seedComponent(state, ownerOf(state, input, c), c);
  for (const p of input.packages ?? []) {
    const account = ownerOf(state, input, p);
    const user = state.users.get(seedUserEmail(state, account)) ?? {
      email: 'seed@sandbox.local',
      apiToken: '',
      accountIds: new Set<string>(),
      readOnly: false,
    };
    wrap(`package of ${p.componentId}`, () =>
      createPackage(
        account,
        user,
        nowMs,
        () => p.id ?? state.ids.guid(`package/${p.componentId}/${p.packageVersion}`),
        {
          componentId: p.componentId,
          ...(p.packageVersion !== undefined ? { packageVersion: p.packageVersion } : {}),
          ...(p.shareable !== undefined ? { shareable: p.shareable } : {}),
          ...(p.notes !== undefined ? { notes: p.notes } : {}),
          ...(p.branchName !== undefined ? { branchName: p.branchName } : {}),
          ...(p.componentVersion !== undefined ? { componentVersion: p.componentVersion } : {}),
        },
      ),
    );
  }
  for (const d of input.deployments ?? []) {
    const account = ownerOf(state, input, d);
    const email = seedUserEmail(state, account);
    wrap(`deployment of ${d.packageId}`, () =>
      deployPackage(
        account,
        email,
        nowMs,
        () => d.id ?? state.ids.guid(`deployment/${d.environmentId}/${d.packageId}`),
        {
          environmentId: d.environmentId,
          packageId: d.packageId,
          notes: d.notes ?? '',
        },
      ),
    );
  }
  for (const p of input.integrationPacks ?? []) seedPack(state, ownerOf(state, input, p), p);
  for (const x of input.extensions ?? []) seedExtensions(ownerOf(state, input, x), x);
  if (input.asyncDurations) {
    const rejected = mergeDurations(state.durations, input.asyncDurations as Record<string, unknown>);
    if (rejected.length > 0) throw new SeedError(`asyncDurations: invalid ${rejected.join(', ')}`);
  }
}

function seedPack(state: SandboxState, account: AccountState, p: SeedIntegrationPack): void {
  const id = p.id ?? state.ids.guid(`pack/${p.name}`);
  const components = new Map<string, { componentId: string; currentVersion?: string; deleted: boolean }>();
  for (const c of p.components ?? []) {
    if (!account.components.has(c.componentId))
      throw new SeedError(`pack ${p.name}: unknown component ${c.componentId}`);
    components.set(c.componentId, {
      componentId: c.componentId,
      deleted: false,
      ...(c.currentVersion ? { currentVersion: c.currentVersion } : {}),
    });
  }
  account.publisherPacks.set(id, {
    id,
    name: p.name,
    description: p.Description ?? '',
    installationType: p.installationType ?? 'MULTI',
    components,
  });
  for (const groupId of p.sharedWithAccountGroupIds ?? []) {
    if (!account.accountGroups.has(groupId))
      throw new SeedError(`pack ${p.name}: unknown account group ${groupId}`);
    const shareId = state.ids.guid(`share/${groupId}/${id}`);
    account.accountGroupPacks.set(shareId, { id: shareId, accountGroupId: groupId, integrationPackId: id });
  }
}

function seedExtensions(account: AccountState, x: SeedExtensions): void {
  if (!account.environments.has(x.environmentId))
    throw new SeedError(`extensions: unknown environment ${x.environmentId}`);
  const values = account.extensionsFor(x.environmentId);
  for (const id of x.components ?? []) values.pinned.add(id);
  for (const v of x.values ?? []) {
    const fields = values.overrides.get(v.componentId) ?? new Map();
    fields.set(v.fieldId, v.useDefault ? { useDefault: true } : { useDefault: false, value: v.value ?? '' });
    values.overrides.set(v.componentId, fields);
  }
  for (const [name, value] of Object.entries(x.dynamicProperties ?? {}))
    values.dynamicProperties.set(name, value);
}

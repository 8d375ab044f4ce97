// The sandbox's in-memory world: accounts (each with its Boomi objects), users, the clock and the
// async durations. Object modules read and change it; the control API seeds and resets it.
import { DEFAULT_ASYNC_DURATIONS, type AsyncDurations } from './clock/async-stages.ts';
import { SandboxClock } from './clock/clock.ts';
import { branchIdFor, mergeRequestIdFor, randomIds, type IdSource } from './ids.ts';
import type {
  AccountFeatures,
  AccountGroupPackRecord,
  AccountGroupRecord,
  BranchRecord,
  ComponentRecord,
  ComponentRevision,
  DeploymentRecord,
  EnvironmentRecord,
  ExtensionValues,
  MergeRequestRecord,
  PackageRecord,
  PublisherPackRecord,
  ReleaseRecord,
  SandboxUser,
} from './model.ts';
import { QueryTokenStore } from './query-paging.ts';

export const DEFAULT_BRANCH_LIMIT = 20;

export interface AccountInit {
  id: string;
  name?: string;
  parentId?: string;
  features?: Partial<AccountFeatures>;
  branchLimit?: number;
  /** Number in the main branch's id `B:<n>`; later branches count up from it. */
  firstBranchNumber?: number;
}

export class AccountState {
  readonly id: string;
  name: string;
  parentId: string | undefined;
  features: AccountFeatures;
  branchLimit: number;
  readonly mainBranchId: string;

  readonly branches = new Map<string, BranchRecord>();
  readonly components = new Map<string, ComponentRecord>();
  readonly packages = new Map<string, PackageRecord>();
  readonly deployments = new Map<string, DeploymentRecord>();
  readonly environments = new Map<string, EnvironmentRecord>();
  readonly extensions = new Map<string, ExtensionValues>();
  readonly accountGroups = new Map<string, AccountGroupRecord>();
  readonly accountGroupPacks = new Map<string, AccountGroupPackRecord>();
  readonly publisherPacks = new Map<string, PublisherPackRecord>();
  readonly releases = new Map<string, ReleaseRecord>();
  readonly mergeRequests = new Map<string, MergeRequestRecord>();
  readonly queryTokens = new QueryTokenStore();

  private branchSeq: number;
  private mergeSeq = 100;

  constructor(init: AccountInit, nowMs: number) {
    this.id = init.id;
    this.name = init.name ?? init.id;
    this.parentId = init.parentId;
    this.features = {
      branchAndMerge: true,
      publisherIntegrationPack: true,
      multiInstall: true,
      ...init.features,
    };
    this.branchLimit = init.branchLimit ?? DEFAULT_BRANCH_LIMIT;
    this.branchSeq = init.firstBranchNumber ?? 1;
    this.mainBranchId = branchIdFor(this.branchSeq);
    this.branches.set(this.mainBranchId, {
      id: this.mainBranchId,
      name: 'main',
      description: 'main branch',
      createdBy: 'system@boomi.com',
      createdMs: nowMs,
      stage: 'NORMAL',
      deleted: false,
    });
  }

  nextBranchId(): string {
    this.branchSeq += 1;
    return branchIdFor(this.branchSeq);
  }

  nextMergeRequestId(): string {
    this.mergeSeq += 1;
    return mergeRequestIdFor(this.mergeSeq);
  }

  /** Branches that exist (not deleted, not being deleted), in creation order. */
  liveBranches(): BranchRecord[] {
    return [...this.branches.values()].filter((b) => !b.deleted);
  }

  branchByName(name: string): BranchRecord | undefined {
    return this.liveBranches().find((b) => b.name === name);
  }

  /**
   * The revision of a component a branch sees: its own newest revision, else what its parent saw
   * when the branch was created (branches copy components virtually, reference §10).
   */
  visibleRevision(componentId: string, branchId: string, cutoffMs = Infinity): ComponentRevision | undefined {
    const component = this.components.get(componentId);
    const branch = this.branches.get(branchId);
    if (!component || !branch) return undefined;
    let own: ComponentRevision | undefined;
    for (const r of component.revisions) {
      if (r.branchId === branchId && r.createdMs <= cutoffMs && (!own || r.version > own.version)) own = r;
    }
    if (own) return own;
    if (!branch.parentId) return undefined;
    return this.visibleRevision(componentId, branch.parentId, Math.min(cutoffMs, branch.createdMs));
  }

  /** The component's name as main sees it (falling back to its newest revision anywhere). */
  componentName(componentId: string): string {
    const onMain = this.visibleRevision(componentId, this.mainBranchId);
    if (onMain) return onMain.name;
    const revisions = this.components.get(componentId)?.revisions ?? [];
    return revisions[revisions.length - 1]?.name ?? componentId;
  }

  extensionsFor(environmentId: string): ExtensionValues {
    let values = this.extensions.get(environmentId);
    if (!values) {
      values = { overrides: new Map(), pinned: new Set(), dynamicProperties: new Map() };
      this.extensions.set(environmentId, values);
    }
    return values;
  }
}

export class SandboxState {
  readonly accounts = new Map<string, AccountState>();
  /** By lower-cased e-mail. */
  readonly users = new Map<string, SandboxUser>();
  readonly clock = new SandboxClock();
  durations: AsyncDurations;
  /** Random normally; name-derived while the demo world is being built. */
  ids: IdSource = randomIds;

  constructor(private readonly initialDurations: Partial<AsyncDurations> = {}) {
    this.durations = { ...DEFAULT_ASYNC_DURATIONS, ...initialDurations };
  }

  /** Forgets every account, user and setting (the control API then reloads the demo world if enabled). */
  reset(): void {
    this.accounts.clear();
    this.users.clear();
    this.clock.reset();
    this.durations = { ...DEFAULT_ASYNC_DURATIONS, ...this.initialDurations };
    this.ids = randomIds;
  }

  nowMs(): number {
    return this.clock.nowMs();
  }

  addAccount(init: AccountInit): AccountState {
    const account = new AccountState(init, this.nowMs());
    this.accounts.set(account.id, account);
    return account;
  }

  addUser(user: Omit<SandboxUser, 'accountIds'> & { accountIds: Iterable<string> }): SandboxUser {
    const key = user.email.toLowerCase();
    const existing = this.users.get(key);
    const record: SandboxUser = {
      ...user,
      accountIds: new Set([...(existing?.accountIds ?? []), ...user.accountIds]),
    };
    this.users.set(key, record);
    return record;
  }

  /** True when `childId` is `ancestorId` or sits below it in the account hierarchy. */
  isWithin(childId: string, ancestorId: string): boolean {
    let current = this.accounts.get(childId);
    const seen = new Set<string>();
    while (current && !seen.has(current.id)) {
      if (current.id === ancestorId) return true;
      seen.add(current.id);
      current = current.parentId ? this.accounts.get(current.parentId) : undefined;
    }
    return false;
  }
}

// PackagedComponent (reference §6): immutable once created, packageVersion unique per component
// (soft-deleted ones included), auto version `<revision>.0`, shareable only for processes and API
// services, soft DELETE refused while deployed or held by an integration pack, restore via create.
import { boomiTime } from '../clock/clock.ts';
import { BoomiError, check, messages } from '../errors.ts';
import { optionalBoolean, optionalInteger, optionalString, requiredString } from '../fields.ts';
import type { ComponentType, PackageRecord, SandboxUser } from '../model.ts';
import { bodyObject, param, type BoomiRoute, type RequestContext } from '../routing.ts';
import type { AccountState } from '../state.ts';
import { readyBranch } from './branch.ts';
import { findOr400, queryRoutes, type Json, type Queryable } from './queryable.ts';

const PACKAGEABLE: readonly ComponentType[] = [
  'certificate',
  'customlibrary',
  'flowservice',
  'process',
  'processroute',
  'tpgroup',
  'webservice',
];
const SHAREABLE: readonly ComponentType[] = ['process', 'webservice'];

function render(p: PackageRecord): Json {
  return {
    '@type': 'PackagedComponent',
    packageId: p.packageId,
    packageVersion: p.packageVersion,
    componentId: p.componentId,
    componentVersion: p.componentVersion,
    componentType: p.componentType,
    createdDate: boomiTime(p.createdMs),
    createdBy: p.createdBy,
    notes: p.notes,
    shareable: p.shareable,
    deleted: p.deleted,
    branchName: p.branchName,
    fullyPubliclyConsumable: false,
  };
}

export const packagedComponents: Queryable<PackageRecord> = {
  object: 'PackagedComponent',
  properties: [
    'packageId',
    'componentId',
    'componentType',
    'componentVersion',
    'packageVersion',
    'notes',
    'shareable',
    'deleted',
    'branchName',
    'createdBy',
    'createdDate',
  ],
  list: (ctx) => [...ctx.account.packages.values()],
  find: (ctx, id) => ctx.account.packages.get(id),
  idOf: (p) => p.packageId,
  property: (p, name) => (name === 'createdDate' ? boomiTime(p.createdMs) : (render(p)[name] as string)),
  render,
};

/** Newest shareable, non-deleted package of a component (the pack's `latestVersion`). */
export function latestShareablePackage(
  account: AccountState,
  componentId: string,
): PackageRecord | undefined {
  let latest: PackageRecord | undefined;
  for (const p of account.packages.values()) {
    if (p.componentId === componentId && p.shareable && !p.deleted) latest = p;
  }
  return latest;
}

export interface PackageInput {
  componentId: string;
  packageVersion?: string;
  notes?: string;
  shareable?: boolean;
  branchName?: string;
  componentVersion?: number;
}

function versionTaken(account: AccountState, componentId: string, version: string): boolean {
  return [...account.packages.values()].some(
    (p) => p.componentId === componentId && p.packageVersion === version,
  );
}

/** Creates a package after Boomi's checks (also used by DeployedPackage-by-componentId). */
export function createPackage(
  account: AccountState,
  user: SandboxUser,
  nowMs: number,
  newId: () => string,
  input: PackageInput,
): PackageRecord {
  const component = account.components.get(input.componentId);
  if (!component) throw new BoomiError(400, messages.notFound('Component', input.componentId));
  const branchName = input.branchName ?? 'main';
  const branch = account.branchByName(branchName);
  if (!branch) throw new BoomiError(400, messages.notFound('Branch', branchName));
  readyBranch(account, branch.id);
  let componentVersion = input.componentVersion;
  if (componentVersion === undefined) {
    const revision = account.visibleRevision(component.componentId, branch.id);
    check(revision && !revision.deleted, messages.componentNotOnBranch(component.componentId, branchName));
    componentVersion = revision.version;
  } else {
    const wanted = componentVersion;
    check(
      component.revisions.some((r) => r.version === wanted),
      messages.componentVersionUnknown(component.componentId, wanted),
    );
  }
  check(PACKAGEABLE.includes(component.type), messages.notPackageable(component.type));
  const shareable = input.shareable ?? false;
  check(!shareable || SHAREABLE.includes(component.type), messages.notShareable(component.type));
  let packageVersion = input.packageVersion;
  if (packageVersion !== undefined) {
    check(
      !versionTaken(account, component.componentId, packageVersion),
      messages.duplicatePackageVersion(packageVersion, component.componentId),
    );
  } else {
    // Boomi derives the label from the revision number; bump the minor part if it is taken.
    let minor = 0;
    do packageVersion = `${componentVersion}.${minor++}`;
    while (versionTaken(account, component.componentId, packageVersion));
  }
  const pkg: PackageRecord = {
    packageId: newId(),
    packageVersion,
    componentId: component.componentId,
    componentVersion,
    componentType: component.type,
    branchName,
    notes: input.notes ?? '',
    shareable,
    deleted: false,
    createdBy: user.email,
    createdMs: nowMs,
  };
  account.packages.set(pkg.packageId, pkg);
  return pkg;
}

function restore(ctx: RequestContext, packageId: string, body: Record<string, unknown>): PackageRecord {
  const pkg = ctx.account.packages.get(packageId);
  const componentId = optionalString(body, 'componentId', 'PackagedComponent');
  const version = optionalString(body, 'packageVersion', 'PackagedComponent');
  check(
    pkg && pkg.deleted && pkg.componentId === componentId && pkg.packageVersion === version,
    messages.badRestore(packageId),
  );
  pkg.deleted = false;
  return pkg;
}

function create(ctx: RequestContext): PackageRecord {
  const body = bodyObject(ctx);
  const packageId = optionalString(body, 'packageId', 'PackagedComponent');
  if (packageId) return restore(ctx, packageId, body);
  const input: PackageInput = { componentId: requiredString(body, 'componentId', 'PackagedComponent') };
  const packageVersion = optionalString(body, 'packageVersion', 'PackagedComponent');
  if (packageVersion !== undefined && packageVersion.trim() !== '') input.packageVersion = packageVersion;
  const notes = optionalString(body, 'notes', 'PackagedComponent');
  if (notes !== undefined) input.notes = notes;
  const shareable = optionalBoolean(body, 'shareable', 'PackagedComponent');
  if (shareable !== undefined) input.shareable = shareable;
  const branchName = optionalString(body, 'branchName', 'PackagedComponent');
  if (branchName) input.branchName = branchName;
  const componentVersion = optionalInteger(body, 'componentVersion', 'PackagedComponent');
  if (componentVersion !== undefined) input.componentVersion = componentVersion;
  return createPackage(
    ctx.account,
    ctx.user,
    ctx.nowMs,
    () => ctx.state.ids.guid(`package/${input.componentId}/${input.packageVersion ?? ''}`),
    input,
  );
}

/** Why a package cannot be deleted now, or undefined. */
function usage(account: AccountState, pkg: PackageRecord): string | undefined {
  for (const d of account.deployments.values()) {
    if (d.packageId === pkg.packageId && d.active) return `deployed to environment ${d.environmentId}`;
  }
  for (const pack of account.publisherPacks.values()) {
    const c = pack.components.get(pkg.componentId);
    if (c && (c.currentVersion === pkg.packageVersion || c.pendingVersion === pkg.packageVersion)) {
      return `in integration pack ${pack.id}`;
    }
  }
  return undefined;
}

export const packagedComponentRoutes: BoomiRoute[] = [
  { method: 'POST', path: '/PackagedComponent', handler: (ctx) => ({ body: render(create(ctx)) }) },
  {
    method: 'GET',
    path: '/PackagedComponent/{id}',
    read: true,
    handler: (ctx) => ({ body: render(findOr400(packagedComponents, ctx, param(ctx, 'id'))) }),
  },
  {
    method: 'DELETE',
    path: '/PackagedComponent/{id}',
    handler: (ctx) => {
      const pkg = findOr400(packagedComponents, ctx, param(ctx, 'id'));
      check(!pkg.deleted, messages.packageDeleted(pkg.packageId));
      const inUse = usage(ctx.account, pkg);
      check(inUse === undefined, messages.packageInUse(pkg.packageId, inUse ?? ''));
      pkg.deleted = true;
      return {};
    },
  },
  ...queryRoutes(packagedComponents),
];

// Branch (reference §10): unique names, a per-account limit, CREATING → NORMAL after a while,
// rename only, `main` immutable, DELETE passes through DELETING and then the branch is gone.
import { boomiTime } from '../clock/clock.ts';
import { isStepDone, notePoll, startStep } from '../clock/async-stages.ts';
import { BoomiError, check, messages } from '../errors.ts';
import { optionalString, requiredString } from '../fields.ts';
import type { BranchRecord } from '../model.ts';
import { bodyObject, param, type BoomiRoute, type RequestContext } from '../routing.ts';
import type { AccountState } from '../state.ts';
import { findOr400, queryRoutes, type Json, type Queryable } from './queryable.ts';

function render(b: BranchRecord): Json {
  const out: Json = { '@type': 'Branch', id: b.id, name: b.name };
  if (b.description !== undefined) out.description = b.description;
  if (b.parentId) out.parentId = b.parentId;
  if (b.packageId) out.packageId = b.packageId;
  if (b.deploymentId) out.deploymentId = b.deploymentId;
  out.createdBy = b.createdBy;
  out.createdDate = boomiTime(b.createdMs);
  if (b.modifiedBy) out.modifiedBy = b.modifiedBy;
  if (b.modifiedMs !== undefined) out.modifiedDate = boomiTime(b.modifiedMs);
  out.ready = b.stage === 'NORMAL';
  out.deleted = b.deleted;
  out.stage = b.stage;
  return out;
}

export const branches: Queryable<BranchRecord> = {
  object: 'Branch',
  properties: [
    'id',
    'name',
    'parentId',
    'parentName',
    'createdBy',
    'createdDate',
    'modifiedBy',
    'modifiedDate',
  ],
  list: (ctx) => [...ctx.account.branches.values()],
  find: (ctx, id) => ctx.account.branches.get(id),
  idOf: (b) => b.id,
  property: (b, name, ctx) => {
    switch (name) {
      case 'parentName':
        return b.parentId ? ctx.account.branches.get(b.parentId)?.name : undefined;
      case 'createdDate':
        return boomiTime(b.createdMs);
      case 'modifiedDate':
        return b.modifiedMs === undefined ? undefined : boomiTime(b.modifiedMs);
      default:
        return (b as unknown as Record<string, string | undefined>)[name];
    }
  },
  render,
};

/** Finishes CREATING and DELETING stages whose time (and polls) are up. */
export function advanceBranches(account: AccountState, nowMs: number): void {
  for (const b of [...account.branches.values()]) {
    if (!b.pending || !isStepDone(b.pending, nowMs)) continue;
    b.pending = undefined;
    if (b.stage === 'CREATING') b.stage = 'NORMAL';
    else if (b.stage === 'DELETING') account.branches.delete(b.id);
  }
}

function requireFeature(ctx: RequestContext): void {
  check(ctx.account.features.branchAndMerge, messages.featureDisabled('Branch & Merge'), 403);
}

/** A branch that exists and has finished creating (merge requests and packages need one). */
export function readyBranch(account: AccountState, id: string): BranchRecord {
  const b = account.branches.get(id);
  if (!b || b.deleted) throw new BoomiError(400, messages.notFound('Branch', id));
  check(b.stage === 'NORMAL', messages.branchNotReady(id));
  return b;
}

function create(ctx: RequestContext): BranchRecord {
  requireFeature(ctx);
  const { account, user, nowMs, state } = ctx;
  const body = bodyObject(ctx);
  const name = requiredString(body, 'name', 'Branch');
  check(!account.branchByName(name), messages.duplicateBranchName(name));
  check(account.liveBranches().length < account.branchLimit, messages.branchLimit(account.branchLimit));
  const packageOrDeployment = optionalString(body, 'packageId', 'Branch');
  let parentId = optionalString(body, 'parentId', 'Branch');
  let packageId: string | undefined;
  let deploymentId: string | undefined;
  if (packageOrDeployment) {
    // A hotfix branch starts from a package, or from a deployment's package (reference §10).
    const deployment = account.deployments.get(packageOrDeployment);
    packageId = deployment?.packageId ?? packageOrDeployment;
    deploymentId = deployment?.deploymentId;
    const pkg = account.packages.get(packageId);
    if (!pkg) throw new BoomiError(400, messages.notFound('PackagedComponent', packageOrDeployment));
    parentId ??= account.branchByName(pkg.branchName)?.id ?? account.mainBranchId;
  }
  parentId ??= account.mainBranchId;
  readyBranch(account, parentId);
  const branch: BranchRecord = {
    id: account.nextBranchId(),
    name,
    parentId,
    createdBy: user.email,
    createdMs: nowMs,
    stage: 'CREATING',
    deleted: false,
    pending: startStep(nowMs, state.durations.branchReadyMs, state.durations.branchReadyPolls),
  };
  const description = optionalString(body, 'description', 'Branch');
  if (description !== undefined) branch.description = description;
  if (packageId) branch.packageId = packageId;
  if (deploymentId) branch.deploymentId = deploymentId;
  account.branches.set(branch.id, branch);
  return branch;
}

function liveBranch(ctx: RequestContext): BranchRecord {
  const b = findOr400(branches, ctx, param(ctx, 'id'));
  if (b.deleted) throw new BoomiError(400, messages.notFound('Branch', b.id));
  return b;
}

export const branchRoutes: BoomiRoute[] = [
  { method: 'POST', path: '/Branch', handler: (ctx) => ({ body: render(create(ctx)) }) },
  {
    method: 'GET',
    path: '/Branch/{id}',
    read: true,
    handler: (ctx) => {
      const b = findOr400(branches, ctx, param(ctx, 'id'));
      const body = render(b);
      notePoll(b.pending);
      return { body };
    },
  },
  {
    method: 'POST',
    path: '/Branch/{id}',
    handler: (ctx) => {
      requireFeature(ctx);
      const b = liveBranch(ctx);
      const name = requiredString(bodyObject(ctx), 'name', 'Branch');
      if (name !== b.name) {
        check(b.id !== ctx.account.mainBranchId, messages.mainBranchImmutable());
        check(!ctx.account.branchByName(name), messages.duplicateBranchName(name));
        b.name = name;
      }
      b.modifiedBy = ctx.user.email;
      b.modifiedMs = ctx.nowMs;
      return { body: render(b) };
    },
  },
  {
    method: 'DELETE',
    path: '/Branch/{id}',
    handler: (ctx) => {
      requireFeature(ctx);
      const b = liveBranch(ctx);
      check(b.id !== ctx.account.mainBranchId, messages.mainBranchImmutable());
      b.deleted = true;
      b.stage = 'DELETING';
      b.modifiedBy = ctx.user.email;
      b.modifiedMs = ctx.nowMs;
      b.pending = startStep(ctx.nowMs, ctx.state.durations.branchReadyMs, 0);
      return {};
    },
  },
  ...queryRoutes(branches),
];

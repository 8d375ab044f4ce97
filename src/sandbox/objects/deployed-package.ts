// DeployedPackage (reference §8): one active deployment per (environment, component); deploying a new
// package deactivates the previous one, re-deploying the active package is refused, `version` counts
// deployments per (environment, component), DELETE undeploys but keeps the record (active: false).
import { boomiTime } from '../clock/clock.ts';
import { BoomiError, check, messages } from '../errors.ts';
import { optionalString, requiredString } from '../fields.ts';
import type { DeploymentRecord, ListenerStatus, PackageRecord } from '../model.ts';
import { bodyObject, param, type BoomiRoute, type RequestContext } from '../routing.ts';
import type { AccountState } from '../state.ts';
import { createPackage } from './packaged-component.ts';
import { findOr400, queryRoutes, type Json, type Queryable } from './queryable.ts';

function packageOf(account: AccountState, d: DeploymentRecord): PackageRecord | undefined {
  return account.packages.get(d.packageId);
}

function render(d: DeploymentRecord, account: AccountState): Json {
  const pkg = packageOf(account, d);
  const out: Json = {
    '@type': 'DeployedPackage',
    deploymentId: d.deploymentId,
    version: d.version,
    packageId: d.packageId,
    packageVersion: pkg?.packageVersion ?? '',
    environmentId: d.environmentId,
    componentId: d.componentId,
    componentVersion: pkg?.componentVersion ?? 0,
    componentType: pkg?.componentType ?? '',
    deployedDate: boomiTime(d.deployedMs),
    deployedBy: d.deployedBy,
    notes: d.notes,
    active: d.active,
    branchName: pkg?.branchName ?? 'main',
    listenerStatus: d.listenerStatus,
  };
  return out;
}

export const deployedPackages: Queryable<DeploymentRecord> = {
  object: 'DeployedPackage',
  properties: [
    'uid',
    'notes',
    'current',
    'packageNotes',
    'active',
    'componentId',
    'componentVersion',
    'componentName',
    'componentType',
    'deployedBy',
    'deployedDate',
    'deploymentId',
    'environmentId',
    'environmentName',
    'packageId',
    'packageVersion',
    'version',
    'accountId',
    'branch',
  ],
  list: (ctx) => [...ctx.account.deployments.values()],
  find: (ctx, id) => ctx.account.deployments.get(id),
  idOf: (d) => d.deploymentId,
  property: (d, name, ctx) => {
    const { account } = ctx;
    switch (name) {
      case 'uid':
        return d.deploymentId;
      case 'current':
        return d.active;
      case 'packageNotes':
        return packageOf(account, d)?.notes;
      case 'componentName':
        return account.componentName(d.componentId);
      case 'environmentName':
        return account.environments.get(d.environmentId)?.name;
      case 'accountId':
        return account.id;
      case 'branch':
        return packageOf(account, d)?.branchName;
      default:
        return render(d, account)[name] as string | number | boolean | undefined;
    }
  },
  render: (d, ctx) => render(d, ctx.account),
};

export interface DeployInput {
  environmentId: string;
  packageId?: string;
  componentId?: string;
  notes: string;
  listenerStatus?: unknown;
}

/** Deploys after Boomi's checks (also used by seeding). */
export function deployPackage(
  account: AccountState,
  userEmail: string,
  nowMs: number,
  newId: () => string,
  input: DeployInput,
): DeploymentRecord {
  const { environmentId, packageId, componentId } = input;
  if (!account.environments.has(environmentId)) {
    throw new BoomiError(400, messages.notFound('Environment', environmentId));
  }
  check(Boolean(packageId) !== Boolean(componentId), messages.packageOrComponent());
  let pkg: PackageRecord | undefined;
  if (componentId) {
    // Deploying by component makes Boomi package it first (auto version).
    const user = { email: userEmail, apiToken: '', accountIds: new Set<string>(), readOnly: false };
    pkg = createPackage(account, user, nowMs, newId, { componentId });
  } else {
    pkg = account.packages.get(packageId ?? '');
    if (!pkg) throw new BoomiError(400, messages.notFound('PackagedComponent', packageId ?? ''));
  }
  check(!pkg.deleted, messages.packageDeleted(pkg.packageId));
  const deployed = pkg;
  const history = [...account.deployments.values()].filter(
    (d) => d.environmentId === environmentId && d.componentId === deployed.componentId,
  );
  const active = history.find((d) => d.active);
  check(active?.packageId !== pkg.packageId, messages.alreadyDeployed(pkg.packageId, environmentId));
  const requested = input.listenerStatus;
  // An omitted or invalid listener status leaves the current one unchanged (reference §8).
  const listenerStatus: ListenerStatus =
    requested === 'RUNNING' || requested === 'PAUSED' ? requested : (active?.listenerStatus ?? 'RUNNING');
  if (active) active.active = false;
  const deployment: DeploymentRecord = {
    deploymentId: newId(),
    environmentId,
    packageId: pkg.packageId,
    componentId: pkg.componentId,
    version: history.length + 1,
    deployedBy: userEmail,
    deployedMs: nowMs,
    notes: input.notes,
    active: true,
    listenerStatus,
  };
  account.deployments.set(deployment.deploymentId, deployment);
  return deployment;
}

function deploy(ctx: RequestContext): DeploymentRecord {
  const body = bodyObject(ctx);
  const input: DeployInput = {
    environmentId: requiredString(body, 'environmentId', 'DeployedPackage'),
    notes: optionalString(body, 'notes', 'DeployedPackage') ?? '',
    listenerStatus: body.listenerStatus,
  };
  const packageId = optionalString(body, 'packageId', 'DeployedPackage');
  if (packageId) input.packageId = packageId;
  const componentId = optionalString(body, 'componentId', 'DeployedPackage');
  if (componentId) input.componentId = componentId;
  const newId = () => ctx.state.ids.guid(`deployment/${input.environmentId}/${packageId ?? componentId}`);
  return deployPackage(ctx.account, ctx.user.email, ctx.nowMs, newId, input);
}

export const deployedPackageRoutes: BoomiRoute[] = [
  {
    method: 'POST',
    path: '/DeployedPackage',
    handler: (ctx) => ({ body: render(deploy(ctx), ctx.account) }),
  },
  {
    method: 'GET',
    path: '/DeployedPackage/{id}',
    read: true,
    handler: (ctx) => ({ body: render(findOr400(deployedPackages, ctx, param(ctx, 'id')), ctx.account) }),
  },
  {
    method: 'DELETE',
    path: '/DeployedPackage/{id}',
    handler: (ctx) => {
      const d = findOr400(deployedPackages, ctx, param(ctx, 'id'));
      check(d.active, messages.notDeployed(d.deploymentId));
      d.active = false;
      return {};
    },
  },
  ...queryRoutes(deployedPackages),
];

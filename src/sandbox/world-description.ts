// `GET /__sandbox/world`: what is loaded, per account, so a user or a test can find its way in.
import { advanceAll } from './advance.ts';
import { boomiTime } from './clock/clock.ts';
import type { SandboxInstance } from './instance.ts';

export function describeWorld(instance: SandboxInstance): Record<string, unknown> {
  const { state } = instance;
  // Show async stages as a Boomi call would see them now.
  advanceAll(state);
  const accounts = [...state.accounts.values()].map((a) => ({
    accountId: a.id,
    name: a.name,
    parentId: a.parentId,
    features: a.features,
    branchLimit: a.branchLimit,
    // Sandbox credentials are fake and meant to be copied: showing them is the point.
    users: [...state.users.values()]
      .filter((u) => u.accountIds.has(a.id))
      .map((u) => ({ username: `BOOMI_TOKEN.${u.email}`, apiToken: u.apiToken, readOnly: u.readOnly })),
    mainBranchId: a.mainBranchId,
    environments: [...a.environments.values()],
    accountGroups: [...a.accountGroups.values()].map((g) => ({
      id: g.id,
      name: g.name,
      memberAccountIds: [...g.memberAccountIds],
    })),
    branches: [...a.branches.values()].map((b) => ({
      id: b.id,
      name: b.name,
      stage: b.stage,
      parentId: b.parentId,
    })),
    components: [...a.components.values()].map((c) => ({
      id: c.componentId,
      name: a.componentName(c.componentId),
      type: c.type,
      revisions: c.revisions.map((r) => ({ version: r.version, branchId: r.branchId, deleted: r.deleted })),
    })),
    packages: [...a.packages.values()].map((p) => ({
      packageId: p.packageId,
      componentId: p.componentId,
      packageVersion: p.packageVersion,
      shareable: p.shareable,
      deleted: p.deleted,
    })),
    deployments: [...a.deployments.values()].map((d) => ({
      deploymentId: d.deploymentId,
      environmentId: d.environmentId,
      packageId: d.packageId,
      active: d.active,
      deployedDate: boomiTime(d.deployedMs),
    })),
    integrationPacks: [...a.publisherPacks.values()].map((p) => ({
      id: p.id,
      name: p.name,
      installationType: p.installationType,
      components: [...p.components.values()],
    })),
    mergeRequests: [...a.mergeRequests.values()].map((m) => ({
      id: m.id,
      sourceBranchId: m.sourceBranchId,
      stage: m.stage,
    })),
  }));
  return {
    demo: instance.world ?? null,
    accounts,
    asyncDurations: state.durations,
    rateLimitPerSecond: instance.rateLimiter.rate,
  };
}

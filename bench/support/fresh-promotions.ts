/**
 * New promotions of their own, as the upstream promotion step would leave them: per key a root
 * process on main that its promotion branch changed (seeded into the sandbox through the control
 * API, in one call), and a COMPLETED PromotionLog record naming that branch (written to the store).
 * No two runs share a branch, so every run merges and cleans up its own.
 */
import type { DemoWorld } from '../../src/sandbox/server.ts';
import type { Repositories } from '../../src/store/repositories/index.ts';
import type { SandboxControl } from './sandbox-control.ts';

export interface FreshPromotion {
  promotionId: string;
  branchId: string;
  prodComponentId: string;
  processName: string;
}

/** The demo promotions' initiator: never the benchmark's admin, so no self-approval refusal. */
const INITIATOR = 'dev@example.com';

export async function seedFreshPromotions(
  sandbox: SandboxControl,
  repos: Pick<Repositories, 'promotions'>,
  demo: DemoWorld,
  keys: readonly string[],
): Promise<FreshPromotion[]> {
  const accountId = demo.accountId;
  const template = demo.promotions[0];
  if (!template) throw new Error('the demo world has no promotion to copy the dev account from');
  const branchName = (key: string) => `bench-${key}`;
  const processName = (key: string) => `Bench Process ${key}`;
  const described = await sandbox.seed({
    branches: keys.map((key) => ({ accountId, name: branchName(key) })),
    components: keys.map((key) => ({
      accountId,
      name: processName(key),
      type: 'process',
      revisions: [{ branch: 'main' }, { branch: branchName(key) }],
    })),
  });
  const account = described.accounts.find((a) => a.accountId === accountId);
  if (!account) throw new Error(`seed answered without account ${accountId}`);
  const branches = new Map(account.branches.map((b) => [b.name, b.id]));
  const components = new Map(account.components.map((c) => [c.name, c.id]));

  const fresh: FreshPromotion[] = [];
  for (const [index, key] of keys.entries()) {
    const branchId = branches.get(branchName(key));
    const prodComponentId = components.get(processName(key));
    if (!branchId || !prodComponentId) throw new Error(`seeded branch or component for '${key}' not found`);
    const promotionId = `bench-promotion-${key}`;
    await repos.promotions.create({
      promotionId,
      devAccountId: template.devAccountId,
      prodAccountId: accountId,
      devPackageId: `bench-dev-package-${key}`,
      prodComponentId,
      processName: processName(key),
      branchId,
      branchName: branchName(key),
      initiatedBy: INITIATOR,
      initiatedAt: new Date(Date.now() - (keys.length - index) * 1000).toISOString(),
      status: 'COMPLETED',
      targetEnvironment: 'TEST',
      componentsTotal: 1,
      componentsCreated: 0,
      componentsUpdated: 1,
      componentsFailed: 0,
      // Spec §10 check 5a: production runs need a peer approval (by someone other than the admin).
      peerReviewStatus: 'PEER_APPROVED',
      peerReviewedBy: 'reviewer@example.com',
    });
    fresh.push({ promotionId, branchId, prodComponentId, processName: processName(key) });
  }
  return fresh;
}

/** The benchmarks' TEST run of a fresh promotion: version 1.0, a new pack named after it, these targets. */
export function newPackTestRequest(p: FreshPromotion, environmentIds: readonly string[], packLabel: string) {
  return {
    promotionId: p.promotionId,
    packageVersion: '1.0',
    deploymentTarget: 'TEST',
    createNewPack: true,
    newPackName: `${packLabel} pack ${p.processName}`,
    targetEnvironments: environmentIds.map((environmentId) => ({ environmentId })),
  };
}

/**
 * Sandbox mode's database seed: what the upstream promotion step and an admin would have put in
 * the database for the demo world — its promotions in the PromotionLog (COMPLETED, initiated by
 * dev@example.com, each with its branch), the account groups' deployment targets, the component
 * mappings and the dev teams' SSO access.
 *
 * Idempotent across restarts: promotions are created only when missing (never reset, so a
 * demo deployed yesterday stays deployed), and the admin-managed data is seeded once per
 * database, marked by an audit entry, so an admin's later edits survive a restart.
 */
import { isPromoError } from '../domain/errors.ts';
import type { DemoWorld } from '../sandbox/server.ts';
import type { Repositories } from '../store/repositories/index.ts';

export const DEMO_INITIATOR = 'dev@example.com';
const SEED_ACTOR = 'system';
const SEED_ACTION = 'sandbox.seed';

export interface SeedSummary {
  promotionsCreated: number;
  /** False when an earlier start already seeded the admin-managed data. */
  accessSeeded: boolean;
}

type SeedRepositories = Pick<
  Repositories,
  'promotions' | 'accountGroupEnvironments' | 'componentMappings' | 'devAccountAccess' | 'auditLog'
>;

export async function seedSandboxDatabase(
  repos: SeedRepositories,
  world: DemoWorld,
  now: Date = new Date(),
): Promise<SeedSummary> {
  const promotionsCreated = await seedPromotions(repos, world, now);
  const marker = await repos.auditLog.list({ action: SEED_ACTION, actor: SEED_ACTOR }, { limit: 1 });
  if (marker.items.length > 0) return { promotionsCreated, accessSeeded: false };
  await seedDeploymentTargets(repos, world);
  await seedAccess(repos, world, now);
  await repos.auditLog.append({
    actor: SEED_ACTOR,
    action: SEED_ACTION,
    targetType: 'account',
    targetId: world.accountId,
    outcome: 'SUCCESS',
    detail: {
      promotions: world.promotions.length,
      componentMappings: world.componentMappings.length,
      devAccounts: world.devAccounts.length,
    },
  });
  return { promotionsCreated, accessSeeded: true };
}

async function seedPromotions(repos: SeedRepositories, world: DemoWorld, now: Date): Promise<number> {
  let created = 0;
  // A minute apart, in the demo world's order, so every record has a distinct initiation time.
  for (const [index, p] of world.promotions.entries()) {
    if (await repos.promotions.get(p.promotionId)) continue;
    const initiatedAt = new Date(now.getTime() - (world.promotions.length - index) * 60_000).toISOString();
    try {
      await repos.promotions.create({
        promotionId: p.promotionId,
        devAccountId: p.devAccountId,
        prodAccountId: world.accountId,
        devPackageId: p.devPackageId,
        prodComponentId: p.prodComponentId,
        processName: p.processName,
        branchId: p.branchId,
        branchName: p.branchName,
        initiatedBy: DEMO_INITIATOR,
        initiatedAt,
        status: 'COMPLETED',
        targetEnvironment: 'TEST',
        componentsTotal: p.componentsTotal,
        componentsCreated: 0,
        componentsUpdated: p.componentsTotal,
        componentsFailed: 0,
        peerReviewStatus: 'PENDING_PEER_REVIEW',
      });
      created += 1;
    } catch (error) {
      // Another instance on the same database seeded it meanwhile: that is the outcome we wanted.
      if (!isPromoError(error) || error.code !== 'CONFLICT') throw error;
    }
  }
  return created;
}

async function seedDeploymentTargets(repos: SeedRepositories, world: DemoWorld): Promise<void> {
  const names = new Map(world.environments.map((e) => [e.id, e.name]));
  for (const group of world.accountGroups) {
    if (group.environmentIds.length === 0) continue;
    await repos.accountGroupEnvironments.replaceForGroup(
      group.id,
      group.environmentIds.map((environmentId) => ({
        environmentId,
        environmentName: names.get(environmentId) ?? null,
      })),
      SEED_ACTOR,
    );
  }
}

async function seedAccess(repos: SeedRepositories, world: DemoWorld, now: Date): Promise<void> {
  const at = now.toISOString();
  await repos.componentMappings.upsertMany(
    world.componentMappings.map((m) => ({
      ...m,
      prodAccountId: world.accountId,
      prodLatestVersion: 1,
      lastPromotedAt: at,
      lastPromotedBy: DEMO_INITIATOR,
      // Connections are shared components an admin maps; everything else came from promotions.
      mappingSource: m.componentType === 'connector-settings' ? 'ADMIN_SEEDING' : 'PROMOTION_ENGINE',
    })),
  );
  await repos.devAccountAccess.upsertMany(
    world.devAccounts.map((a) => ({
      ssoGroupId: a.ssoGroupId,
      devAccountId: a.devAccountId,
      ssoGroupName: a.ssoGroupName,
      devAccountName: a.devAccountName,
      isActive: true,
    })),
  );
}

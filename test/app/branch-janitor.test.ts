/**
 * The branch janitor (spec §10 "Branches are never lost") against the sandbox and a real test
 * database: final-state records' branches are deleted once Boomi lets them be, the records'
 * fields are cleared and audited, records still in the chain are left alone, and two janitors
 * running at once delete each branch exactly once.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { runBranchJanitorPass, type BranchJanitorDeps } from '../../src/app/branch-janitor.ts';
import type { PromotionLog } from '../../src/domain/promotion.ts';
import { silentLogger } from '../../src/workflow/logger.ts';
import { freshPromotion, registerPromotion } from '../helpers/world.ts';
import { useWorld } from '../workflow/support/use-world.ts';

const world = useWorld({ durable: false });
afterEach(async () => {
  await world.control.clearFaults();
  await world.control.setLatency({ defaultMs: 0, perRoute: {} });
});

function deps(pool: pg.Pool = world.db.pool): BranchJanitorDeps {
  return { pool, boomi: world.boomi, repos: world.repos, log: silentLogger };
}

/** Final states as the approval chain leaves them (decision fields set where the schema asks). */
const FINAL: Partial<PromotionLog>[] = [
  { status: 'DEPLOYED', targetEnvironment: 'PRODUCTION', branchCleanupPending: true },
  { status: 'FAILED' },
  { status: 'PEER_REJECTED', peerReviewStatus: 'PEER_REJECTED', branchCleanupPending: true },
  { status: 'ADMIN_REJECTED', adminReviewStatus: 'ADMIN_REJECTED' },
  { status: 'WITHDRAWN', withdrawnAt: '2025-03-02T09:00:00.000Z', branchCleanupPending: true },
];

async function registerAll(prefix: string): Promise<PromotionLog[]> {
  const records: PromotionLog[] = [];
  for (const [i, overrides] of FINAL.entries()) {
    const promotion = await freshPromotion(world, `${prefix}-${i}`);
    records.push(await registerPromotion(world, promotion, overrides));
  }
  return records;
}

async function deleteCallsFor(since: number, branchIds: string[]): Promise<Record<string, number>> {
  const calls = (await world.control.calls(since)).filter((c) => c.method === 'DELETE');
  return Object.fromEntries(
    branchIds.map((id) => [id, calls.filter((c) => c.path.endsWith(`/Branch/${id}`)).length]),
  );
}

describe('branch janitor', () => {
  it('retries while Boomi fails DELETE /Branch; once it answers, every final-state branch is gone and cleared', async () => {
    const records = await registerAll('janitor-fault');
    const inChain = await registerPromotion(world, await freshPromotion(world, 'janitor-in-chain'), {
      status: 'TEST_DEPLOYED',
    });
    await world.control.addFault({ method: 'DELETE', pathPattern: '/Branch/*', status: 503 });

    const failing = await runBranchJanitorPass(deps());
    expect(failing.ran).toBe(true);
    expect(failing.failed.sort()).toEqual(records.map((r) => r.promotionId).sort());
    for (const record of records) {
      expect(await world.control.branchExists(record.branchId!)).toBe(true);
      expect(await world.repos.promotions.get(record.promotionId)).toMatchObject({
        branchId: record.branchId,
      });
    }

    await world.control.clearFaults();
    const pass = await runBranchJanitorPass(deps());
    expect(pass.cleaned.sort()).toEqual(records.map((r) => r.promotionId).sort());
    for (const record of records) {
      expect(await world.control.branchExists(record.branchId!)).toBe(false);
      expect(await world.repos.promotions.get(record.promotionId)).toMatchObject({
        status: record.status,
        branchId: null,
        branchCleanupPending: false,
      });
      const audit = await world.repos.auditLog.list({ targetId: record.promotionId }, {});
      expect(audit.items.map((e) => [e.actor, e.action, e.outcome])).toEqual([
        ['system:branch-janitor', 'branch.cleanup', 'SUCCESS'],
      ]);
    }
    // A promotion still in the chain keeps its branch.
    expect(await world.control.branchExists(inChain.branchId!)).toBe(true);
    expect((await world.repos.promotions.get(inChain.promotionId))?.branchId).toBe(inChain.branchId);
    // Nothing left: the next pass deletes nothing.
    const mark = await world.control.mark();
    expect((await runBranchJanitorPass(deps())).cleaned).toEqual([]);
    expect(await world.control.writesSince(mark)).toEqual([]);
  });

  it('a branch already gone in Boomi (not found) counts as deleted', async () => {
    const promotion = await freshPromotion(world, 'janitor-gone');
    const record = await registerPromotion(world, promotion, {
      status: 'FAILED',
      branchCleanupPending: true,
    });
    await world.boomi.branches.delete(promotion.branchId);
    const pass = await runBranchJanitorPass(deps());
    expect(pass.cleaned).toContain(record.promotionId);
    expect(await world.repos.promotions.get(record.promotionId)).toMatchObject({ branchId: null });
  });

  it('two janitors (two instances on one database) at once delete each branch exactly once', async () => {
    const records = await registerAll('janitor-two');
    // Slow deletes keep the first janitor's lock held while the second one tries.
    await world.control.setLatency({ perRoute: { 'DELETE /Branch/{id}': 150 } });
    const otherInstance = new pg.Pool({ connectionString: world.db.url, max: 2 });
    try {
      const mark = await world.control.mark();
      const passes = await Promise.all([
        runBranchJanitorPass(deps()),
        runBranchJanitorPass(deps(otherInstance)),
      ]);
      expect(passes.flatMap((p) => p.cleaned).sort()).toEqual(records.map((r) => r.promotionId).sort());
      const branchIds = records.map((r) => r.branchId!);
      expect(await deleteCallsFor(mark, branchIds)).toEqual(
        Object.fromEntries(branchIds.map((id) => [id, 1])),
      );
      for (const record of records) {
        expect(await world.control.branchExists(record.branchId!)).toBe(false);
        expect((await world.repos.promotions.get(record.promotionId))?.branchId).toBeNull();
      }
    } finally {
      await otherInstance.end();
    }
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked by assertions against the API contract, not by TypeScript */
/**
 * The branch janitor on its timer, in the real server (spec §10: branches are never lost): a denial
 * whose branch DELETE fails keeps the branch on record for cleanup; while Boomi keeps refusing, the
 * janitor's passes leave it; once Boomi answers again, a pass deletes it, clears the record and
 * audits it as the janitor — with nobody calling anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './support/http.ts';
import { startServerWithSandbox, type SandboxControl, type World } from './support/sandbox.ts';
import type { RunningServer } from './support/server.ts';

const INTERVAL_MS = 300;

let server: RunningServer;
let sandbox: SandboxControl;
let world: World;

beforeAll(async () => {
  ({ server, sandbox, world } = await startServerWithSandbox({
    env: { PROMO_BRANCH_JANITOR_INTERVAL_MS: String(INTERVAL_MS) },
  }));
});
afterAll(async () => {
  await server?.dispose();
});

const admin = () => apiAs(server.url, server.tokens['admin@example.com']);
const branchIds = async () =>
  (await sandbox.account(world.accountId)).branches.map((b: { id: string }) => b.id);
const deleteAttempts = async (branchId: string) =>
  (await sandbox.calls()).filter((c) => c.method === 'DELETE' && c.path === `/Branch/${branchId}`);

describe('branch janitor on its timer', () => {
  it('deletes a denied promotion’s branch once Boomi answers again, clears the record, audits it', async () => {
    const { promotionId, branchId } = world.promotions[0]!;
    await sandbox.addFault({ method: 'DELETE', pathPattern: '/Branch/*', status: 500 });
    const denied = await admin()('POST', `/promotions/${promotionId}/deny`, {
      body: { reason: 'Not this quarter' },
    });
    expect(denied.status).toBe(200);
    const kept = (await admin()('GET', `/promotions/${promotionId}`)).body;
    expect(kept).toMatchObject({ status: 'ADMIN_REJECTED', branchId, branchCleanupPending: true });

    // Boomi still refusing: passes come and go (DELETE tried again), the branch stays on record.
    await expect
      .poll(async () => (await deleteAttempts(branchId)).length, { timeout: 5_000 })
      .toBeGreaterThan(2);
    expect(await branchIds()).toContain(branchId);
    expect((await admin()('GET', `/promotions/${promotionId}`)).body).toMatchObject({ branchId });

    await sandbox.clearFaults();
    await expect
      .poll(async () => (await admin()('GET', `/promotions/${promotionId}`)).body.branchCleanupPending, {
        timeout: 5_000,
      })
      .toBe(false);
    const cleaned = (await admin()('GET', `/promotions/${promotionId}`)).body;
    expect(cleaned).toMatchObject({ status: 'ADMIN_REJECTED', branchId: null, branchCleanupPending: false });
    expect(await branchIds()).not.toContain(branchId);
    const audit = (await admin()('GET', `/audit?action=branch.cleanup&targetId=${promotionId}`)).body as any;
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ actor: 'system:branch-janitor', outcome: 'SUCCESS' });
  });
});

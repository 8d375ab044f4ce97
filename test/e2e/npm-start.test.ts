/**
 * The newcomer's path, exactly: `npm start` in a fresh data directory (embedded PostgreSQL, the
 * sandbox, demo data and users) reaches ready; the admin token it prints lists the demo
 * promotions over HTTP; Ctrl-C stops everything cleanly; a second `npm start` reuses the data.
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call } from './support/http.ts';
import { startServer, type RunningServer } from './support/server.ts';

const DEMO_PROCESSES = [
  'Customer Master Sync',
  'Inventory Feed',
  'Invoice Sync',
  'Order Intake',
  'Payment Reconciliation',
  'Shipment Notifications',
];

/**
 * After Ctrl-C: the service logged its stop, and released the data directory (the lock is
 * removed only after PostgreSQL has stopped). npm itself ends by the signal, as it does on Ctrl-C.
 */
async function expectCleanStop(server: RunningServer): Promise<void> {
  await server.stop();
  expect(server.stdout()).toContain('"msg":"Stopping"');
  expect(existsSync(path.join(server.dataDir, 'promo.lock'))).toBe(false);
  expect(server.stderr()).not.toMatch(/\n\s+at /); // no stack trace
}

/** The admin token as printed in the ready banner (not read from the file). */
function printedAdminToken(server: RunningServer): string {
  const match = /admin@example\.com\s+(promo_\S+)/.exec(server.stderr());
  if (!match?.[1]) throw new Error(`no admin token in the banner:\n${server.stderr()}`);
  return match[1];
}

describe('npm start', () => {
  let dataDir: string | undefined;
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts from nothing, serves the demo promotions to the printed admin token, stops cleanly and restarts on the same data', async () => {
    const first = await startServer({ npmStart: true, embedded: true });
    dataDir = first.dataDir;
    let firstToken: string;
    try {
      firstToken = printedAdminToken(first);
      const list = await call(first.url, 'GET', '/api/v1/promotions', { token: firstToken });
      expect(list.status).toBe(200);
      expect(list.body.items.map((p: { processName: string }) => p.processName).sort()).toEqual(
        DEMO_PROCESSES,
      );
      for (const p of list.body.items) {
        expect(p).toMatchObject({ status: 'COMPLETED', initiatedBy: 'dev@example.com' });
        expect(p.branchId).toEqual(expect.any(String));
      }
      const file = JSON.parse(await readFile(path.join(first.dataDir, 'sandbox-tokens.json'), 'utf8'));
      expect(Object.keys(file).sort()).toEqual([
        'admin2@example.com',
        'admin@example.com',
        'dev@example.com',
        'reviewer@example.com',
      ]);
      expect(file['admin@example.com']).toBe(firstToken);
      const ready = await call(first.url, 'GET', '/readyz');
      // The demo world's main branch and its six promotion branches, against the seed's limits.
      expect(ready.body).toEqual({
        status: 'ready',
        checks: { database: 'ok', boomi: 'ok' },
        branches: { count: 7, warningAt: 15, criticalAt: 20, level: 'ok', readAt: expect.any(String) },
      });
    } finally {
      await expectCleanStop(first);
    }

    const second = await startServer({ npmStart: true, embedded: true, dataDir: first.dataDir });
    try {
      expect(printedAdminToken(second)).toBe(firstToken);
      const list = await call(second.url, 'GET', '/api/v1/promotions', { token: firstToken });
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(DEMO_PROCESSES.length);
      // The admin-managed demo data was seeded once, by the first start.
      const seeds = await call(second.url, 'GET', '/api/v1/audit?action=sandbox.seed', { token: firstToken });
      expect(seeds.body.items).toHaveLength(1);
      const targets = await call(second.url, 'GET', '/api/v1/account-groups', { token: firstToken });
      const registered = targets.body.items.map(
        (g: { registeredEnvironmentIds: string[] }) => g.registeredEnvironmentIds.length,
      );
      expect(registered.sort()).toEqual([0, 1, 2]);
    } finally {
      await expectCleanStop(second);
    }
  });
});

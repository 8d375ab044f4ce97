/**
 * With BOOMI_* set the service talks to Boomi — here the sandbox started by the test, standing in
 * for api.boomi.com at BOOMI_BASE_URL — on PostgreSQL (DATABASE_URL), and seeds nothing: no demo
 * promotions, no demo users, no token file, no sandbox of its own, no token fallback in the CLI.
 * A promotion registered through the API then deploys through the real client.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { createToken, runCli } from './support/cli.ts';
import { apiAs, call } from './support/http.ts';
import { startServer, type RunningServer } from './support/server.ts';

let boomi: RunningSandbox;
let server: RunningServer;

beforeAll(async () => {
  boomi = await startSandbox({
    demo: true,
    port: 0,
    asyncDurations: { mergeDraftingMs: 0, mergeMergingMs: 0, releaseMs: 0 },
  });
  const world = boomi.world!;
  server = await startServer({
    env: {
      BOOMI_ACCOUNT_ID: world.accountId,
      BOOMI_USERNAME: world.username,
      BOOMI_API_TOKEN: world.apiToken,
      BOOMI_BASE_URL: boomi.apiBaseUrl,
      BOOMI_RATE_LIMIT: '8',
      PROMO_POLL_INTERVAL_MS: '50',
    },
  });
});

afterAll(async () => {
  await server?.dispose();
  await boomi?.close();
});

describe('production mode (BOOMI_* set)', () => {
  it('seeds nothing and starts no sandbox', async () => {
    expect(existsSync(path.join(server.dataDir, 'sandbox-tokens.json'))).toBe(false);
    expect(server.stderr()).toContain(`Boomi account:  ${boomi.world!.accountId}`);
    expect(server.stderr()).not.toContain('Demo users');
    await expect(fetch(`${server.sandboxUrl}/__sandbox/world`)).rejects.toThrow();
    // The console offers no demo users, and the route that hands out their tokens does not exist.
    expect((await call(server.url, 'GET', '/api/v1/sign-in-options')).body).toEqual({
      sandboxDemoUsers: false,
      oidc: null,
    });
    expect((await call(server.url, 'GET', '/api/v1/sandbox/demo-users')).status).toBe(404);

    const viewer = apiAs(server.url, await createToken(server, 'ops@example.com', ['viewer', 'admin']));
    expect((await viewer('GET', '/promotions')).body).toEqual({ items: [], nextCursor: null });
    expect(
      (await viewer('GET', '/audit')).body.items.filter(
        (e: { action: string }) => e.action === 'sandbox.seed',
      ),
    ).toEqual([]);
    expect((await call(server.url, 'GET', '/readyz')).body).toEqual({
      status: 'ready',
      checks: { database: 'ok', boomi: 'ok' },
      // The Boomi stand-in's main branch and six promotion branches, read from Boomi.
      branches: { count: 7, warningAt: 15, criticalAt: 20, level: 'ok', readAt: expect.any(String) },
    });
    const environments = await viewer('GET', '/environments');
    expect(environments.body.items.map((e: { name: string }) => e.name).sort()).toEqual([
      'Production',
      'Test',
      'Test 2',
    ]);

    const noToken = await runCli(server, ['promotions', 'list']);
    expect([noToken.code, noToken.stderr.trim()]).toEqual([
      1,
      'UNAUTHENTICATED: No API token: pass --token <token> or set PROMO_TOKEN',
    ]);
  });

  it('deploys a promotion registered through the API, through the real client', async () => {
    const world = boomi.world!;
    const demo = world.promotions[0]!;
    const promoter = apiAs(server.url, await createToken(server, 'pipeline@example.com', ['promoter']));
    const registered = await promoter('POST', '/promotions', {
      body: {
        promotionId: 'prod-mode-1',
        devAccountId: demo.devAccountId,
        prodAccountId: world.accountId,
        devPackageId: demo.devPackageId,
        status: 'COMPLETED',
        prodComponentId: demo.prodComponentId,
        branchId: demo.branchId,
        processName: demo.processName,
      },
    });
    expect(registered.status).toBe(201);
    const adminToken = await createToken(server, 'release.manager@example.com', ['admin']);
    const result = await runCli(server, [
      'deploy',
      '--promotion-id',
      'prod-mode-1',
      '--package-version',
      '9.0',
      '--target',
      'TEST',
      '--create-new-pack',
      '--new-pack-name',
      'Production-mode pack',
      '--env',
      world.environments.find((e) => e.classification === 'TEST')!.id,
      '--token',
      adminToken,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      success: true,
      deploymentStatus: 'DEPLOYED',
      branchPreserved: 'true',
    });
    expect((await promoter('GET', '/promotions/prod-mode-1')).body).toMatchObject({
      status: 'TEST_DEPLOYED',
      adminApprovedBy: 'release.manager@example.com',
    });
  });
});

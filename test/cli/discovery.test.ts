/**
 * `promo packs list` and `promo environments list` as a user runs them (a child process) against
 * the real HTTP app on a loopback port, reading the sandbox through the Boomi client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../e2e/support/cli.ts';
import { startHarness, type Harness } from '../http/harness.ts';

let h: Harness;
let env: Record<string, string>;
beforeAll(async () => {
  h = await startHarness();
  const address = await h.app.listen({ host: '127.0.0.1', port: 0 });
  env = {
    PROMO_URL: address,
    PROMO_TOKEN: h.tokens.viewer,
    BOOMI_ACCOUNT_ID: 'x',
    BOOMI_USERNAME: 'x',
    BOOMI_API_TOKEN: 'x',
  };
});
afterAll(async () => {
  await h?.close();
});

const cli = (args: string[]) => runCli({ env: {} }, args, env);
const world = () => h.sandbox.world!;

describe('promo packs list', () => {
  it('prints the packs with the suggested one marked, and the same as JSON', async () => {
    const orderIntake = world().components.find((c) => c.name === 'Order Intake')!.id;
    const pack = world().integrationPacks.find((p) => p.name === 'Acme Finance Integrations')!;
    await h.repositories.promotions.create({
      promotionId: 'P-cli',
      devAccountId: 'dev-1',
      prodAccountId: h.accountId,
      devPackageId: 'dev-package-cli',
      prodComponentId: orderIntake,
      initiatedBy: 'dev@example.com',
      initiatedAt: '2025-01-01T00:00:00.000Z',
      status: 'TEST_DEPLOYED',
      targetEnvironment: 'TEST',
      testIntegrationPackId: pack.id,
      testDeployedAt: '2025-01-02T00:00:00.000Z',
    });

    const json = await cli(['packs', 'list', '--for', orderIntake, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const items = JSON.parse(json.stdout).items as { id: string; suggested: boolean }[];
    expect(items.map((p) => p.id).sort()).toStrictEqual(
      world()
        .integrationPacks.map((p) => p.id)
        .sort(),
    );
    expect(items.filter((p) => p.suggested).map((p) => p.id)).toStrictEqual([pack.id]);

    const text = await cli(['packs', 'list', '--for', orderIntake]);
    expect(text.code, text.stderr).toBe(0);
    const suggestedRow = text.stdout.split('\n').find((line) => line.startsWith('*'));
    expect(suggestedRow).toContain(pack.id);
    expect(text.stdout).toContain('* suggested: Acme Finance Integrations');
  });

  it('reports a refusal as ERROR_CODE: message and exits 1', async () => {
    const refused = await runCli({ env: {} }, ['packs', 'list'], {
      ...env,
      PROMO_TOKEN: 'promo_not-a-token',
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^UNAUTHENTICATED: /);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('promo environments list', () => {
  it('lists one classification, and refuses an unknown one before calling the server', async () => {
    const prod = await cli(['environments', 'list', '--classification', 'PROD', '--json']);
    expect(prod.code, prod.stderr).toBe(0);
    const expected = world()
      .environments.filter((e) => e.classification === 'PROD')
      .map((e) => e.id);
    expect(JSON.parse(prod.stdout).items.map((e: { id: string }) => e.id)).toStrictEqual(expected);

    const all = await cli(['environments', 'list']);
    expect(all.code).toBe(0);
    for (const e of world().environments) expect(all.stdout).toContain(e.id);

    const wrong = await cli(['environments', 'list', '--classification', 'PRODUCTION']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/PRODUCTION/);
  });
});

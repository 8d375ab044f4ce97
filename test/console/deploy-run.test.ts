/**
 * An admin deploys to TEST from the console's form and watches the run live: the release is
 * held in the sandbox (its clock does not move) until the page shows step 7 running, then the
 * clock moves on and the page, without a reload, shows every step completed and the
 * per-environment results. The steps shown are the run's own (GET /deployments/{runId}).
 * A hotfix cannot be sent without its acknowledgement and justification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, call } from '../e2e/support/http.ts';
import { INSTANT, startServerWithSandbox, type SandboxControl, type World } from '../e2e/support/sandbox.ts';
import type { RunningServer } from '../e2e/support/server.ts';
import { checkPage, openBrowser, signInAsDemoUser, type Browser } from './support/browser.ts';

let server: RunningServer;
let sandbox: SandboxControl;
let world: World;
let browser: Browser;
const HOLD_MS = 3_600_000;

beforeAll(async () => {
  ({ server, sandbox, world } = await startServerWithSandbox());
  browser = await openBrowser();
  await signInAsDemoUser(browser.page, server.url, 'admin@example.com');
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('console deploy form and live run', () => {
  it('deploys to TEST through the QA account group and shows every step complete live', async () => {
    const { page } = browser;
    const target = world.promotions[0]!;
    const pack = world.integrationPacks[0]!;
    const qa = world.accountGroups.find((group) => group.name === 'Acme QA Subscribers')!;
    await page.goto(`${server.url}/promotions/${target.promotionId}`);
    await page.getByRole('button', { name: 'Deploy…' }).click();
    await page.getByRole('heading', { name: `Deploy ${target.processName}` }).waitFor();
    await page.getByLabel('Package version').fill('2.0');
    await page.getByLabel('Integration pack id').fill(pack.id);
    await page.getByLabel('Account group').selectOption(qa.id);
    // TEST runs are offered TEST environments only.
    const offered = await page.getByRole('group', { name: 'Environments' }).getByRole('checkbox').count();
    expect(offered).toBe(world.environments.filter((e) => e.classification === 'TEST').length);
    await checkPage(page, 'deploy-form');

    // Hold the release until the page has shown it running.
    await sandbox.setTimings({ ...INSTANT, releaseMs: HOLD_MS });
    await page.getByRole('button', { name: 'Deploy to TEST' }).click();
    await page.waitForURL(/\/runs\//);
    const runId = decodeURIComponent(page.url().split('/runs/')[1]!);
    const release = page.locator('[data-step="7-release"]');
    await expect.poll(() => release.locator('.badge').textContent()).toBe('RUNNING');
    await checkPage(page, 'run-running');
    await call(server.sandboxUrl, 'POST', '/__sandbox/clock', { body: { advanceMs: HOLD_MS } });

    await page.locator('#outcome-title').waitFor();
    const run = (await apiAs(server.url, server.tokens['admin@example.com']!)('GET', `/deployments/${runId}`))
      .body;
    expect(run.state).toBe('SUCCEEDED');
    const shown = await page
      .locator('.timeline > li')
      .evaluateAll((items) =>
        items.map((item) => [item.getAttribute('data-step'), item.querySelector('.badge')?.textContent]),
      );
    expect(shown).toEqual(run.steps.map((step: { name: string }) => [step.name, 'SUCCEEDED']));
    expect(shown.map(([name]) => name)).toEqual(
      expect.arrayContaining(['2.5-merge-create', '3-packaged-component', '7-release']),
    );
    // Per-environment results: both QA environments deployed.
    const results = await page.locator('table tbody tr').allTextContents();
    expect(results).toHaveLength(qa.environmentIds.length);
    for (const row of results) expect(row).toContain('DEPLOYED');
    // Each step lists the Boomi calls it made, as the run recorded them.
    const release7 = run.steps.find((step: { name: string }) => step.name === '7-release');
    await release.locator('summary').click();
    expect(await release.locator('.step-calls li').first().textContent()).toContain(release7.boomiCalls[0]);
    await checkPage(page, 'run-done');

    const record = (
      await apiAs(server.url, server.tokens['admin@example.com']!)('GET', `/promotions/${target.promotionId}`)
    ).body;
    expect(record).toMatchObject({
      status: 'TEST_DEPLOYED',
      packageVersion: '2.0',
      testIntegrationPackId: pack.id,
    });
  });

  it('a hotfix is sent only with the acknowledgement and a justification', async () => {
    const { page } = browser;
    const target = world.promotions[1]!;
    await page.goto(`${server.url}/promotions/${target.promotionId}/deploy`);
    await page.getByLabel(/Mode 3 — PRODUCTION hotfix/).check();
    await page.getByLabel('Package version').fill('1.0.1');
    await page.getByLabel('Integration pack id').fill(world.integrationPacks[0]!.id);
    const submit = page.getByRole('button', { name: 'Deploy to PRODUCTION' });
    expect(await submit.isDisabled()).toBe(true);
    await page.getByLabel('Justification (required)').fill('Invoices rejected since 09:00');
    expect(await submit.isDisabled()).toBe(true); // still not acknowledged
    expect(await page.locator('#deploy-reason').textContent()).toBe(
      'Acknowledge that this hotfix skips testing',
    );
    await page.getByLabel(/I acknowledge this deploys to PRODUCTION/).check();
    expect(await submit.isDisabled()).toBe(false);
    // PRODUCTION runs are offered PROD environments only.
    const names = await page
      .getByRole('group', { name: 'Environments' })
      .getByRole('checkbox')
      .evaluateAll((boxes) => boxes.map((box) => box.parentElement?.textContent));
    expect(names).toEqual(world.environments.filter((e) => e.classification === 'PROD').map((e) => e.name));
    await checkPage(page, 'deploy-hotfix');
  });
});

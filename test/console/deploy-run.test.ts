/**
 * An admin deploys from the console's form and watches the run live, against the real service in
 * sandbox mode:
 * - TEST with a pack chosen from the picker, the plan read before confirming; the release is held
 *   in the sandbox (its clock does not move) until the page shows step 7 running, then the page,
 *   without a reload, shows every step completed and the per-environment results;
 * - PRODUCTION from test: the suggested pack preselected, the button disabled with
 *   PEER_REVIEW_REQUIRED until the reviewer approves, the plan shown as the service answered it;
 * - a rollback from the run page puts the production environment back as it was before the run;
 * - the peer reviewer cannot approve (REVIEWER_CANNOT_APPROVE); a hotfix needs its acknowledgement.
 * Outcomes are read from the service's API and the sandbox, not from the page.
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

const as = (email: string) => apiAs(server.url, server.tokens[email]!);
const group = (name: string) => world.accountGroups.find((g) => g.name === name)!;

/** Active deployments of the given environments in the sandbox, as `environmentId:packageId`. */
async function activeIn(environmentIds: string[]): Promise<string[]> {
  const account = await sandbox.account(world.accountId);
  return account.deployments
    .filter((d) => d.active && environmentIds.includes(d.environmentId))
    .map((d) => `${d.environmentId}:${d.packageId}`)
    .sort();
}

async function approveAsReviewer(promotionId: string, email = 'reviewer@example.com'): Promise<void> {
  const answer = await as(email)('POST', `/promotions/${promotionId}/peer-review`, {
    body: { decision: 'APPROVED' },
  });
  expect(answer.status).toBe(200);
}

let productionRunId = '';
let productionBefore: string[] = [];

describe('console deploy form and live run', () => {
  it('deploys to TEST with a pack from the picker, after the plan, and shows every step complete live', async () => {
    const { page } = browser;
    const target = world.promotions[0]!;
    const pack = world.integrationPacks[0]!;
    const qa = group('Acme QA Subscribers');
    await page.goto(`${server.url}/promotions/${target.promotionId}`);
    await page.getByRole('button', { name: 'Deploy…' }).click();
    await page.getByRole('heading', { name: `Deploy ${target.processName}` }).waitFor();
    await page.getByLabel('Package version').fill('2.0');
    // Never released by the service: nothing suggested, nothing preselected.
    await page.getByText('No suggestion').waitFor();
    expect(await page.getByLabel('Pack', { exact: true }).inputValue()).toBe('');
    await page.getByLabel('Pack', { exact: true }).selectOption(pack.id);
    await page.getByLabel('Account group').selectOption(qa.id);
    // TEST runs are offered TEST environments only.
    const offered = await page.getByRole('group', { name: 'Environments' }).getByRole('checkbox').count();
    expect(offered).toBe(world.environments.filter((e) => e.classification === 'TEST').length);
    await checkPage(page, 'deploy-form');

    // No run is started before the plan was shown.
    const planned = page.waitForResponse((r) => r.url().endsWith('/package-and-deploy/plan'));
    await page.getByRole('button', { name: 'Review the plan for TEST' }).click();
    const plan = await (await planned).json();
    await page.locator('#plan-title').waitFor();
    const planText = await page.locator('.plan').textContent();
    expect(planText).toContain('Mode 1 — TEST');
    expect(planText).toContain(`branch ${target.branchId} merged into main`);
    expect(planText).toContain('create version 2.0');
    expect(planText).toContain(
      `use “${plan.integrationPack.name}”: ${plan.integrationPack.currentVersion ?? 'not released'} → ${plan.integrationPack.newVersion}`,
    );
    expect(planText).toContain(
      `${plan.boomiCalls.total} expected, ${plan.boomiCalls.writeCount} of them writes`,
    );
    expect(await page.locator('.plan tbody tr').count()).toBe(qa.environmentIds.length);
    expect((await as('admin@example.com')('GET', `/promotions/${target.promotionId}`)).body.status).toBe(
      'COMPLETED',
    );
    await checkPage(page, 'deploy-plan');

    // Hold the release until the page has shown it running.
    await sandbox.setTimings({ ...INSTANT, releaseMs: HOLD_MS });
    await page.getByRole('button', { name: 'Confirm: deploy to TEST' }).click();
    await page.waitForURL(/\/runs\//);
    const runId = decodeURIComponent(page.url().split('/runs/')[1]!);
    const release = page.locator('[data-step="7-release"]');
    await expect.poll(() => release.locator('.badge').textContent()).toBe('RUNNING');
    await checkPage(page, 'run-running');
    await call(server.sandboxUrl, 'POST', '/__sandbox/clock', { body: { advanceMs: HOLD_MS } });
    await sandbox.setTimings(INSTANT);

    await page.locator('#outcome-title').waitFor();
    const run = (await as('admin@example.com')('GET', `/deployments/${runId}`)).body;
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
    const results = await page.locator('#outcome-title ~ table tbody tr').allTextContents();
    expect(results).toHaveLength(qa.environmentIds.length);
    for (const row of results) expect(row).toContain('DEPLOYED');
    const release7 = run.steps.find((step: { name: string }) => step.name === '7-release');
    await release.locator('summary').click();
    expect(await release.locator('.step-calls li').first().textContent()).toContain(release7.boomiCalls[0]);
    await checkPage(page, 'run-done');

    const record = (await as('admin@example.com')('GET', `/promotions/${target.promotionId}`)).body;
    expect(record).toMatchObject({
      status: 'TEST_DEPLOYED',
      packageVersion: '2.0',
      testIntegrationPackId: pack.id,
    });
  });

  it('production readiness lists the test-deployed promotion with its branch age', async () => {
    const { page } = browser;
    await page.goto(server.url);
    const tab = page.getByRole('tab', { name: /Production readiness/ });
    await expect.poll(() => tab.getByLabel(/promotions$/).textContent()).toBe('1');
    await tab.click();
    const row = page.getByRole('tabpanel').locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain(world.promotions[0]!.processName);
    expect(await row.locator('[data-label="Branch age"]').textContent()).toBe('0 d');
    await checkPage(page, 'home-readiness');
  });

  it('promotes to PRODUCTION after seeing the plan: suggested pack, peer approval required first', async () => {
    const { page } = browser;
    const target = world.promotions[0]!;
    const pack = world.integrationPacks[0]!;
    const production = group('Acme Production Subscribers');
    await page.goto(`${server.url}/promotions/${target.promotionId}/deploy`);
    expect(await page.getByLabel(/Mode 2 — PRODUCTION from test/).isChecked()).toBe(true);
    // The pack the process was last released in is suggested and preselected.
    await expect.poll(() => page.getByLabel('Pack', { exact: true }).inputValue()).toBe(pack.id);
    expect(await page.locator('#pack option:checked').textContent()).toContain('suggested');
    const review = page.getByRole('button', { name: 'Review the plan for PRODUCTION' });
    expect(await review.isDisabled()).toBe(true);
    expect(await page.locator('#deploy-reason').textContent()).toBe(
      `PEER_REVIEW_REQUIRED Promotion ${target.promotionId} has peer review status 'PENDING_PEER_REVIEW' — production deployment requires PEER_APPROVED`,
    );
    await checkPage(page, 'deploy-peer-review-required');

    await approveAsReviewer(target.promotionId);
    await page.reload();
    await page.getByLabel('Account group').selectOption(production.id);
    productionBefore = await activeIn(production.environmentIds);
    const planned = page.waitForResponse((r) => r.url().endsWith('/package-and-deploy/plan'));
    await page.getByRole('button', { name: 'Review the plan for PRODUCTION' }).click();
    const plan = await (await planned).json();
    const planText = await page.locator('.plan').textContent();
    expect(planText).toContain('Mode 2 — PRODUCTION from test');
    expect(planText).toContain('no merge');
    expect(planText).toContain(`reuse the tested package ${plan.packagedComponent.packageId}`);
    expect(planText).toMatch(/Branch\s*deleted/);
    const rows = await page.locator('.plan tbody tr').allTextContents();
    expect(rows).toEqual(
      plan.environments.map(
        (e: {
          environmentName: string;
          classification: string;
          current: { packageVersion: string } | null;
          newPackageVersion: string;
        }) =>
          `${e.environmentName} (${e.classification})${e.current?.packageVersion ?? 'nothing deployed'}${e.newPackageVersion}`,
      ),
    );
    await checkPage(page, 'deploy-plan-production');

    await page.getByRole('button', { name: 'Confirm: deploy to PRODUCTION' }).click();
    await page.waitForURL(/\/runs\//);
    productionRunId = decodeURIComponent(page.url().split('/runs/')[1]!);
    await page.locator('#outcome-title').waitFor();
    const record = (await as('admin@example.com')('GET', `/promotions/${target.promotionId}`)).body;
    expect(record).toMatchObject({
      status: 'DEPLOYED',
      branchId: null,
      adminApprovedBy: 'admin@example.com',
    });
    const branches = (await sandbox.account(world.accountId)).branches.map((b) => b.id);
    expect(branches).not.toContain(target.branchId);
    expect(await activeIn(production.environmentIds)).not.toEqual(productionBefore);
  });

  it('rolls the production run back from its run page: the environment is as it was before', async () => {
    const { page } = browser;
    const target = world.promotions[0]!;
    const production = group('Acme Production Subscribers');
    await page.goto(`${server.url}/runs/${productionRunId}`);
    await page.getByRole('button', { name: 'Roll back…' }).click();
    const confirm = page.getByRole('button', { name: 'Roll back', exact: true });
    expect(await confirm.isDisabled()).toBe(true); // a reason is required first
    const boxes = page.getByRole('group', { name: 'Environments to roll back' }).getByRole('checkbox');
    expect(await boxes.count()).toBe(production.environmentIds.length);
    await page.getByLabel('Reason (required)').fill('Invoices rejected after the release');
    await checkPage(page, 'rollback-dialog');
    await confirm.click();
    await page.getByRole('heading', { name: 'Rollback run' }).waitFor();
    await expect.poll(() => page.locator('#outcome-title .badge').textContent()).toBe('ROLLED BACK');
    await checkPage(page, 'run-rollback');

    const record = (await as('admin@example.com')('GET', `/promotions/${target.promotionId}`)).body;
    expect(record).toMatchObject({
      status: 'ROLLED_BACK',
      rolledBackBy: 'admin@example.com',
      rollbackReason: 'Invoices rejected after the release',
    });
    expect(await activeIn(production.environmentIds)).toEqual(productionBefore);

    // The rolled-back run cannot be rolled back again: the button says why.
    await page.goto(`${server.url}/runs/${productionRunId}`);
    await expect
      .poll(() => page.locator('.disabled-reason').textContent())
      .toBe(`ROLLBACK_NOT_ALLOWED Run ${productionRunId} is already rolled back`);
  });

  it('a run rolled back in one environment can still be rolled back in the others', async () => {
    const { page } = browser;
    const target = world.promotions[3]!;
    const qa = group('Acme QA Subscribers');
    const deployed = await as('admin@example.com')('POST', '/package-and-deploy', {
      body: {
        promotionId: target.promotionId,
        packageVersion: '5.0',
        deploymentTarget: 'TEST',
        integrationPackId: world.integrationPacks[0]!.id,
        targetAccountGroupId: qa.id,
      },
    });
    expect(deployed.body).toMatchObject({ success: true, deploymentStatus: 'DEPLOYED' });
    const runId: string = deployed.body.runId;
    const [first, second] = deployed.body.deployedEnvironments as {
      environmentId: string;
      environmentName: string;
    }[];

    // Roll back the first environment only.
    await page.goto(`${server.url}/runs/${runId}`);
    await page.getByRole('button', { name: 'Roll back…' }).click();
    const environments = page.getByRole('group', { name: 'Environments to roll back' });
    await environments.getByLabel(second!.environmentName, { exact: true }).uncheck();
    await page.getByLabel('Reason (required)').fill('Only the first environment misbehaves');
    await page.getByRole('button', { name: 'Roll back', exact: true }).click();
    await page.getByRole('heading', { name: 'Rollback run' }).waitFor();
    await expect.poll(() => page.locator('#outcome-title .badge').textContent()).toBe('ROLLED BACK');
    const run = (await as('admin@example.com')('GET', `/deployments/${runId}`)).body;
    expect(run.rolledBackEnvironmentIds).toEqual([first!.environmentId]);

    // The run page marks the environment rolled back, and still offers the rollback for the other.
    await page.goto(`${server.url}/runs/${runId}`);
    const results = page.locator('table').filter({ hasText: 'Per-environment results' });
    await expect
      .poll(() => results.locator('tbody tr').allTextContents())
      .toEqual([
        expect.stringMatching(new RegExp(`^${first!.environmentName}DEPLOYED.* · rolled back since$`)),
        expect.not.stringContaining('rolled back'),
      ]);
    await page.getByRole('button', { name: 'Roll back…' }).click();
    const boxes = page.getByRole('group', { name: 'Environments to roll back' }).getByRole('checkbox');
    expect(await boxes.count()).toBe(1);
    expect(await boxes.first().evaluate((box) => box.parentElement?.textContent)).toBe(
      second!.environmentName,
    );
    expect(await page.locator('dialog .hint').textContent()).toBe(
      `Already rolled back: ${first!.environmentName}.`,
    );
    await checkPage(page, 'rollback-dialog-partial');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('the peer reviewer cannot approve the deployment: REVIEWER_CANNOT_APPROVE', async () => {
    const { page } = browser;
    const target = world.promotions[2]!;
    await approveAsReviewer(target.promotionId, 'admin@example.com');
    await page.goto(`${server.url}/promotions/${target.promotionId}/deploy`);
    await page.getByLabel(/Mode 3 — PRODUCTION hotfix/).check();
    expect(await page.locator('#deploy-reason').textContent()).toBe(
      'REVIEWER_CANNOT_APPROVE The peer reviewer of a promotion cannot also approve its deployment',
    );
    expect(await page.getByRole('button', { name: 'Review the plan for PRODUCTION' }).isDisabled()).toBe(
      true,
    );
  });

  it('a hotfix is sent only with the acknowledgement and a justification', async () => {
    const { page } = browser;
    const target = world.promotions[1]!;
    await approveAsReviewer(target.promotionId);
    await page.goto(`${server.url}/promotions/${target.promotionId}/deploy`);
    await page.getByLabel(/Mode 3 — PRODUCTION hotfix/).check();
    await page.getByLabel('Package version').fill('1.0.1');
    await page.getByLabel('Pack', { exact: true }).selectOption(world.integrationPacks[0]!.id);
    const submit = page.getByRole('button', { name: 'Review the plan for PRODUCTION' });
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
    await submit.click();
    await expect.poll(() => page.locator('.plan').textContent()).toContain('Mode 3 — PRODUCTION hotfix');
    await checkPage(page, 'deploy-hotfix');
  });
});

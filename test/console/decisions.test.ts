/**
 * Decisions in the console against the real service in sandbox mode: the reviewer approves from
 * the queue, an admin denies and the initiator withdraws (each time the branch is gone from
 * Boomi's branch list), an admin's own promotion cannot be deployed (the button is disabled with
 * the spec's reason), the audit log and the notifications inbox show what happened. Outcomes are
 * read from the PromotionLog and the sandbox, not the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../e2e/support/cli.ts';
import { apiAs } from '../e2e/support/http.ts';
import { startServerWithSandbox, type SandboxControl, type World } from '../e2e/support/sandbox.ts';
import type { RunningServer } from '../e2e/support/server.ts';
import { checkPage, openBrowser, signInAsDemoUser, signOut, type Browser } from './support/browser.ts';

let server: RunningServer;
let sandbox: SandboxControl;
let world: World;
let browser: Browser;

beforeAll(async () => {
  ({ server, sandbox, world } = await startServerWithSandbox());
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const promotion = (index: number) => world.promotions[index]!;
const admin = () => apiAs(server.url, server.tokens['admin@example.com']!);

describe('console decisions', () => {
  it('the reviewer approves a promotion from the peer-review queue', async () => {
    const { page } = browser;
    const target = promotion(0);
    await signInAsDemoUser(page, server.url, 'reviewer@example.com');
    const tab = page.getByRole('tab', { name: /Awaiting peer review/ });
    await expect
      .poll(() => tab.getByLabel(/promotions$/).textContent())
      .toBe(String(world.promotions.length));
    await checkPage(page, 'home-reviewer');

    await page.getByRole('tabpanel').getByRole('link', { name: target.processName }).click();
    await page.getByRole('heading', { name: target.processName, level: 1 }).waitFor();
    // A reviewer may not deploy or deny: both buttons say why.
    await expect
      .poll(() => page.locator('.disabled-reason').allTextContents())
      .toEqual([
        'FORBIDDEN Package and Deploy requires the admin role (yours: reviewer)',
        'FORBIDDEN Denial requires the admin role (yours: reviewer)',
        'FORBIDDEN Only the initiator of a promotion or an admin can withdraw it',
      ]);
    await checkPage(page, 'promotion-reviewer');

    await page.getByRole('button', { name: 'Peer review…' }).click();
    await page.getByLabel('Comments (optional)').fill('Mappings checked against the spec');
    await checkPage(page, 'review-dialog');
    await page.getByRole('button', { name: 'Approve promotion' }).click();
    await expect
      .poll(() => page.locator('.history').textContent())
      .toContain('PEER APPROVED by reviewer@example.com');

    const record = (await admin()('GET', `/promotions/${target.promotionId}`)).body;
    expect(record).toMatchObject({
      peerReviewStatus: 'PEER_APPROVED',
      peerReviewedBy: 'reviewer@example.com',
      peerReviewComments: 'Mappings checked against the spec',
      adminReviewStatus: 'PENDING_ADMIN_REVIEW',
    });
    // Reviewed once: the button now carries ALREADY_REVIEWED, and the queue has one fewer.
    await expect
      .poll(() => page.locator('.disabled-reason').allTextContents())
      .toContain(`ALREADY_REVIEWED Promotion ${target.promotionId} was already reviewed (PEER_APPROVED)`);
    await page.getByRole('link', { name: 'Queues' }).click();
    await expect
      .poll(() => tab.getByLabel(/promotions$/).textContent())
      .toBe(String(world.promotions.length - 1));
    await signOut(page);
  });

  it('an admin denies a promotion: its branch is deleted and the refusal to deny again is shown', async () => {
    const { page } = browser;
    const target = promotion(1);
    const before = await sandbox.account(world.accountId);
    expect(before.branches.map((b) => b.id)).toContain(target.branchId);

    await signInAsDemoUser(page, server.url, 'admin@example.com');
    // The reviewer's approval put promotion 0 in the admin-approval queue.
    const approval = page.getByRole('tab', { name: /Awaiting admin approval/ });
    await expect.poll(() => approval.getByLabel(/promotions$/).textContent()).toBe('1');
    // The branch budget: the account's live branches (the sandbox's list) against 15 / 20.
    const status = (await admin()('GET', '/status')).body.branches;
    expect(status.count).toBe(before.branches.length);
    await expect
      .poll(() => page.locator('.budget-text').textContent())
      .toBe(`${status.count} of 20 branches — warning at 15, hard limit 20; within budget.`);
    await checkPage(page, 'home-admin');
    await page.goto(`${server.url}/promotions/${target.promotionId}`);
    await page.getByRole('button', { name: 'Deny…' }).click();
    const deny = page.getByRole('button', { name: 'Deny promotion' });
    expect(await deny.isDisabled()).toBe(true); // a reason is required first
    await page.getByLabel('Reason (required)').fill('Carrier contract not signed yet');
    await checkPage(page, 'deny-dialog');
    await deny.click();
    await expect.poll(() => page.locator('.page-title .badge').textContent()).toBe('ADMIN REJECTED');

    const record = (await admin()('GET', `/promotions/${target.promotionId}`)).body;
    expect(record).toMatchObject({
      status: 'ADMIN_REJECTED',
      adminReviewStatus: 'ADMIN_REJECTED',
      adminApprovedBy: 'admin@example.com',
      adminComments: 'Carrier contract not signed yet',
      branchId: null,
    });
    const after = await sandbox.account(world.accountId);
    expect(after.branches.map((b) => b.id)).not.toContain(target.branchId);
    await expect
      .poll(() => page.locator('.disabled-reason').allTextContents())
      .toContain(
        `PROMOTION_NOT_COMPLETED Promotion ${target.promotionId} has status 'ADMIN_REJECTED' — denial requires COMPLETED or TEST_DEPLOYED status`,
      );
    await checkPage(page, 'promotion-denied');
  });

  it('the audit log shows the decisions, filtered by action', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Action').fill('promotion.deny');
    await page.getByRole('button', { name: 'Filter' }).click();
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(`admin@example.com`);
    expect(await rows.first().textContent()).toContain(promotion(1).promotionId);
    expect(await rows.first().textContent()).toContain('SUCCESS');
    await page.getByLabel('Action').fill('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    await checkPage(page, 'audit');
    await signOut(page);
  });

  it('the notifications inbox lists what the service sent (kept in sandbox mode)', async () => {
    const { page } = browser;
    await signInAsDemoUser(page, server.url, 'admin@example.com');
    await page.getByRole('link', { name: 'Notifications', exact: true }).click();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    const listed = (await admin()('GET', '/notifications?limit=50')).body.items as {
      eventType: string;
      state: string;
    }[];
    expect(listed.map((n) => n.eventType)).toEqual(
      expect.arrayContaining(['promotion.peer_approved', 'promotion.denied']),
    );
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(listed.length);
    const events = await rows.locator('[data-label="Event"] code').allTextContents();
    expect(events).toEqual(listed.map((n) => n.eventType));
    // Only a failed notification can be sent again: none failed here, so no button.
    expect(await page.getByRole('button', { name: 'Send again' }).count()).toBe(
      listed.filter((n) => n.state === 'failed').length,
    );
    await checkPage(page, 'notifications');
    await signOut(page);
  });

  it('the initiator withdraws a promotion: its branch is deleted', async () => {
    const { page } = browser;
    const target = promotion(3);
    expect((await sandbox.account(world.accountId)).branches.map((b) => b.id)).toContain(target.branchId);
    await signInAsDemoUser(page, server.url, 'dev@example.com');
    const mine = page.getByRole('tab', { name: /My promotions/ });
    await expect
      .poll(() => mine.getByLabel(/promotions$/).textContent())
      .toBe(String(world.promotions.length));
    await checkPage(page, 'home-promoter');
    await page.goto(`${server.url}/promotions/${target.promotionId}`);
    await page.getByRole('button', { name: 'Withdraw…' }).click();
    await page.getByLabel('Reason (optional)').fill('Superseded by the carrier rework');
    await checkPage(page, 'withdraw-dialog');
    await page.getByRole('button', { name: 'Withdraw promotion' }).click();
    await expect.poll(() => page.locator('.page-title .badge').textContent()).toBe('WITHDRAWN');

    const record = (await admin()('GET', `/promotions/${target.promotionId}`)).body;
    expect(record).toMatchObject({
      status: 'WITHDRAWN',
      withdrawalReason: 'Superseded by the carrier rework',
      branchId: null,
    });
    expect((await sandbox.account(world.accountId)).branches.map((b) => b.id)).not.toContain(target.branchId);
    // Withdrawn once: the button now says why it cannot be withdrawn again.
    await expect
      .poll(() => page.locator('.disabled-reason').allTextContents())
      .toContain(
        `PROMOTION_NOT_WITHDRAWABLE Promotion ${target.promotionId} has status 'WITHDRAWN' — withdrawal requires COMPLETED or TEST_DEPLOYED status, not yet promoted`,
      );
    await checkPage(page, 'promotion-withdrawn');
    await signOut(page);
  });

  it('an admin’s own promotion: deploy and deny are disabled with SELF_APPROVAL_NOT_ALLOWED', async () => {
    const { page } = browser;
    // The demo promotions were initiated by dev@example.com: give that person the admin role too.
    const token = await createToken(server, 'dev@example.com', ['admin']);
    await page.goto(server.url);
    await page.getByLabel('Paste an API token or a JWT').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('.who-name').waitFor();
    await page.goto(`${server.url}/promotions/${promotion(2).promotionId}`);
    const deploy = page.getByRole('button', { name: 'Deploy…' });
    await deploy.waitFor();
    expect(await deploy.isDisabled()).toBe(true);
    await expect
      .poll(() => page.locator('.disabled-reason').allTextContents())
      .toEqual([
        'SELF_APPROVAL_NOT_ALLOWED Admin cannot approve and deploy their own promotion',
        'SELF_REVIEW_NOT_ALLOWED You cannot review your own promotion',
        'SELF_APPROVAL_NOT_ALLOWED Admin cannot deny their own promotion',
      ]);
    // The reason is tied to the button for assistive technology.
    const describedBy = await deploy.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain('SELF_APPROVAL_NOT_ALLOWED');
    await checkPage(page, 'promotion-own');
    await signOut(page);
  });
});

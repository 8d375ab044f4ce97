/**
 * The console's sign-in against the real service in sandbox mode: each demo user in one click
 * (the header names them and their role, as the service's GET /me says), a pasted API token, and
 * a wrong token refused with the service's code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../e2e/support/cli.ts';
import { startServerWithSandbox } from '../e2e/support/sandbox.ts';
import type { RunningServer } from '../e2e/support/server.ts';
import {
  checkPage,
  localStorageSize,
  openBrowser,
  signInAsDemoUser,
  signOut,
  storedSession,
  type Browser,
} from './support/browser.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ({ server } = await startServerWithSandbox());
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('console sign-in', () => {
  it('offers the sandbox demo users on an accessible sign-in page', async () => {
    const { page } = browser;
    await page.goto(server.url);
    const buttons = page.getByRole('list').getByRole('button');
    await expect.poll(() => buttons.count()).toBe(4);
    await checkPage(page, 'sign-in');
  });

  it.each([
    ['admin@example.com', 'admin'],
    ['admin2@example.com', 'admin'],
    ['reviewer@example.com', 'reviewer'],
    ['dev@example.com', 'promoter'],
  ])('signs in as %s (%s) in one click and out again', async (email, role) => {
    const { page } = browser;
    await signInAsDemoUser(page, server.url, email);
    await expect.poll(() => page.locator('.who-roles').textContent()).toBe(`(${role})`);
    // Only admins read the audit log: the navigation offers it to them alone.
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(role === 'admin' ? 1 : 0);
    await signOut(page);
    expect(await storedSession(page)).toBeNull();
  });

  it('signs in with a pasted API token, and refuses a wrong one with UNAUTHENTICATED', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByLabel('Paste an API token or a JWT').fill('promo_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('UNAUTHENTICATED');

    const token = await createToken(server, 'viewer.console@example.com', ['viewer']);
    await page.getByLabel('Paste an API token or a JWT').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.locator('.who-name').textContent()).toContain('viewer.console@example.com');
    // The token lives in this tab's session storage only.
    expect(await localStorageSize(page)).toBe(0);
    expect(await storedSession(page)).toContain(token);
    await signOut(page);
  });
});

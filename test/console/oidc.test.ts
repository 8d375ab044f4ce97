/**
 * OIDC sign-in in the console against a real provider started here: authorization code + PKCE
 * in the browser, the provider's own login and consent pages, and the ID token as the bearer.
 * The service maps the token's groups to roles: the header shows the role the group gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../src/store/free-port.ts';
import { startServer, type RunningServer } from '../e2e/support/server.ts';
import { checkPage, openBrowser, signOut, storedSession, type Browser } from './support/browser.ts';
import { startOidcProvider, type RunningProvider } from './support/oidc-provider.ts';

const CLIENT_ID = 'promo-console';
let server: RunningServer;
let provider: RunningProvider;
let browser: Browser;

beforeAll(async () => {
  const [servicePort, providerPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  provider = await startOidcProvider({
    port: providerPort,
    clientId: CLIENT_ID,
    redirectUri: `http://127.0.0.1:${servicePort}/signin/callback`,
    groups: {
      'ada@example.com': ['ABC_BOOMI_FLOW_ADMIN'],
      'rex@example.com': ['ABC_BOOMI_FLOW_REVIEWER', 'UNRELATED_GROUP'],
    },
  });
  server = await startServer({
    env: {
      PROMO_PORT: String(servicePort),
      PROMO_OIDC_ISSUER: provider.issuer,
      PROMO_OIDC_AUDIENCE: CLIENT_ID,
      PROMO_OIDC_JWKS_URL: `${provider.issuer}/jwks`,
      PROMO_OIDC_CLIENT_ID: CLIENT_ID,
      PROMO_OIDC_SCOPE: 'openid email groups',
      PROMO_OIDC_GROUP_ROLES: 'ABC_BOOMI_FLOW_ADMIN=admin,ABC_BOOMI_FLOW_REVIEWER=reviewer',
    },
  });
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await provider?.close();
});

async function signInThroughProvider(login: string): Promise<void> {
  const { page } = browser;
  // No single sign-on from an earlier test: the provider asks who is signing in.
  await browser.context.clearCookies();
  await page.goto(`${server.url}/audit`);
  await page.getByRole('button', { name: 'Sign in with your organisation (OIDC)' }).click();
  // The provider's own pages: login (any password), then consent.
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();
  await page.locator('.who-name', { hasText: login }).waitFor();
}

describe('console OIDC sign-in (authorization code + PKCE)', () => {
  it('signs an admin in through the provider, back to the page asked for, groups mapped to roles', async () => {
    const { page } = browser;
    await signInThroughProvider('ada@example.com');
    expect(await page.locator('.who-roles').textContent()).toBe('(admin)');
    // Back where the person started, signed in with the provider's ID token as the bearer.
    expect(new URL(page.url()).pathname).toBe('/audit');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const session = JSON.parse((await storedSession(page))!);
    expect(session.method).toBe('oidc');
    const claims = JSON.parse(Buffer.from(session.token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ iss: provider.issuer, aud: CLIENT_ID, email: 'ada@example.com' });
    await checkPage(page, 'audit-oidc');
    await signOut(page);
  });

  it('a reviewer’s groups give the reviewer role and no audit log', async () => {
    const { page } = browser;
    await signInThroughProvider('rex@example.com');
    expect(await page.locator('.who-roles').textContent()).toBe('(reviewer)');
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await expect.poll(() => page.locator('.disabled-reason').textContent()).toContain('FORBIDDEN');
  });
});

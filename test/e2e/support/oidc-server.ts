/**
 * The real server in sandbox mode, configured for OIDC by environment variables, with the test's
 * own issuer (a JWKS served over loopback) whose groups map to the four roles.
 */
import { GROUP_ROLES, startOidcFixture, type OidcFixture } from '../../http/oidc-fixture.ts';
import { startServerWithSandbox, type SandboxControl, type World } from './sandbox.ts';
import type { RunningServer } from './server.ts';

export async function startServerWithOidc(): Promise<{
  oidc: OidcFixture;
  server: RunningServer;
  sandbox: SandboxControl;
  world: World;
}> {
  const oidc = await startOidcFixture();
  try {
    const started = await startServerWithSandbox({
      env: {
        PROMO_OIDC_ISSUER: oidc.config.issuer,
        PROMO_OIDC_AUDIENCE: oidc.config.audience,
        PROMO_OIDC_JWKS_URL: oidc.jwksUrl,
        PROMO_OIDC_GROUP_ROLES: Object.entries(GROUP_ROLES)
          .map(([group, role]) => `${group}=${role}`)
          .join(','),
      },
    });
    return { oidc, ...started };
  } catch (error) {
    await oidc.close();
    throw error;
  }
}

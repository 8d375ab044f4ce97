/**
 * How people sign in to the console (spec §14): an API token always; OIDC when a console client
 * id is configured; in sandbox mode only, the demo users with their tokens (they exist nowhere else).
 */
import type { OidcConfig } from '../config.ts';
import type { DemoUser, OidcSignIn, SignInService } from './contract.ts';

export interface SignInSettings {
  /** Sandbox mode only: the demo users and their current tokens. */
  demoUsers?: readonly DemoUser[];
  oidc?: OidcSignIn;
}

/**
 * The console's OIDC client, when one is configured. The API accepts the ID token when the
 * configured audience is the console's client id, else the access token.
 */
export function consoleOidcSignIn(oidc: OidcConfig | undefined): OidcSignIn | undefined {
  if (!oidc?.consoleClientId) return undefined;
  return {
    issuer: oidc.issuer,
    clientId: oidc.consoleClientId,
    scope: oidc.consoleScope ?? 'openid email profile',
    bearer: oidc.audience === oidc.consoleClientId ? 'id_token' : 'access_token',
  };
}

export function createSignInService(settings: SignInSettings = {}): SignInService {
  const demoUsers = settings.demoUsers?.filter((user) => user.token !== '');
  return {
    options: () => ({ sandboxDemoUsers: demoUsers !== undefined, oidc: settings.oidc ?? null }),
    demoUsers: demoUsers ? async () => [...demoUsers] : null,
  };
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on a loopback port, for the
 * console's sign-in: the console is a public client (no secret) doing the authorization code
 * flow with PKCE. Its development login page takes any login; the login names the account, whose
 * `email` is the login and whose `groups` come from the map given here.
 */
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export interface RunningProvider {
  issuer: string;
  close(): Promise<void>;
}

export interface ProviderOptions {
  port: number;
  clientId: string;
  redirectUri: string;
  /** login → groups claim */
  groups: Record<string, string[]>;
}

export async function startOidcProvider(options: ProviderOptions): Promise<RunningProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'console-test', alg: 'RS256', use: 'sig' };
  const consoleOrigin = new URL(options.redirectUri).origin;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk as never] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], groups: ['groups'] },
    // The scope's claims go into the ID token itself: that token is the console's bearer.
    conformIdTokenClaims: false,
    // The console (another origin) calls the token endpoint from the browser.
    clientBasedCORS: (_ctx, origin) => origin === consoleOrigin,
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: id, email_verified: true, groups: options.groups[id] ?? [] }),
    }),
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A tiny OIDC issuer for tests: a JWKS served over loopback HTTP (so the verifier's real
 * `createRemoteJWKSet` fetches it) and a signer for tokens with any claims.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import type { OidcConfig } from '../../src/config.ts';

export interface OidcFixture {
  config: OidcConfig;
  jwksUrl: string;
  /** Signs with the published key unless `key` is given (e.g. a key the JWKS does not hold). */
  sign(
    claims: JWTPayload,
    options?: { expiresIn?: string | number; key?: CryptoKey; kid?: string },
  ): Promise<string>;
  /** A signing key pair that is NOT in the JWKS. */
  strangerKey: CryptoKey;
  close(): Promise<void>;
}

export const GROUP_ROLES = {
  ABC_BOOMI_FLOW_ADMIN: 'admin',
  ABC_BOOMI_FLOW_REVIEWER: 'reviewer',
  ABC_BOOMI_FLOW_CONTRIBUTOR: 'promoter',
  ABC_BOOMI_FLOW_READONLY: 'viewer',
} as const;

export async function startOidcFixture(): Promise<OidcFixture> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((request, response) => {
    if (request.url !== '/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  const config: OidcConfig = {
    issuer: 'https://login.example.com/tenant/v2.0',
    audience: 'api://promo',
    jwksUrl,
    emailClaim: 'email',
    groupsClaim: 'groups',
    groupRoles: { ...GROUP_ROLES },
  };
  return {
    config,
    jwksUrl,
    strangerKey: stranger.privateKey,
    sign(claims, options = {}) {
      return new SignJWT({ iss: config.issuer, aud: config.audience, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'test-key' })
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '10m')
        .sign(options.key ?? privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * OIDC JWT verification with jose: signature against the issuer's JWKS (fetched and cached by
 * `createRemoteJWKSet`), issuer, audience and expiry; the email claim names the caller and the
 * groups claim maps to roles through configuration (e.g. ABC_BOOMI_FLOW_ADMIN ⇒ admin).
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { OidcConfig } from '../../config.ts';
import type { Role } from '../../domain/caller.ts';
import { PromoError } from '../../domain/errors.ts';
import type { Caller } from '../../domain/caller.ts';

export interface OidcVerifier {
  /** Resolves the caller, or throws PromoError UNAUTHENTICATED / SERVICE_UNAVAILABLE. */
  verify(token: string): Promise<Caller>;
}

export interface OidcVerifierOptions {
  /** Replaces the remote JWKS (tests may pass `createLocalJWKSet`). */
  keys?: JWTVerifyGetKey;
  /** Seconds of clock skew tolerated on exp/nbf; default 30. */
  clockToleranceSeconds?: number;
}

/** Signature algorithms accepted: asymmetric only, so a shared-secret token can never pass. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export function createOidcVerifier(config: OidcConfig, options: OidcVerifierOptions = {}): OidcVerifier {
  const keys = options.keys ?? createRemoteJWKSet(new URL(config.jwksUrl));
  const clockTolerance = options.clockToleranceSeconds ?? 30;
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: ALGORITHMS,
          clockTolerance,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        throw toAuthError(error);
      }
      return callerFromClaims(payload, config);
    },
  };
}

function toAuthError(error: unknown): PromoError {
  // The identity provider being unreachable is our outage, not the caller's fault.
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    !(error instanceof errors.JOSEError)
  ) {
    return new PromoError('SERVICE_UNAVAILABLE', 'The identity provider (JWKS) could not be reached');
  }
  if (error instanceof errors.JWTExpired) return new PromoError('UNAUTHENTICATED', 'The token has expired');
  return new PromoError('UNAUTHENTICATED', 'The token is not valid for this service');
}

export function rolesFromGroups(groups: unknown, groupRoles: Record<string, Role>): Role[] {
  const list = typeof groups === 'string' ? [groups] : Array.isArray(groups) ? groups : [];
  const roles = new Set<Role>();
  for (const group of list) {
    if (typeof group !== 'string') continue;
    const role = Object.hasOwn(groupRoles, group) ? groupRoles[group] : undefined;
    if (role) roles.add(role);
  }
  return [...roles];
}

function callerFromClaims(payload: JWTPayload, config: OidcConfig): Caller {
  const email = payload[config.emailClaim];
  if (typeof email !== 'string' || !email.includes('@')) {
    throw new PromoError(
      'UNAUTHENTICATED',
      `The token carries no '${config.emailClaim}' claim with an email`,
    );
  }
  const caller: Caller = {
    email: email.trim().toLowerCase(),
    roles: rolesFromGroups(payload[config.groupsClaim], config.groupRoles),
  };
  if (typeof payload.sub === 'string') caller.subject = payload.sub;
  return caller;
}

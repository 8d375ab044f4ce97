/**
 * `Authorization: Bearer <token>` → Caller. A token with the `promo_` prefix is a service API
 * token; anything shaped like a JWT goes to the OIDC verifier (when OIDC is configured).
 */
import { PromoError } from '../../domain/errors.ts';
import { API_TOKEN_PREFIX, verifyApiToken, type ApiTokenLookup } from '../../app/api-tokens.ts';
import type { Caller } from '../../domain/caller.ts';
import type { OidcVerifier } from './oidc.ts';

export type Authenticator = (authorization: string | undefined) => Promise<Caller>;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Longer than any sane JWT; refuses header bombs before any parsing. */
const MAX_TOKEN_LENGTH = 8192;

export function createAuthenticator(deps: {
  apiTokens: ApiTokenLookup;
  oidc?: OidcVerifier | undefined;
}): Authenticator {
  return async (authorization) => {
    if (authorization === undefined || authorization.trim() === '') {
      throw new PromoError('UNAUTHENTICATED', 'Authentication required: send Authorization: Bearer <token>');
    }
    const match = /^Bearer +(\S+)\s*$/i.exec(authorization);
    const token = match?.[1];
    if (!token || token.length > MAX_TOKEN_LENGTH) {
      throw new PromoError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"');
    }
    if (token.startsWith(API_TOKEN_PREFIX)) return verifyApiToken(deps.apiTokens, token);
    if (deps.oidc && JWT_SHAPE.test(token)) return deps.oidc.verify(token);
    throw new PromoError('UNAUTHENTICATED', 'The token is not valid for this service');
  };
}

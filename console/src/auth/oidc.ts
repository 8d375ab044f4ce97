/**
 * OIDC sign-in in the browser: authorization code flow with PKCE (S256) against the
 * organisation's provider, no client secret. The provider's endpoints come from its discovery
 * document; the verifier, state and nonce live in sessionStorage only for the round trip. The
 * token the API accepts (ID or access token, as the service says) becomes the bearer; the
 * service verifies its signature, issuer, audience and expiry on every call.
 */
import type { OidcSignIn } from '../api/types';

const PENDING = 'promo.oidc.pending';
export const CALLBACK_PATH = '/signin/callback';

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  tokenEndpoint: string;
  returnTo: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`The identity provider's discovery document answered ${response.status}`);
  return (await response.json()) as Discovery;
}

function redirectUri(): string {
  return `${window.location.origin}${CALLBACK_PATH}`;
}

/** Sends the browser to the provider's sign-in page. */
export async function startOidcSignIn(options: OidcSignIn, returnTo: string): Promise<void> {
  const discovery = await discover(options.issuer);
  const pending: Pending = {
    state: randomString(),
    nonce: randomString(),
    verifier: randomString(),
    tokenEndpoint: discovery.token_endpoint,
    returnTo,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: redirectUri(),
    scope: options.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await challengeOf(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
}

function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  return JSON.parse(json) as Record<string, unknown>;
}

/**
 * Finishes the round trip on the callback page: checks the state, exchanges the code with the
 * PKCE verifier, checks the ID token's nonce, and answers the bearer token and where to go next.
 */
export async function completeOidcSignIn(
  options: OidcSignIn,
  query: URLSearchParams,
): Promise<{ token: string; returnTo: string }> {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  const pending = raw ? (JSON.parse(raw) as Pending) : null;
  const error = query.get('error');
  if (error) throw new Error(`The identity provider refused: ${query.get('error_description') ?? error}`);
  if (!pending || query.get('state') !== pending.state) {
    throw new Error('This sign-in answer does not belong to a sign-in started here; start again');
  }
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: query.get('code') ?? '',
      redirect_uri: redirectUri(),
      client_id: options.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const tokens = (await response.json()) as { id_token?: string; access_token?: string; error?: string };
  if (!response.ok || !tokens.id_token) {
    throw new Error(`The code exchange failed: ${tokens.error ?? `HTTP ${response.status}`}`);
  }
  if (claimsOf(tokens.id_token).nonce !== pending.nonce)
    throw new Error('The ID token is not for this sign-in');
  const token = options.bearer === 'id_token' ? tokens.id_token : tokens.access_token;
  if (!token) throw new Error(`The identity provider issued no ${options.bearer}`);
  return { token, returnTo: pending.returnTo };
}

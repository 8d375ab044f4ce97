// HTTP Basic authentication as Boomi does it (reference §1.2): `BOOMI_TOKEN.<user>:<api token>`, or a
// plain user/password for users that have one. 401 for bad credentials; 403 for a user without access
// to the URL's account or to the partner call's overrideAccount.
import { createHash, timingSafeEqual } from 'node:crypto';
import { BoomiError, messages } from './errors.ts';
import type { SandboxUser } from './model.ts';
import type { AccountState, SandboxState } from './state.ts';

const TOKEN_PREFIX = 'BOOMI_TOKEN.';

interface BasicCredentials {
  username: string;
  secret: string;
}

export function parseBasic(header: string | undefined): BasicCredentials | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** The platform user name a request claims (for the call log), without checking the secret. */
export function claimedUser(header: string | undefined): string | undefined {
  const username = parseBasic(header)?.username;
  return username?.startsWith(TOKEN_PREFIX) ? username.slice(TOKEN_PREFIX.length) : username;
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function authenticateUser(state: SandboxState, header: string | undefined): SandboxUser {
  const credentials = parseBasic(header);
  const unauthenticated = new BoomiError(401, messages.unauthenticated());
  if (!credentials) throw unauthenticated;
  const viaToken = credentials.username.startsWith(TOKEN_PREFIX);
  const email = viaToken ? credentials.username.slice(TOKEN_PREFIX.length) : credentials.username;
  const user = state.users.get(email.toLowerCase());
  if (!user) throw unauthenticated;
  const expected = viaToken ? user.apiToken : user.password;
  if (expected === undefined || !sameSecret(credentials.secret, expected)) throw unauthenticated;
  return user;
}

export interface Authenticated {
  user: SandboxUser;
  /** The effective account: the URL's account, or `overrideAccount` on partner calls. */
  account: AccountState;
}

export function authenticate(
  state: SandboxState,
  header: string | undefined,
  urlAccountId: string,
  partner: boolean,
  overrideAccount: string | undefined,
): Authenticated {
  const user = authenticateUser(state, header);
  const forbidden = new BoomiError(403, messages.forbidden());
  const primary = state.accounts.get(urlAccountId);
  if (!primary || !user.accountIds.has(primary.id)) throw forbidden;
  if (!partner || !overrideAccount || overrideAccount === primary.id) return { user, account: primary };
  // The primary account must sit above the override account in the hierarchy (reference §1.1).
  const effective = state.accounts.get(overrideAccount);
  if (!effective || !state.isWithin(effective.id, primary.id)) throw forbidden;
  return { user, account: effective };
}

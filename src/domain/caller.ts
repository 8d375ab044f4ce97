/**
 * Who is calling, and the roles there are. The caller is built only from a verified credential
 * (API token or OIDC JWT), never from anything a request body says: the self-approval and
 * self-review rules depend on it.
 */

/** Every role, in the order they are listed to people (CLI help, docs). */
export const ROLES = ['admin', 'reviewer', 'promoter', 'viewer'] as const;

export type Role = (typeof ROLES)[number];

export interface Caller {
  /** Lower-cased, so every identity comparison is case-insensitive by construction. */
  email: string;
  roles: readonly Role[];
  /** Set when the caller used a service API token. */
  tokenId?: string;
  /** Set when the caller used an OIDC JWT (its `sub` claim). */
  subject?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function hasAnyRole(caller: Pick<Caller, 'roles'>, allowed: readonly Role[]): boolean {
  return caller.roles.some((role) => allowed.includes(role));
}

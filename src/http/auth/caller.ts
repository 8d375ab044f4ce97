/**
 * Who is calling. Built only from a verified credential (API token or OIDC JWT), never from
 * anything the request body says: the self-approval and self-review rules depend on it.
 */
import type { Role } from '../../config.ts';

export type { Role };

export interface Caller {
  /** Lower-cased, so every identity comparison is case-insensitive by construction. */
  email: string;
  roles: Role[];
  /** Set when the caller used a service API token. */
  tokenId?: string;
  /** Set when the caller used an OIDC JWT (its `sub` claim). */
  subject?: string;
}

export const ROLES: readonly Role[] = ['admin', 'reviewer', 'promoter', 'viewer'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function hasAnyRole(caller: Caller, allowed: readonly Role[]): boolean {
  return caller.roles.some((role) => allowed.includes(role));
}

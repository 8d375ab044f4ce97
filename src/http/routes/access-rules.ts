/** Who may call what (spec §7–§8): reads are open to every role, changes to the named ones. */
import type { FastifyRequest } from 'fastify';
import { PromoError } from '../../domain/errors.ts';
import { ROLES, type Caller, type Role } from '../../domain/caller.ts';

export const ANY_ROLE: readonly Role[] = ROLES;
export const ADMIN: readonly Role[] = ['admin'];
export const REVIEWER_OR_ADMIN: readonly Role[] = ['reviewer', 'admin'];
/** Spec §7: registering promotions is the promoter's (the domain's registration rules agree). */
export const PROMOTER: readonly Role[] = ['promoter'];

/** The authenticated caller; the auth plugin guarantees one on every non-public route. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error(`No authenticated caller on ${request.method} ${request.url}`);
  return request.caller;
}

export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  return request.idempotency?.key;
}

/** A target id read from an untrusted body, bounded so a hostile body cannot bloat the audit log. */
export function bodyField(request: FastifyRequest, field: string): string | null {
  const body = request.body as Record<string, unknown> | null | undefined;
  const value = typeof body === 'object' && body !== null ? body[field] : undefined;
  return typeof value === 'string' ? value.slice(0, 255) : null;
}

export function notFound(what: string): PromoError {
  return new PromoError('NOT_FOUND', `${what} was not found`);
}

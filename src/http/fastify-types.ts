/**
 * What this app adds to Fastify's request and route config, declared once.
 * `allow` on every route says who may call it; `audit` marks state changes for the audit log.
 */
import type { FastifyRequest } from 'fastify';
// Brings in the OpenAPI schema keywords (tags, summary, security…) on route schemas.
import type {} from '@fastify/swagger';
import type { ErrorCode } from '../domain/errors.ts';
import type { Caller, Role } from '../domain/caller.ts';

export interface AuditSpec {
  /** e.g. `promotion.register`, `deployment.start`, `promotion.deny`. */
  action: string;
  targetType: string;
  /** Reads the target id from the request (params or body); null when there is none. */
  targetId: (request: FastifyRequest) => string | null | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; null on public routes (and before authentication ran). */
    caller: Caller | null;
    /** Set by the error handler, read by the audit log. */
    errorCode: ErrorCode | null;
  }
  interface FastifyContextConfig {
    /** Roles allowed to call the route, or 'public' for unauthenticated operations endpoints. */
    allow?: readonly Role[] | 'public';
    audit?: AuditSpec;
  }
}

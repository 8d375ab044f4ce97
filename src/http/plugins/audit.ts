/**
 * The audit trail of the HTTP API (spec §8): every request to a state-changing route by an
 * authenticated caller leaves one entry — who, which action, which target, and the outcome,
 * refusals included (`REFUSED:<code>`). Written before the answer leaves, so a client that saw
 * the answer can rely on the entry existing. Unauthenticated attempts are not audited (anyone
 * could flood the log with them); they are in the request log.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditService } from '../../app/contract.ts';
import './idempotency.ts';
import './request-id.ts';

export function outcomeOf(request: FastifyRequest, reply: FastifyReply): string {
  if (reply.statusCode < 400) return 'SUCCESS';
  const code = request.errorCode ?? `HTTP_${reply.statusCode}`;
  return reply.statusCode < 500 ? `REFUSED:${code}` : `FAILED:${code}`;
}

export function registerAudit(app: FastifyInstance, auditLog: Pick<AuditService, 'append'>): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const spec = request.routeOptions.config.audit;
    if (!spec || !request.caller) return payload;
    try {
      await auditLog.append({
        actor: request.caller.email,
        subject: request.caller.subject ?? null,
        action: spec.action,
        targetType: spec.targetType,
        targetId: spec.targetId(request) ?? null,
        outcome: outcomeOf(request, reply),
        detail: {
          method: request.method,
          path: request.url.split('?')[0],
          status: reply.statusCode,
          requestId: request.id,
          ...(request.clientRequestId ? { clientRequestId: request.clientRequestId } : {}),
          ...(request.caller.tokenId ? { tokenId: request.caller.tokenId } : {}),
          ...(request.idempotency ? { idempotencyKey: request.idempotency.key } : {}),
          ...(request.idempotency?.replayed ? { replayed: true } : {}),
        },
      });
    } catch (error) {
      // The change already happened; failing the answer now would invite a duplicate retry.
      request.log.error({ err: error, action: spec.action }, 'audit log append failed');
    }
    return payload;
  });
}

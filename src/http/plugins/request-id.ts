/**
 * The service's request id is its own (a UUID per request), so no client can choose what the
 * logs and the audit log call a request. A client's `X-Request-Id` is kept beside it as
 * `clientRequestId` — only the characters of a safe set, at most 128 — in every log line of the
 * request and in its audit entry. The answer carries the service's id in `X-Request-Id`.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

const MAX_CLIENT_REQUEST_ID = 128;
const UNSAFE = /[^A-Za-z0-9._:@/+=-]/g;

declare module 'fastify' {
  interface FastifyRequest {
    clientRequestId: string | null;
  }
}

export const generateRequestId = (): string => randomUUID();

/** The client's id reduced to the safe set and bounded; null when nothing usable is left. */
export function sanitiseClientRequestId(value: unknown): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string') return null;
  const safe = raw.replace(UNSAFE, '').slice(0, MAX_CLIENT_REQUEST_ID);
  return safe === '' ? null : safe;
}

export function registerRequestIds(app: FastifyInstance): void {
  app.decorateRequest('clientRequestId', null);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    const clientRequestId = sanitiseClientRequestId(request.headers['x-request-id']);
    if (clientRequestId === null) return;
    request.clientRequestId = clientRequestId;
    // Both: Fastify's "request completed" line is written through the reply's logger.
    request.log = request.log.child({ clientRequestId });
    reply.log = request.log;
  });
}

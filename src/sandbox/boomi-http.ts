// The HTTP side of the Boomi surface: mounts every operation under the platform and partner prefixes
// and runs each call through auth → rate limit → faults → latency → async advance → handler.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { advanceAll } from './advance.ts';
import { authenticate, claimedUser } from './auth.ts';
import { BoomiError, messages } from './errors.ts';
import { boomiRoutes } from './objects/index.ts';
import { splitBoomiUrl } from './path-pattern.ts';
import type { BoomiRoute, RequestContext } from './routing.ts';
import type { SandboxInstance } from './instance.ts';

const PREFIXES = ['/api/rest/v1/:accountId', '/partner/api/rest/v1/:accountId'] as const;

/** Who a call ran as, noted for the call log (which runs after the reply). */
export const callIdentity = new WeakMap<FastifyRequest, { account: string; user: string | undefined }>();

function wantsJson(request: FastifyRequest): boolean {
  return /json/i.test(String(request.headers.accept ?? ''));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Boomi's error body: JSON `{"@type":"Error","message"}` or XML `<error><message>` (reference §3.2). */
export function sendBoomiError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
): FastifyReply {
  reply.code(status);
  if (wantsJson(request)) return reply.type('application/json').send({ '@type': 'Error', message });
  return reply.type('application/xml').send(`<error><message>${escapeXml(message)}</message></error>`);
}

function readBody(route: BoomiRoute, request: FastifyRequest): unknown {
  const raw = typeof request.body === 'string' ? request.body.trim() : '';
  if (route.body === 'text') {
    // queryMore: the bare token, whatever the content type (reference §1.3); tolerate a JSON string.
    return raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  }
  if (raw === '') return undefined;
  if (!/json/i.test(String(request.headers['content-type'] ?? '')))
    throw new BoomiError(400, messages.jsonOnly());
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new BoomiError(400, messages.malformedBody((error as Error).message));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BoomiError(400, messages.malformedBody('expected a JSON object'));
  }
  return parsed;
}

function handlerFor(instance: SandboxInstance, route: BoomiRoute, partner: boolean) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { state, faults, latency, rateLimiter } = instance;
    const params = request.params as Record<string, string>;
    const urlAccountId = params.accountId ?? '';
    const query = request.query as Record<string, string | undefined>;
    const objectPath = splitBoomiUrl(request.url)?.objectPath ?? route.path;
    const identity = { account: urlAccountId, user: claimedUser(request.headers.authorization) };
    callIdentity.set(request, identity);

    const { user, account } = authenticate(
      state,
      request.headers.authorization,
      urlAccountId,
      partner,
      query.overrideAccount,
    );
    identity.account = account.id;
    identity.user = user.email;
    if (!route.read && user.readOnly) throw new BoomiError(403, messages.forbidden());
    if (!rateLimiter.take(account.id)) throw new BoomiError(503, messages.rateLimited());

    const delay = latency.delayFor(request.method, objectPath, route.path);
    if (delay > 0) await sleep(delay);
    const fault = faults.matchCall(request.method, objectPath, account.id);
    if (fault) {
      if (fault.body !== undefined) return reply.code(fault.status).send(fault.body);
      const message = fault.status === 503 ? messages.rateLimited() : messages.injectedFault(fault.status);
      return sendBoomiError(request, reply, fault.status, message);
    }

    const body = readBody(route, request);
    advanceAll(state);
    const host = request.headers.host ?? 'localhost';
    const ctx: RequestContext = {
      state,
      faults,
      account,
      user,
      params,
      body,
      nowMs: state.nowMs(),
      apiBase: `${request.protocol}://${host}/api/rest/v1/${account.id}`,
    };
    const result = await route.handler(ctx);
    reply.code(result.status ?? 200);
    if (result.body === undefined) return reply.send('');
    return reply.type('application/json').send(result.body);
  };
}

/** Registers the Boomi operations in an encapsulated scope with its own body parsing and errors. */
export function registerBoomiRoutes(app: FastifyInstance, instance: SandboxInstance): void {
  void app.register(async (scope) => {
    // Bodies are read as text: queryMore takes a bare token even when labelled JSON.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      if (error instanceof BoomiError) return sendBoomiError(request, reply, error.status, error.message);
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) request.log.error({ err: error }, 'sandbox handler failed');
      return sendBoomiError(
        request,
        reply,
        status,
        status >= 500 ? 'Internal sandbox error.' : error.message,
      );
    });
    for (const prefix of PREFIXES) {
      for (const route of boomiRoutes) {
        scope.route({
          method: route.method,
          url: prefix + route.path.replace(/\{(\w+)\}/g, ':$1'),
          handler: handlerFor(instance, route, prefix.startsWith('/partner')),
        });
      }
    }
  });
}

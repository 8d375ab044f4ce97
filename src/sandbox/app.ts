// Builds the sandbox's Fastify app: the Boomi Platform API surface, the control API, and a call log
// of every Boomi-path request (404s, throttled and faulted calls included).
import Fastify, { type FastifyInstance } from 'fastify';
import { claimedUser } from './auth.ts';
import { callIdentity, registerBoomiRoutes, sendBoomiError } from './boomi-http.ts';
import { registerControlApi } from './control-api.ts';
import { messages } from './errors.ts';
import { splitBoomiUrl, withoutTrailingSlash } from './path-pattern.ts';
import { createSandboxInstance, type SandboxOptions, type SandboxInstance } from './instance.ts';

export type { SandboxOptions } from './instance.ts';

const instances = new WeakMap<FastifyInstance, SandboxInstance>();

/** The instance (state, faults, call log, world) behind an app built by buildSandboxApp. */
export function sandboxInstance(app: FastifyInstance): SandboxInstance {
  const instance = instances.get(app);
  if (!instance) throw new Error('not a sandbox app: build it with buildSandboxApp()');
  return instance;
}

export function buildSandboxApp(opts: SandboxOptions): FastifyInstance {
  const app = Fastify({
    logger: opts.logger ? { level: 'info', redact: ['req.headers.authorization'] } : false,
    rewriteUrl: (request) => withoutTrailingSlash(request.url ?? '/'),
  });
  const instance = createSandboxInstance(opts);
  instances.set(app, instance);

  app.addHook('onResponse', async (request, reply) => {
    const boomi = splitBoomiUrl(request.url);
    if (!boomi) return;
    const identity = callIdentity.get(request);
    const durationMs = Math.round(reply.elapsedTime * 10) / 10;
    instance.calls.record({
      method: request.method,
      path: boomi.objectPath,
      status: reply.statusCode,
      time: new Date(instance.state.nowMs() - durationMs).toISOString(),
      durationMs,
      account: identity?.account ?? boomi.accountId,
      user: identity?.user ?? claimedUser(request.headers.authorization),
      partner: boomi.partner,
    });
  });

  app.setNotFoundHandler((request, reply) => {
    const boomi = splitBoomiUrl(request.url);
    if (boomi)
      return sendBoomiError(request, reply, 404, messages.unknownEndpoint(request.method, boomi.objectPath));
    return reply.code(404).send({ error: `Not found: ${request.method} ${request.url.split('?')[0]}` });
  });

  registerBoomiRoutes(app, instance);
  registerControlApi(app, instance);
  app.get('/', async () => ({
    name: 'promo Boomi sandbox',
    apiBase: '/api/rest/v1/{accountId}',
    partnerApiBase: '/partner/api/rest/v1/{accountId}',
    control: '/__sandbox/world',
  }));
  return app;
}

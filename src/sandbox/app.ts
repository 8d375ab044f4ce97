// Builds the sandbox's Fastify app: the Boomi Platform API surface, the control API, and a call log
// of every Boomi-path request (404s, throttled and faulted calls included).
import Fastify, { type FastifyInstance } from 'fastify';
import { claimedUser } from './auth.ts';
import { callIdentity, registerBoomiRoutes, sendBoomiError } from './boomi-http.ts';
import { registerControlApi } from './control-api.ts';
import { messages } from './errors.ts';
import { splitBoomiUrl, withoutTrailingSlash } from './path-pattern.ts';
import { createRuntime, type SandboxOptions, type SandboxRuntime } from './runtime.ts';

export type { SandboxOptions } from './runtime.ts';

const runtimes = new WeakMap<FastifyInstance, SandboxRuntime>();

/** The runtime (state, faults, call log, world) behind an app built by buildSandboxApp. */
export function sandboxRuntime(app: FastifyInstance): SandboxRuntime {
  const runtime = runtimes.get(app);
  if (!runtime) throw new Error('not a sandbox app: build it with buildSandboxApp()');
  return runtime;
}

export function buildSandboxApp(opts: SandboxOptions): FastifyInstance {
  const app = Fastify({
    logger: opts.logger ? { level: 'info', redact: ['req.headers.authorization'] } : false,
    rewriteUrl: (request) => withoutTrailingSlash(request.url ?? '/'),
  });
  const runtime = createRuntime(opts);
  runtimes.set(app, runtime);

  app.addHook('onResponse', async (request, reply) => {
    const boomi = splitBoomiUrl(request.url);
    if (!boomi) return;
    const identity = callIdentity.get(request);
    const durationMs = Math.round(reply.elapsedTime * 10) / 10;
    runtime.calls.record({
      method: request.method,
      path: boomi.objectPath,
      status: reply.statusCode,
      time: new Date(runtime.state.nowMs() - durationMs).toISOString(),
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

  registerBoomiRoutes(app, runtime);
  registerControlApi(app, runtime);
  app.get('/', async () => ({
    name: 'promo Boomi sandbox',
    apiBase: '/api/rest/v1/{accountId}',
    partnerApiBase: '/partner/api/rest/v1/{accountId}',
    control: '/__sandbox/world',
  }));
  return app;
}

/**
 * The HTTP API as a Fastify app built from its dependencies (app-as-plugin: `server.ts` only
 * listens). Plugins load outside-in: validation and errors, identity, audit and idempotency,
 * OpenAPI, operations endpoints, then one route plugin per resource under /api/v1.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Pool } from 'pg';
import type { AppServices, RequestStores } from '../app/contract.ts';
import { createAuthenticator } from './auth/authenticate.ts';
import type { OidcVerifier } from './auth/oidc.ts';
import { answerFrameworkError, registerErrorHandling } from './error-handler.ts';
import './fastify-types.ts';
import { createMetrics, registerBranchGauges, type PromoMetrics } from './metrics.ts';
import { registerOpenApi } from './openapi.ts';
import { registerAudit } from './plugins/audit.ts';
import { API_PREFIX, registerAuth } from './plugins/auth.ts';
import { registerIdempotency, type IdempotencyOptions } from './plugins/idempotency.ts';
import { registerJsonBodyParser } from './plugins/json-body.ts';
import { generateRequestId, registerRequestIds } from './plugins/request-id.ts';
import { registerNulGuard } from './plugins/nul-guard.ts';
import { registerHttpMetrics } from './plugins/http-metrics.ts';
import { opsRoutes } from './plugins/ops.ts';
import { apiRoutes } from './routes/index.ts';
import { registerConsole } from './console.ts';
import { closeEventStreams, type EventStream } from './sse.ts';
import { validatorCompiler } from './validation.ts';

export interface AppDeps {
  /** PostgreSQL; `/readyz` runs `SELECT 1` on it. */
  pool: Pool;
  /** Token look-up (authentication) and idempotency keys, kept by the HTTP layer's plugins. */
  stores: RequestStores;
  /** Readiness probe of Boomi (e.g. a cheap authenticated query); throws when unreachable. */
  checkBoomi: () => Promise<void>;
  /** The application layer (src/app implements these interfaces). */
  services: AppServices;
  /** OIDC JWT verification; without it only API tokens authenticate. */
  oidc?: OidcVerifier;
  /** Defaults to a fresh registry with process metrics; pass the one the Boomi client feeds. */
  metrics?: PromoMetrics;
  /** A pino logger (the service's), or Fastify logger options; default: no logging. */
  logger?: FastifyBaseLogger | FastifyServerOptions['logger'];
  /** Largest accepted request body; default 1 MiB. */
  bodyLimitBytes?: number;
  /** Interval of SSE heartbeat comments; default 15 s. */
  sseHeartbeatMs?: number;
  idempotency?: IdempotencyOptions;
  /** Shown in the OpenAPI document. */
  version?: string;
  /** The built console (`console/dist`), served at `/`; without it `/` stays a 404. */
  consoleDir?: string;
}

/** What route plugins read from `app.deps`. */
export interface RouteDeps {
  services: AppServices;
  sseHeartbeatMs: number;
  /** Open server-sent event streams, ended when the app closes. */
  eventStreams: Set<EventStream>;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: RouteDeps;
  }
}

const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.token',
  '*.password',
  '*.apiToken',
];

function loggerOptions(logger: AppDeps['logger']): Pick<FastifyServerOptions, 'logger' | 'loggerInstance'> {
  if (logger === undefined || logger === false) return { logger: false };
  if (
    typeof logger === 'object' &&
    logger !== null &&
    'child' in logger &&
    typeof logger.child === 'function'
  ) {
    return { loggerInstance: logger as FastifyBaseLogger };
  }
  const options =
    logger === true ? {} : (logger as Exclude<FastifyServerOptions['logger'], boolean | undefined>);
  return { logger: { redact: REDACTED_PATHS, ...options } };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...loggerOptions(deps.logger),
    bodyLimit: deps.bodyLimitBytes ?? 1024 * 1024,
    // Long enough for any id; keeps hostile URLs cheap to refuse.
    routerOptions: { maxParamLength: 300 },
    // Our own id per request; a client's X-Request-Id is only recorded (plugins/request-id.ts).
    requestIdHeader: false,
    genReqId: generateRequestId,
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);

  const metrics = deps.metrics ?? createMetrics();
  const eventStreams = new Set<EventStream>();
  app.decorate('deps', {
    services: deps.services,
    sseHeartbeatMs: deps.sseHeartbeatMs ?? 15_000,
    eventStreams,
  });
  app.addHook('preClose', async () => closeEventStreams(eventStreams));

  registerRequestIds(app);
  registerErrorHandling(app);
  registerJsonBodyParser(app);
  registerNulGuard(app);
  registerHttpMetrics(app, metrics);
  registerBranchGauges(metrics, () => deps.services.status.read());
  registerAuth(app, createAuthenticator({ apiTokens: deps.stores.apiTokens, oidc: deps.oidc }));
  registerAudit(app, deps.services.audit);
  registerIdempotency(app, deps.stores.idempotencyKeys, deps.idempotency);
  await registerOpenApi(app, deps.version ?? '0.1.0');

  await app.register(opsRoutes, {
    checkDatabase: async () => {
      await deps.pool.query('SELECT 1');
    },
    checkBoomi: deps.checkBoomi,
    metrics,
    readStatus: () => deps.services.status.read(),
  });
  await app.register(apiRoutes, { prefix: API_PREFIX });
  if (deps.consoleDir !== undefined) await registerConsole(app, deps.consoleDir);
  return app;
}

/**
 * Operations endpoints, outside /api/v1 and unauthenticated (load balancers and Prometheus
 * scrape them): liveness, readiness (database and Boomi both answer) and metrics.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PromoMetrics } from '../metrics.ts';

export interface OpsOptions {
  checkDatabase: () => Promise<void>;
  checkBoomi: () => Promise<void>;
  metrics: PromoMetrics;
  /** A probe slower than this counts as down; default 5 s. */
  probeTimeoutMs?: number;
}

const CheckSchema = Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]);
const ReadySchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not ready')]),
  checks: Type.Object({ database: CheckSchema, boomi: CheckSchema }),
});

async function probe(check: () => Promise<void>, timeoutMs: number): Promise<'ok' | 'unavailable'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`probe timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch {
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}

export const opsRoutes: FastifyPluginAsyncTypebox<OpsOptions> = async (app, options) => {
  const timeoutMs = options.probeTimeoutMs ?? 5000;
  const config = { allow: 'public' as const };

  app.get(
    '/healthz',
    {
      config,
      schema: {
        tags: ['operations'],
        summary: 'Liveness',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config,
      schema: {
        tags: ['operations'],
        summary: 'Readiness: database and Boomi reachable',
        response: { 200: ReadySchema, 503: ReadySchema },
      },
    },
    async (request, reply) => {
      const [database, boomi] = await Promise.all([
        probe(options.checkDatabase, timeoutMs),
        probe(options.checkBoomi, timeoutMs),
      ]);
      const ready = database === 'ok' && boomi === 'ok';
      if (!ready) request.log.warn({ database, boomi }, 'not ready');
      return reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'not ready', checks: { database, boomi } });
    },
  );

  app.get(
    '/metrics',
    { config, schema: { tags: ['operations'], summary: 'Prometheus metrics', produces: ['text/plain'] } },
    async (_request, reply) => {
      const body = await options.metrics.registry.metrics();
      return reply.type(options.metrics.registry.contentType).send(body);
    },
  );
};

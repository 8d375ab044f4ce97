/**
 * Operations endpoints, outside /api/v1 and unauthenticated (load balancers and Prometheus
 * scrape them): liveness, readiness (database and Boomi both answer) and metrics.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceStatus } from '../../app/contract.ts';
import type { PromoMetrics } from '../metrics.ts';
import { BranchCountSchema } from '../schemas/status.ts';

export interface OpsOptions {
  checkDatabase: () => Promise<void>;
  checkBoomi: () => Promise<void>;
  metrics: PromoMetrics;
  /** The account's status (cached): its branch count is shown in the /readyz detail. */
  readStatus: () => Promise<ServiceStatus>;
  /** A probe slower than this counts as down; default 5 s. */
  probeTimeoutMs?: number;
}

const CheckSchema = Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]);
const ReadySchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not ready')]),
  checks: Type.Object({ database: CheckSchema, boomi: CheckSchema }),
  /** Detail only: a branch count at its limit does not make the service unready. Null: unreadable. */
  branches: Type.Union([BranchCountSchema, Type.Null()]),
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
        summary: 'Readiness: database and Boomi reachable; detail: the account’s branch count',
        response: { 200: ReadySchema, 503: ReadySchema },
      },
    },
    async (request, reply) => {
      const [database, boomi, branches] = await Promise.all([
        probe(options.checkDatabase, timeoutMs),
        probe(options.checkBoomi, timeoutMs),
        options.readStatus().then(
          (status) => status.branches,
          () => null,
        ),
      ]);
      const ready = database === 'ok' && boomi === 'ok';
      if (!ready) request.log.warn({ database, boomi }, 'not ready');
      return reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'not ready', checks: { database, boomi }, branches });
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

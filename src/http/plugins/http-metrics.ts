/** Counts and times every answered request by method, route pattern (never the raw URL) and status. */
import type { FastifyInstance } from 'fastify';
import type { PromoMetrics } from '../metrics.ts';

export function registerHttpMetrics(app: FastifyInstance, metrics: PromoMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label, so scanners cannot blow up the label space.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}

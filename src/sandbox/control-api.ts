// The control API under `/__sandbox/` (same port, plain JSON, no Boomi auth): reset, seed, faults,
// latency and async durations, rate limit, call log, world description and clock. Never inside
// Boomi-shaped paths, so it cannot be mistaken for the real API.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { mergeDurations } from './clock/async-stages.ts';
import { boomiTime } from './clock/clock.ts';
import { FaultInputError } from './faults.ts';
import type { SandboxRuntime } from './runtime.ts';
import { applySeed, SeedError, type SeedInput } from './seed.ts';
import { describeWorld } from './world-description.ts';

type Body = Record<string, unknown>;

function asBody(value: unknown): Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : {};
}

function badRequest(reply: FastifyReply, error: string): FastifyReply {
  return reply.code(400).send({ error });
}

export function registerControlApi(app: FastifyInstance, runtime: SandboxRuntime): void {
  void app.register(
    async (control) => {
      control.post('/reset', async () => {
        runtime.reset();
        return { reset: true, demo: runtime.world !== undefined };
      });

      control.post('/seed', async (request, reply) => {
        try {
          applySeed(runtime.state, asBody(request.body) as SeedInput);
        } catch (error) {
          if (error instanceof SeedError) return badRequest(reply, error.message);
          throw error;
        }
        return describeWorld(runtime);
      });

      control.get('/faults', async () => ({ faults: runtime.faults.list() }));
      control.post('/faults', async (request, reply) => {
        try {
          const added = runtime.faults.add(request.body);
          return reply.code(201).send({ faults: added });
        } catch (error) {
          if (error instanceof FaultInputError) return badRequest(reply, error.message);
          throw error;
        }
      });
      control.delete('/faults', async () => {
        const count = runtime.faults.list().length;
        runtime.faults.clear();
        return { cleared: count };
      });
      control.delete<{ Params: { id: string } }>('/faults/:id', async (request, reply) =>
        runtime.faults.remove(request.params.id)
          ? { removed: request.params.id }
          : reply.code(404).send({ error: `no fault ${request.params.id}` }),
      );

      const latencyView = () => ({ ...runtime.latency.describe(), asyncDurations: runtime.state.durations });
      control.get('/latency', async () => latencyView());
      control.put('/latency', async (request, reply) => {
        const body = asBody(request.body);
        const problem = runtime.latency.apply(body);
        if (problem) return badRequest(reply, problem);
        const rejected = mergeDurations(runtime.state.durations, body);
        if (rejected.length > 0) return badRequest(reply, `${rejected.join(', ')} must be numbers ≥ 0`);
        return latencyView();
      });

      control.get('/rate-limit', async () => ({ perSecond: runtime.rateLimiter.rate }));
      control.put('/rate-limit', async (request, reply) => {
        const perSecond = asBody(request.body).perSecond;
        if (typeof perSecond !== 'number' || !Number.isFinite(perSecond) || perSecond < 0) {
          return badRequest(reply, 'perSecond must be a number ≥ 0 (0 disables the limit)');
        }
        runtime.rateLimiter.setRate(perSecond);
        return { perSecond };
      });

      control.get<{ Querystring: { method?: string; path?: string; since?: string } }>(
        '/calls',
        async (request, reply) => {
          try {
            return { calls: runtime.calls.list(request.query) };
          } catch {
            return badRequest(reply, `path '${request.query.path}' is not a valid pattern`);
          }
        },
      );
      control.delete('/calls', async () => {
        runtime.calls.clear();
        return { cleared: true };
      });

      control.get('/world', async () => describeWorld(runtime));

      control.post('/clock', async (request, reply) => {
        const advanceMs = asBody(request.body).advanceMs;
        if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
          return badRequest(reply, 'advanceMs must be a number ≥ 0');
        }
        runtime.state.clock.advance(advanceMs);
        return { now: boomiTime(runtime.state.nowMs()) };
      });
    },
    { prefix: '/__sandbox' },
  );
}

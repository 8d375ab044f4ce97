// The control API under `/__sandbox/` (same port, plain JSON, no Boomi auth): reset, seed, faults,
// latency and async durations, rate limit, call log, world description and clock. Never inside
// Boomi-shaped paths, so it cannot be mistaken for the real API.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { mergeDurations } from './clock/async-stages.ts';
import { boomiTime } from './clock/clock.ts';
import { FaultInputError } from './faults.ts';
import type { SandboxInstance } from './instance.ts';
import { applySeed, SeedError, type SeedInput } from './seed.ts';
import { describeWorld } from './world-description.ts';

type Body = Record<string, unknown>;

function asBody(value: unknown): Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : {};
}

function badRequest(reply: FastifyReply, error: string): FastifyReply {
  return reply.code(400).send({ error });
}

export function registerControlApi(app: FastifyInstance, instance: SandboxInstance): void {
  void app.register(
    async (control) => {
      control.post('/reset', async () => {
        instance.reset();
        return { reset: true, demo: instance.world !== undefined };
      });

      control.post('/seed', async (request, reply) => {
        try {
          applySeed(instance.state, asBody(request.body) as SeedInput);
        } catch (error) {
          if (error instanceof SeedError) return badRequest(reply, error.message);
          throw error;
        }
        return describeWorld(instance);
      });

      control.get('/faults', async () => ({ faults: instance.faults.list() }));
      control.post('/faults', async (request, reply) => {
        try {
          const added = instance.faults.add(request.body);
          return reply.code(201).send({ faults: added });
        } catch (error) {
          if (error instanceof FaultInputError) return badRequest(reply, error.message);
          throw error;
        }
      });
      control.delete('/faults', async () => {
        const count = instance.faults.list().length;
        instance.faults.clear();
        return { cleared: count };
      });
      control.delete<{ Params: { id: string } }>('/faults/:id', async (request, reply) =>
        instance.faults.remove(request.params.id)
          ? { removed: request.params.id }
          : reply.code(404).send({ error: `no fault ${request.params.id}` }),
      );

      const latencyView = () => ({
        ...instance.latency.describe(),
        asyncDurations: instance.state.durations,
      });
      control.get('/latency', async () => latencyView());
      control.put('/latency', async (request, reply) => {
        const body = asBody(request.body);
        const problem = instance.latency.apply(body);
        if (problem) return badRequest(reply, problem);
        const rejected = mergeDurations(instance.state.durations, body);
        if (rejected.length > 0) return badRequest(reply, `${rejected.join(', ')} must be numbers ≥ 0`);
        return latencyView();
      });

      control.get('/rate-limit', async () => ({ perSecond: instance.rateLimiter.rate }));
      control.put('/rate-limit', async (request, reply) => {
        const perSecond = asBody(request.body).perSecond;
        if (typeof perSecond !== 'number' || !Number.isFinite(perSecond) || perSecond < 0) {
          return badRequest(reply, 'perSecond must be a number ≥ 0 (0 disables the limit)');
        }
        instance.rateLimiter.setRate(perSecond);
        return { perSecond };
      });

      control.get<{ Querystring: { method?: string; path?: string; since?: string } }>(
        '/calls',
        async (request, reply) => {
          try {
            return { calls: instance.calls.list(request.query) };
          } catch {
            return badRequest(reply, `path '${request.query.path}' is not a valid pattern`);
          }
        },
      );
      control.delete('/calls', async () => {
        instance.calls.clear();
        return { cleared: true };
      });

      control.get('/world', async () => describeWorld(instance));

      control.post('/clock', async (request, reply) => {
        const advanceMs = asBody(request.body).advanceMs;
        if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
          return badRequest(reply, 'advanceMs must be a number ≥ 0');
        }
        instance.state.clock.advance(advanceMs);
        return { now: boomiTime(instance.state.nowMs()) };
      });
    },
    { prefix: '/__sandbox' },
  );
}

// Load for the shared-limiter test and bench: two clients (as two service instances would be),
// each with its own pool on one database and several concurrent workers, calling the sandbox
// for a while; then what the sandbox's call log says about the rate they achieved together.
import type { Pool } from 'pg';
import { createBoomiClient, PostgresRateLimiter, type BoomiCallEvent } from '../../src/boomi/index.ts';
import type { DemoWorld } from '../../src/sandbox/server.ts';

export type { CallRecord as SandboxCall } from '../../src/sandbox/control-client.ts';

export interface LoadOptions {
  apiBaseUrl: string;
  world: DemoWorld;
  /** One pool per client: separate connections, one shared limiter row. */
  pools: Pool[];
  perSecond: number;
  durationMs: number;
  workersPerClient: number;
}

export interface LoadResult {
  /** Calls made per client. */
  perClient: number[];
  events: BoomiCallEvent[];
  failures: unknown[];
}

export async function runSharedLimiterLoad(options: LoadOptions): Promise<LoadResult> {
  const events: BoomiCallEvent[] = [];
  const failures: unknown[] = [];
  const deadline = Date.now() + options.durationMs;
  const environmentIds = options.world.environments.map((e) => e.id);
  const perClient = await Promise.all(
    options.pools.map(async (pool) => {
      const client = createBoomiClient({
        baseUrl: options.apiBaseUrl,
        accountId: options.world.accountId,
        username: options.world.username,
        apiToken: options.world.apiToken,
        limiter: new PostgresRateLimiter(pool, { perSecond: options.perSecond }),
        onCall: (event) => events.push(event),
      });
      let calls = 0;
      await Promise.all(
        Array.from({ length: options.workersPerClient }, async (_, worker) => {
          for (let i = worker; Date.now() < deadline; i++) {
            await client.environments.get(environmentIds[i % environmentIds.length]!).then(
              () => (calls += 1),
              (error: unknown) => failures.push(error),
            );
          }
        }),
      );
      return calls;
    }),
  );
  return { perClient, events, failures };
}

/** The most calls that arrived within any window of `windowMs` (each window starts at a call). */
export function maxCallsInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + windowMs) end++;
    best = Math.max(best, end - start);
  }
  return best;
}

/** The shortest time spanned by `count` consecutive calls (`count` = rate + 1 shows the jitter). */
export function shortestSpan(times: readonly number[], count: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i + count - 1 < sorted.length; i++)
    best = Math.min(best, sorted[i + count - 1]! - sorted[i]!);
  return best;
}

/** Calls per second between the first and the last arrival. */
export function achievedRate(times: readonly number[]): number {
  if (times.length < 2) return 0;
  const span = (Math.max(...times) - Math.min(...times)) / 1000;
  return (times.length - 1) / span;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

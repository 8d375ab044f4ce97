/**
 * Shared rate-limiter benchmark (not a test): run with `node --import tsx bench/limiter.ts`.
 * Two Boomi clients, each with its own pool on one embedded PostgreSQL (as two service
 * instances), share a PostgresRateLimiter at 5/s and call a sandbox that answers 503 above
 * 5/s, with 4 concurrent workers each, for 30 s. Figures come from the sandbox's call log.
 * Prints figures, then ratio lines last (goal: achieved ÷ configured ≥ 0.95, max per 1-s window ≤ 5).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SandboxControlClient } from '../src/sandbox/control-client.ts';
import { startSandbox } from '../src/sandbox/server.ts';
import { openDatabase } from '../src/store/database.ts';
import {
  achievedRate,
  maxCallsInWindow,
  percentile,
  runSharedLimiterLoad,
  shortestSpan,
} from '../test/boomi/limiter-load.ts';

const PER_SECOND = Number(process.env.BENCH_RATE ?? 5);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 30_000);
const WORKERS_PER_CLIENT = 4;

const dataDir = await mkdtemp(path.join(tmpdir(), 'promo-bench-limiter-'));
const db = await openDatabase({ dataDir });
const secondPool = new pg.Pool({ connectionString: db.url, max: 5 });
// Connections cut while PostgreSQL stops at the end are expected, not a crash.
secondPool.on('error', () => {});
const sandbox = await startSandbox({ port: 0, demo: true, rateLimitPerSecond: PER_SECOND });
try {
  const result = await runSharedLimiterLoad({
    apiBaseUrl: sandbox.apiBaseUrl,
    world: sandbox.world!,
    pools: [db.pool, secondPool],
    perSecond: PER_SECOND,
    durationMs: DURATION_MS,
    workersPerClient: WORKERS_PER_CLIENT,
  });
  const calls = await new SandboxControlClient(sandbox.url).calls();
  const arrivals = calls.map((c) => Date.parse(c.time));
  const throttled = calls.filter((c) => c.status === 503).length;
  const achieved = achievedRate(arrivals);
  const waits = result.events.map((e) => e.limiterWaitMs);
  const latencies = result.events.map((e) => e.latencyMs);
  const spanS = (Math.max(...arrivals) - Math.min(...arrivals)) / 1000;

  console.log(
    `clients: 2 × ${WORKERS_PER_CLIENT} workers, configured ${PER_SECOND}/s, load ${DURATION_MS / 1000} s`,
  );
  console.log(
    `calls logged by the sandbox: ${calls.length} over ${spanS.toFixed(1)} s (per client ${result.perClient.join(' / ')})`,
  );
  console.log(
    `503 answers: ${throttled}; retried attempts: ${result.events.filter((e) => e.retried).length}; failures: ${result.failures.length}`,
  );
  console.log(
    `limiter wait per call: p50 ${percentile(waits, 50)} ms, p95 ${percentile(waits, 95)} ms, max ${Math.max(...waits)} ms`,
  );
  console.log(
    `HTTP latency per call: p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms`,
  );
  console.log(`max calls in any 1-s window (strict): ${maxCallsInWindow(arrivals, 1000)}`);
  console.log(
    `shortest span of ${PER_SECOND + 1} consecutive calls: ${shortestSpan(arrivals, PER_SECOND + 1)} ms (1000 = perfectly spaced)`,
  );
  console.log(`max calls in any 0.85-s window (150 ms edge tolerance): ${maxCallsInWindow(arrivals, 850)}`);
  console.log(`achieved rate: ${achieved.toFixed(3)}/s`);
  console.log(`achieved ÷ configured rate: ${(achieved / PER_SECOND).toFixed(3)} (goal ≥ 0.95)`);
} finally {
  await sandbox.close();
  await secondPool.end();
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
}

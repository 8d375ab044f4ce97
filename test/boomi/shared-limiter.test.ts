// Two clients sharing one PostgreSQL limiter at 5/s (as two service instances share one Boomi
// account) against a sandbox that answers 503 above 5/s: ~9 s of concurrent calls, then the
// sandbox's call log must show no 503 and no more than 5 calls in any window. The 30 s version
// with achieved-rate figures is bench/limiter.ts.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { maxCallsInWindow, runSharedLimiterLoad } from './limiter-load.ts';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.ts';

const PER_SECOND = 5;
/**
 * The sandbox logs a call when it handles it, a little after its reserved slot, so a call delayed
 * more than a later one (a busy event loop on a loaded CI machine) squeezes 6 arrivals into a
 * 1000 ms window although the slots are 200 ms apart. Windows of 1000 ms minus this generous
 * tolerance absorb such a delay; the exact check is the sandbox's own 5/s limit: no 503 at all.
 * Strict 1-s window figures are printed by bench/limiter.ts.
 */
const EDGE_TOLERANCE_MS = 250;

let t: TestSandbox;
let db: TestDatabase;
let secondPool: pg.Pool;

beforeAll(async () => {
  t = await startTestSandbox({ rateLimitPerSecond: PER_SECOND });
  db = await createTestDatabase();
  secondPool = new pg.Pool({ connectionString: db.url, max: 5 });
  secondPool.on('error', () => {});
});
afterAll(async () => {
  await secondPool.end();
  await db.drop();
  await t.close();
});

it('two clients sharing a 5/s PostgreSQL limiter never exceed 5 calls per second and never see a 503', async () => {
  await t.clearCalls();
  const result = await runSharedLimiterLoad({
    apiBaseUrl: t.sandbox.apiBaseUrl,
    world: t.world,
    pools: [db.pool, secondPool],
    perSecond: PER_SECOND,
    durationMs: 9_000,
    workersPerClient: 3,
  });
  expect(result.failures).toStrictEqual([]);
  const calls = await t.calls();
  expect(calls.filter((c) => c.status === 503)).toStrictEqual([]);
  expect(calls.length).toBe(result.perClient[0]! + result.perClient[1]!);
  // Both instances got a share of the budget.
  expect(Math.min(...result.perClient)).toBeGreaterThan(5);
  const arrivals = calls.map((c) => Date.parse(c.time));
  expect(maxCallsInWindow(arrivals, 1000 - EDGE_TOLERANCE_MS)).toBeLessThanOrEqual(PER_SECOND);
  // Nothing was retried: the limiter kept every call inside Boomi's budget.
  expect(result.events.filter((e) => e.retried)).toStrictEqual([]);
});

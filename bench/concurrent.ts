/**
 * Concurrent runs (not a test): `node --import tsx bench/concurrent.ts [--runs 50] [--rate 10]
 * [--latency-ms 80] [--merge-ms 1500] [--release-ms 2000] [--gap-ms 120]`.
 *
 * 50 TEST runs of 50 fresh promotions (each its own branch, a new pack, 2 environments), started
 * together through `POST /api/v1/deployments` on the real service, against the sandbox answering
 * 503 above 10 calls/s, with the service's shared PostgreSQL limiter at 10/s. From the sandbox's
 * call log: achieved call rate ÷ limit (goal ≥ 0.95), 503s (goal 0), failed runs (goal 0),
 * makespan ÷ (total calls ÷ rate) (goal ≤ 1.10).
 *
 * Baseline in the same run: the same 50 runs on a fresh sandbox and database with the old
 * scripts' client — a fixed 120 ms sleep before each call, no shared limiter, no retries.
 */
import { startSandbox } from '../src/sandbox/server.ts';
import { openDatabase, withDatabaseName } from '../src/store/database.ts';
import { startBaselineEngine } from './support/baseline-engine.ts';
import { openBenchDatabase, startBenchService, type BenchService } from './support/bench-service.ts';
import { newPackTestRequest, seedFreshPromotions } from './support/fresh-promotions.ts';
import { latencyModel, numberOption } from './support/options.ts';
import { BenchReport, ms, percentile } from './support/report.ts';
import { startRunsTogether, waitForRuns } from './support/runs.ts';
import { callFigures, failureSummary } from './support/call-figures.ts';
import { SandboxControl } from './support/sandbox-control.ts';

const model = latencyModel();
const runs = Math.max(1, numberOption('runs', 50));
const rate = numberOption('rate', 10);
const gapMs = numberOption('gap-ms', 120);
/** The service's sandbox-mode poll interval (config default), used by the baseline too. */
const POLL_MS = 250;
const ADMIN = { email: 'admin@example.com', roles: ['admin' as const] };

const report = new BenchReport('concurrent', {
  ...model,
  runs,
  accountLimitPerSecond: rate,
  clientLimitPerSecond: rate,
  baselineGapMs: gapMs,
  mode: 'TEST, new pack per run, 2 environments (Test, Test 2)',
});

const database = await openBenchDatabase('concurrent');
let bench: BenchService | undefined;
try {
  // ---- The service: shared PostgreSQL limiter at the account's rate.
  bench = await startBenchService({ databaseUrl: database.db.url, rateLimitPerSecond: rate });
  const { sandbox, demo, adminToken, service } = bench;
  await sandbox.setRateLimit(rate);
  await sandbox.setLatencyModel(model);
  const testEnvironments = demo.environments.filter((e) => e.classification === 'TEST').map((e) => e.id);
  const keys = Array.from({ length: runs }, (_, i) => `c${String(i + 1).padStart(2, '0')}`);
  const promotions = await seedFreshPromotions(sandbox, database.repos, demo, keys);
  await sandbox.clearCalls();

  const startMs = Date.now();
  const { runIds, refused } = await startRunsTogether(
    [service.url],
    adminToken,
    promotions.map((p) => newPackTestRequest(p, testEnvironments, 'Bench')),
  );
  const acceptedMs = Date.now() - startMs;
  const rows = await waitForRuns(database.db.pool, runIds, 15 * 60_000);
  const endMs = Math.max(...rows.map((r) => r.ended_at!.getTime()));
  const makespanMs = endMs - startMs;
  const calls = callFigures(await sandbox.calls());
  const failed = rows.filter((r) => r.state !== 'SUCCEEDED').length + refused.length;
  const runMs = rows.map((r) => r.ended_at!.getTime() - startMs);
  const idealMs = (calls.total / rate) * 1000;

  report.figure(
    'service',
    {
      makespanMs,
      acceptedMs,
      calls,
      failed,
      refused: refused.length,
      idealMs,
      failures: failureSummary(rows),
    },
    `service (shared limiter ${rate}/s): ${runs} runs started together, all accepted in ${ms(acceptedMs)}; ` +
      `makespan ${ms(makespanMs)}; runs ended after p50 ${ms(percentile(runMs, 50))}, max ${ms(Math.max(...runMs))}`,
  );
  report.note(
    `  sandbox saw ${calls.total} calls (${(calls.total / runs).toFixed(1)} per run, ${calls.polls} of them polls) ` +
      `over ${ms(calls.spanMs)}: ${calls.achievedPerSecond.toFixed(2)}/s, max ${calls.maxInOneSecond} in any 1-s window; ` +
      `503s ${calls.throttled503}, other errors ${calls.otherErrors}; failed runs ${failed}` +
      (failed > 0 ? ` ${JSON.stringify(failureSummary(rows))}` : ''),
  );
  report.note(`  ideal makespan (total calls ÷ rate) ${ms(idealMs)}`);
  await bench.close();
  bench = undefined;

  // ---- Baseline: fixed 120 ms gap per run, no shared limiter, no retries.
  const baselineSandbox = await startSandbox({ port: 0, demo: true, rateLimitPerSecond: rate });
  const baselineControl = new SandboxControl(baselineSandbox.url);
  await database.db.pool.query('CREATE DATABASE promo_baseline');
  const baselineDb = await openDatabase({
    databaseUrl: withDatabaseName(database.db.url, 'promo_baseline'),
    dataDir: database.dataDir,
  });
  const baselineDemo = baselineSandbox.world!;
  const baseline = await startBaselineEngine({
    database: baselineDb,
    sandboxApiBaseUrl: baselineSandbox.apiBaseUrl,
    demo: baselineDemo,
    gapMs,
    pollIntervalMs: POLL_MS,
    admin: ADMIN,
  });
  try {
    await baselineControl.setLatencyModel(model);
    const baselinePromotions = await seedFreshPromotions(baselineControl, baseline.repos, baselineDemo, keys);
    const baselineTest = baselineDemo.environments
      .filter((e) => e.classification === 'TEST')
      .map((e) => e.id);
    await baselineControl.clearCalls();
    const baselineStart = Date.now();
    const started = await Promise.allSettled(
      baselinePromotions.map((p) => baseline.start(newPackTestRequest(p, baselineTest, 'Baseline'))),
    );
    const baselineIds = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const refusedAtStart = started.length - baselineIds.length;
    const refusals: Record<string, number> = {};
    for (const s of started) {
      if (s.status !== 'rejected') continue;
      const key = String((s.reason as Error).message ?? s.reason).slice(0, 90);
      refusals[key] = (refusals[key] ?? 0) + 1;
    }
    const baselineRows = await waitForRuns(baselineDb.pool, baselineIds, 15 * 60_000);
    const baselineEnd = Math.max(baselineStart, ...baselineRows.map((r) => r.ended_at!.getTime()));
    const baselineCalls = callFigures(await baselineControl.calls());
    const baselineFailed = baselineRows.filter((r) => r.state !== 'SUCCEEDED').length + refusedAtStart;
    report.figure(
      'baseline',
      {
        makespanMs: baselineEnd - baselineStart,
        calls: baselineCalls,
        failed: baselineFailed,
        refusedAtStart,
        refusals,
        failures: failureSummary(baselineRows),
      },
      `baseline (${gapMs} ms gap per run, no shared limiter, no retries): makespan ${ms(baselineEnd - baselineStart)}; ` +
        `sandbox saw ${baselineCalls.total} calls, max ${baselineCalls.maxInOneSecond} in any 1-s window, ` +
        `503s ${baselineCalls.throttled503}; failed runs ${baselineFailed} of ${runs} ` +
        `(${refusedAtStart} refused at start: a 503 during the checks)`,
    );
    report.note(`  baseline refusals at start: ${JSON.stringify(refusals)}`);
    report.note(`  baseline failed runs: ${JSON.stringify(failureSummary(baselineRows))}`);
    report.ratio('baseline 503s seen by the sandbox', baselineCalls.throttled503, { none: true });
    report.ratio('baseline failed runs', baselineFailed, { none: true });
  } finally {
    await baseline.close();
    await baselineDb.close();
    await baselineSandbox.close();
  }

  report.ratio('achieved call rate ÷ limit', calls.achievedPerSecond / rate, { atLeast: 0.95 });
  report.ratio('503s seen by the sandbox', calls.throttled503, { equals: 0 });
  report.ratio('failed runs', failed, { equals: 0 });
  report.ratio('makespan ÷ (total calls ÷ rate)', makespanMs / idealMs, { atMost: 1.05 });
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await bench?.close();
  await database.close();
}
await report.finish();

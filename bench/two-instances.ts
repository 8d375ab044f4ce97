/**
 * Two service instances (not a test): `node --import tsx bench/two-instances.ts [--runs 200]
 * [--baseline-runs 50] [--rate 10] [--latency-ms 80] [--merge-ms 1500] [--release-ms 2000]`.
 *
 * Instance A is the real service in sandbox mode (in this process: its sandbox plays Boomi with
 * the latency model and answers 503 above `rate` calls/s). Instance B is `npm start` in a child
 * process pointed at A's sandbox as its Boomi (BOOMI_BASE_URL and the demo credentials) and at
 * the same PostgreSQL (DATABASE_URL): the two share the PostgreSQL limiter, each booking its calls
 * at `rate` for the whole account. `runs` TEST runs of fresh promotions (each its own branch, a new
 * pack, 2 environments) are started together, alternately through A and B. From the sandbox's call
 * log: call rate ÷ limit (goal ≥ 0.95), 503s (goal 0), makespan ÷ (total calls ÷ rate) (≤ 1.05).
 *
 * Baseline in the same run, first: `baseline-runs` runs through instance A alone (B not started).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { callFigures, failureSummary } from './support/call-figures.ts';
import { startNpmService, type ChildService } from './support/child-service.ts';
import { openBenchDatabase, startBenchService, type BenchService } from './support/bench-service.ts';
import { newPackTestRequest, seedFreshPromotions } from './support/fresh-promotions.ts';
import { latencyModel, numberOption } from './support/options.ts';
import { BenchReport, ms, percentile } from './support/report.ts';
import { startRunsTogether, waitForRuns } from './support/runs.ts';

const model = latencyModel();
const runs = Math.max(2, numberOption('runs', 200));
const baselineRuns = Math.max(0, numberOption('baseline-runs', 50));
const rate = numberOption('rate', 10);

const report = new BenchReport('two-instances', {
  ...model,
  runs,
  baselineRuns,
  accountLimitPerSecond: rate,
  clientLimitPerSecond: rate,
  mode: 'TEST, new pack per run, 2 environments (Test, Test 2)',
});

const database = await openBenchDatabase('two');
let instanceA: BenchService | undefined;
let instanceB: ChildService | undefined;
let dataDirB: string | undefined;
try {
  instanceA = await startBenchService({ databaseUrl: database.db.url, rateLimitPerSecond: rate });
  const { sandbox, demo, adminToken } = instanceA;
  await sandbox.setRateLimit(rate);
  await sandbox.setLatencyModel(model);
  const testEnvironments = demo.environments.filter((e) => e.classification === 'TEST').map((e) => e.id);

  /** Starts every promotion's run together, the i-th through `urls[i % urls.length]`; waits for all. */
  async function batch(label: string, urls: string[], count: number) {
    const keys = Array.from({ length: count }, (_, i) => `${label}${String(i + 1).padStart(3, '0')}`);
    const promotions = await seedFreshPromotions(sandbox, database.repos, demo, keys);
    await sandbox.clearCalls();
    const startMs = Date.now();
    const { runIds, refused } = await startRunsTogether(
      urls,
      adminToken,
      promotions.map((p) => newPackTestRequest(p, testEnvironments, 'Two-instance')),
    );
    const rows = await waitForRuns(database.db.pool, runIds, 30 * 60_000);
    const makespanMs = Math.max(...rows.map((r) => r.ended_at!.getTime())) - startMs;
    const calls = callFigures(await sandbox.calls());
    const failed = rows.filter((r) => r.state !== 'SUCCEEDED').length + refused.length;
    const idealMs = (calls.total / rate) * 1000;
    const runMs = rows.map((r) => r.ended_at!.getTime() - startMs);
    const figures = {
      makespanMs,
      idealMs,
      calls,
      failed,
      refused: refused.length,
      failures: failureSummary(rows),
    };
    report.figure(
      label,
      figures,
      `${label}: ${count} runs through ${urls.length} instance(s), makespan ${ms(makespanMs)} ` +
        `(ideal ${ms(idealMs)}); runs ended after p50 ${ms(percentile(runMs, 50))}, max ${ms(Math.max(...runMs))}; ` +
        `${calls.total} calls (${(calls.total / count).toFixed(1)} per run, ${calls.polls} polls), ` +
        `${calls.achievedPerSecond.toFixed(2)}/s, max ${calls.maxInOneSecond} in any 1-s window, ` +
        `503s ${calls.throttled503}, other errors ${calls.otherErrors}; failed runs ${failed}` +
        (failed > 0 ? ` ${JSON.stringify(figures.failures)}` : ''),
    );
    return figures;
  }

  // ---- Baseline: instance A alone.
  const alone =
    baselineRuns > 0 ? await batch('one-instance', [instanceA.service.url], baselineRuns) : undefined;

  // ---- Instance B: the same code as a second process, on the same database and the same Boomi.
  dataDirB = await mkdtemp(path.join(tmpdir(), 'promo-bench-instance-b-'));
  instanceB = await startNpmService(dataDirB, {
    env: {
      DATABASE_URL: database.db.url,
      BOOMI_BASE_URL: new URL('/api/rest/v1', sandbox.baseUrl).toString(),
      BOOMI_ACCOUNT_ID: demo.accountId,
      BOOMI_USERNAME: demo.username,
      BOOMI_API_TOKEN: demo.apiToken,
      BOOMI_RATE_LIMIT: String(rate),
      // Instance A's sandbox-mode poll default, so both poll alike.
      PROMO_POLL_INTERVAL_MS: '250',
      PROMO_EXECUTOR_ID: 'bench-instance-b',
    },
  });
  const both = await batch('two-instances', [instanceA.service.url, instanceB.url], runs);

  if (alone) {
    report.ratio('baseline (one instance) call rate ÷ limit', alone.calls.achievedPerSecond / rate, {
      none: true,
    });
    report.ratio(
      'baseline (one instance) makespan ÷ (total calls ÷ rate)',
      alone.makespanMs / alone.idealMs,
      {
        none: true,
      },
    );
  }
  report.ratio('two instances: call rate ÷ limit', both.calls.achievedPerSecond / rate, { atLeast: 0.95 });
  report.ratio('two instances: 503s seen by the sandbox', both.calls.throttled503, { equals: 0 });
  report.ratio('two instances: failed runs', both.failed, { equals: 0 });
  report.ratio('two instances: makespan ÷ (total calls ÷ rate)', both.makespanMs / both.idealMs, {
    atMost: 1.05,
  });
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await instanceB?.stop();
  await instanceA?.close();
  await database.close();
  if (dataDirB) await rm(dataDirB, { recursive: true, force: true });
}
await report.finish();

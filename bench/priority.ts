/**
 * Priority lanes (not a test): `node --import tsx bench/priority.ts [--runs 50] [--rate 10]
 * [--hotfix-after-ms 5000] [--latency-ms 80] [--merge-ms 1500] [--release-ms 2000]`.
 *
 * The real service (shared PostgreSQL limiter at 10/s, sandbox answering 503 above 10/s).
 * Baseline in the same run: one PRODUCTION_HOTFIX alone (3 production environments), after one
 * TEST run so the service has a history of the async stages. Then 50 TEST runs of fresh
 * promotions (2 environments each) started together through `POST /api/v1/deployments`, and
 * the same kind of hotfix started 5 s later through `POST /api/v1/package-and-deploy`.
 * Figures: hotfix wall under load ÷ alone (goal ≤ 1.25); per TEST run, wall ÷ fair share, where
 * the fair share is its own Boomi calls × runs ÷ rate (the time it takes when every run gets an
 * equal part of the account's budget) — the worst run's (goal ≤ 2); 503s (goal 0).
 */
import { openBenchDatabase, startBenchService, type BenchService } from './support/bench-service.ts';
import { newPackTestRequest, seedFreshPromotions, type FreshPromotion } from './support/fresh-promotions.ts';
import { latencyModel, numberOption } from './support/options.ts';
import { callApi, stepTimes, type RunView } from './support/promo-api.ts';
import { BenchReport, ms, percentile } from './support/report.ts';
import { runCalls, startRunsTogether, waitForRuns } from './support/runs.ts';

const model = latencyModel();
const runs = Math.max(1, numberOption('runs', 50));
const rate = numberOption('rate', 10);
const hotfixAfterMs = numberOption('hotfix-after-ms', 5_000);

const report = new BenchReport('priority', {
  ...model,
  runs,
  accountLimitPerSecond: rate,
  clientLimitPerSecond: rate,
  hotfixAfterMs,
  mode: 'TEST runs: new pack, 2 environments; hotfix: existing pack, 3 production environments',
});

const database = await openBenchDatabase('priority');
let bench: BenchService | undefined;
try {
  bench = await startBenchService({ databaseUrl: database.db.url, rateLimitPerSecond: rate });
  const { sandbox, demo, adminToken, service } = bench;
  await sandbox.setRateLimit(rate);
  await sandbox.setLatencyModel(model);
  const environments = await sandbox.ensureEnvironments(demo.accountId, [
    { name: 'Production 2', classification: 'PROD' },
    { name: 'Production 3', classification: 'PROD' },
  ]);
  const ids = (classification: string) =>
    environments.filter((e) => e.classification === classification).map((e) => ({ environmentId: e.id }));
  const financePack = demo.integrationPacks.find((p) => p.name === 'Acme Finance Integrations')!.id;
  const keys = Array.from({ length: runs }, (_, i) => `p${String(i + 1).padStart(2, '0')}`);
  const [warm, alone, loaded, ...tests] = await seedFreshPromotions(sandbox, database.repos, demo, [
    'warm',
    'hotfix-alone',
    'hotfix-loaded',
    ...keys,
  ]);
  const testTargets = ids('TEST')
    .slice(0, 2)
    .map((t) => t.environmentId);
  const testRequest = (p: FreshPromotion) => newPackTestRequest(p, testTargets, 'Priority');
  const hotfix = async (promotionId: string, version: string) => {
    const startMs = Date.now();
    const answer = await callApi<{ success: boolean; runId: string }>(
      service.url,
      adminToken,
      'POST',
      '/package-and-deploy',
      {
        promotionId,
        packageVersion: version,
        deploymentTarget: 'PRODUCTION',
        isHotfix: true,
        hotfixJustification: 'Benchmark: invoices rejected since 09:00',
        integrationPackId: financePack,
        targetEnvironments: ids('PROD'),
      },
    );
    if (!answer.body.success) throw new Error(`hotfix failed: ${JSON.stringify(answer.body)}`);
    const wallMs = Date.now() - startMs;
    const run = await callApi<RunView>(service.url, adminToken, 'GET', `/deployments/${answer.body.runId}`);
    return { wallMs, runId: answer.body.runId, steps: stepTimes(run.body, startMs) };
  };
  /** Where the hotfix's time went: each step's start (from the request) and length. */
  const stepLine = (label: string, steps: ReturnType<typeof stepTimes>) =>
    `  ${label} steps: ${steps.map((s) => `${s.name} @${ms(s.startMs ?? NaN)} ${ms(s.ms)} (${s.calls})`).join(', ')}`;

  // History of the async stages (the poll schedule learns from it), then the hotfix alone.
  const warmRun = await callApi<{ success: boolean }>(
    service.url,
    adminToken,
    'POST',
    '/package-and-deploy',
    {
      ...testRequest(warm!),
    },
  );
  if (!warmRun.body.success) throw new Error(`warm-up run failed: ${JSON.stringify(warmRun.body)}`);
  const aloneRun = await hotfix(alone!.promotionId, '1.0.1');
  const aloneCalls = (await runCalls(database.db.pool, [aloneRun.runId])).get(aloneRun.runId) ?? 0;
  report.figure(
    'alone',
    { ...aloneRun, calls: aloneCalls },
    `hotfix alone: ${ms(aloneRun.wallMs)}, ${aloneCalls} calls`,
  );

  await sandbox.clearCalls();
  const startMs = Date.now();
  const { runIds } = await startRunsTogether([service.url], adminToken, tests.map(testRequest));
  await new Promise((resolve) => setTimeout(resolve, hotfixAfterMs - (Date.now() - startMs)));
  const loadedRun = await hotfix(loaded!.promotionId, '1.0.2');
  const rows = await waitForRuns(database.db.pool, runIds, 20 * 60_000);
  const calls = await sandbox.calls();
  const perRun = await runCalls(database.db.pool, runIds);
  const fairRatios = rows.map((row) => {
    const wallMs = row.ended_at!.getTime() - startMs;
    const fairShareMs = (((perRun.get(row.run_id) ?? 0) * runIds.length) / rate) * 1000;
    return wallMs / fairShareMs;
  });
  const failed = rows.filter((row) => row.state !== 'SUCCEEDED').length + (runs - runIds.length);
  const throttled = calls.filter((call) => call.status === 503).length;
  const makespanMs = Math.max(...rows.map((row) => row.ended_at!.getTime())) - startMs;
  report.figure(
    'loaded',
    { hotfix: loadedRun, fairRatios, failed, throttled, makespanMs, calls: calls.length },
    `hotfix started ${ms(hotfixAfterMs)} into ${runs} TEST runs: ${ms(loadedRun.wallMs)} (alone ${ms(aloneRun.wallMs)}); ` +
      `TEST runs: makespan ${ms(makespanMs)}, wall ÷ fair share p50 ${percentile(fairRatios, 50).toFixed(2)}, ` +
      `max ${Math.max(...fairRatios).toFixed(2)}; ${calls.length} calls, 503s ${throttled}, failed runs ${failed}`,
  );
  report.note(stepLine('alone', aloneRun.steps));
  report.note(stepLine('under load', loadedRun.steps));
  report.ratio('hotfix wall under load ÷ alone', loadedRun.wallMs / aloneRun.wallMs, { atMost: 1.25 });
  report.ratio('baseline: hotfix wall alone, ms', aloneRun.wallMs, { none: true });
  report.ratio('worst TEST run wall ÷ its fair share', Math.max(...fairRatios), { atMost: 2 });
  report.ratio('503s seen by the sandbox', throttled, { equals: 0 });
  report.ratio('failed runs', failed, { equals: 0 });
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await bench?.close();
  await database.close();
}
await report.finish();

/**
 * Run logs and metrics come from the workflow's own hooks, so they cover every run executing in
 * the process — also one DBOS recovery resumes here after the process that started it was killed.
 * Each executed step is reported once, the run's end once; logs are JSON lines carrying runId,
 * promotionId and step, and no credential.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import { createMetrics, type PromoMetrics } from '../../src/http/metrics.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { createRunObserver } from '../../src/runtime/run-observer.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import type { AppServices } from '../../src/app/contract.ts';
import { runIdFor } from '../../src/app/deployment-service.ts';
import { createAppServices } from '../../src/app/index.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import type { WorkflowEngine } from '../../src/workflow/engine.ts';
import { safeObserver } from '../../src/workflow/run-observer-hooks.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import {
  ADMIN,
  SandboxControl,
  TINY_ASYNC,
  environmentNamed,
  freshPromotion,
  recordingLogger,
  registerPromotion,
  seedDemoRegistry,
  startTestEngine,
  systemDatabaseUrl,
  testBoomiClient,
  testSettings,
} from '../helpers/world.ts';
import type { RunnerOptions } from '../workflow/fixtures/runner.ts';

const RUNNER = fileURLToPath(new URL('../workflow/fixtures/runner.ts', import.meta.url));
const EXECUTOR = 'observer-test';
const APP = 'promo-observer-test';

let sandbox: RunningSandbox;
let control: SandboxControl;
let db: TestDatabase;
let repos: Repositories;
let metrics: PromoMetrics;
let engine: WorkflowEngine;
let services: AppServices;
const lines: string[] = [];
let resumedRunId: string;

type LogEntry = Record<string, unknown> & { msg: string };
const entries = (): LogEntry[] => lines.map((line) => JSON.parse(line) as LogEntry);
const runEntries = (runId: string) => entries().filter((entry) => entry.runId === runId);

function testRequest(promotionId: string, key: string): Record<string, unknown> {
  return {
    promotionId,
    packageVersion: '1.0.0',
    deploymentTarget: 'TEST',
    createNewPack: true,
    newPackName: `Pack ${key}`,
    targetEnvironments: [{ environmentId: environmentNamed(sandbox.world!, 'Test').id }],
  };
}

/** Starts a run in a child process that is SIGKILLed right after step 3 was checkpointed. */
function startAndKill(options: RunnerOptions): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, JSON.stringify(options)], {
      env: { ...process.env, PROMO_FAILPOINT: 'after-step:3-packaged-component' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(signal));
  });
}

/** A counter's value, or a histogram's `_count`, summed over the series matching `labels`. */
async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const base = name.replace(/_count$/, '');
  const metric = metrics.registry.getSingleMetric(base);
  if (!metric) throw new Error(`no metric ${base}`);
  const { values } = await metric.get();
  const matching = values.filter(
    (v) =>
      ((v as { metricName?: string }).metricName ?? base) === name &&
      Object.entries(labels).every(([key, value]) => (v.labels as Record<string, unknown>)[key] === value),
  );
  return matching.reduce((sum, v) => sum + v.value, 0);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, demo: true, rateLimitPerSecond: 0, asyncDurations: TINY_ASYNC });
  const demo = sandbox.world!;
  control = new SandboxControl(sandbox.url, demo);
  db = await createTestDatabase();
  repos = createRepositories(db.pool);
  await seedDemoRegistry(repos, demo);

  // A run started by another process, killed mid-run: DBOS recovery resumes it in this one.
  const promotion = await freshPromotion({ control, demo }, 'observer-resumed');
  await registerPromotion({ repos, demo }, promotion);
  const idempotencyKey = 'observer-resumed';
  resumedRunId = runIdFor(ADMIN.email, idempotencyKey);
  const signal = await startAndKill({
    databaseUrl: db.url,
    systemDatabaseUrl: systemDatabaseUrl(db),
    executorId: EXECUTOR,
    appName: APP,
    boomi: {
      baseUrl: sandbox.apiBaseUrl,
      accountId: demo.accountId,
      username: demo.username,
      apiToken: demo.apiToken,
    },
    request: testRequest(promotion.promotionId, 'observer-resumed'),
    caller: ADMIN,
    idempotencyKey,
  });
  expect(signal).toBe('SIGKILL');

  metrics = createMetrics({ collectDefaults: false });
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } });
  const boomi = testBoomiClient(sandbox);
  // Same executor id and version as the killed process: launch recovers its pending run here.
  engine = await startTestEngine({
    boomi,
    repos,
    settings: testSettings(demo.accountId),
    observer: createRunObserver(logger, metrics),
    dbos: {
      systemDatabaseUrl: systemDatabaseUrl(db),
      pool: db.pool,
      applicationVersion: `crash-test-${APP}`,
      executorId: EXECUTOR,
      appName: APP,
      takeoverAfterMs: 3_600_000,
    },
  });
  services = createAppServices({ boomi, repos, engine, accountId: demo.accountId });
});

afterAll(async () => {
  await engine?.close();
  await db?.drop();
  await sandbox?.close();
});

describe('run observation through the workflow hooks', () => {
  it('a run resumed by DBOS recovery is logged and metered here: each step executed here once, its end once', async () => {
    const response = await DBOS.retrieveWorkflow<{ success: boolean }>(resumedRunId).getResult();
    expect(response.success).toBe(true);
    const view = await services.deployments.getRun(resumedRunId);
    expect(view?.state).toBe('SUCCEEDED');

    const logged = runEntries(resumedRunId);
    expect(logged.filter((e) => e.msg === 'Package and Deploy run resumed')).toHaveLength(1);
    expect(logged.filter((e) => e.msg === 'Package and Deploy run started')).toHaveLength(0);
    expect(logged.find((e) => e.msg === 'Package and Deploy run resumed')).toMatchObject({
      resumed: true,
      mode: 'TEST',
      promotionId: 'promotion-observer-resumed',
    });

    // Steps up to 3 ran (and were checkpointed) in the killed process; the rest ran here, once each.
    const ended = logged.filter((e) => typeof e.step === 'string' && e.state !== 'RUNNING');
    const endedSteps = ended.map((e) => e.step as string);
    expect(new Set(endedSteps).size).toBe(endedSteps.length);
    const doneElsewhere = ['2.5-merge-create', '2.6-merge-execute', '3-packaged-component'];
    expect(endedSteps.filter((name) => doneElsewhere.includes(name))).toEqual([]);
    expect(endedSteps.sort()).toEqual(
      view!.steps
        .map((s) => s.name)
        .filter((name) => !doneElsewhere.includes(name))
        .sort(),
    );
    for (const entry of ended) {
      expect(entry).toMatchObject({ promotionId: 'promotion-observer-resumed', state: 'SUCCEEDED' });
    }
    const ends = logged.filter((e) => e.msg.startsWith('Package and Deploy run s') && e.state);
    expect(ends).toEqual([
      expect.objectContaining({ msg: 'Package and Deploy run succeeded', state: 'SUCCEEDED', mode: 'TEST' }),
    ]);

    expect(await metricValue('promo_runs_total', { mode: 'TEST', outcome: 'SUCCEEDED' })).toBe(1);
    expect(
      await metricValue('promo_step_duration_seconds_count', { step: '5-create-pack', outcome: 'SUCCEEDED' }),
    ).toBe(1);
    expect(await metricValue('promo_step_duration_seconds_count', { step: '3-packaged-component' })).toBe(0);
  });

  it('a run started here is logged as started, each step once, its end once; no secret is logged', async () => {
    const demo = sandbox.world!;
    const promotion = await freshPromotion({ control, demo }, 'observer-local');
    await registerPromotion({ repos, demo }, promotion);
    const request = parseDeployRequest({
      ...testRequest(promotion.promotionId, 'observer-local'),
      targetEnvironments: [
        { environmentId: environmentNamed(demo, 'Test').id },
        { environmentId: environmentNamed(demo, 'Test 2').id },
      ],
    });
    const before = await control.mark();
    await control.addFault({ method: 'POST', pathPattern: '/DeployedPackage', status: 400, times: 1 });
    const response = await services.deployments.runSync(request, ADMIN);
    await control.clearFaults();
    expect(response.deploymentStatus).toBe('PARTIAL');
    expect((await control.writesSince(before)).length).toBeGreaterThan(0);
    const view = await services.deployments.getRun(response.runId);

    const logged = runEntries(response.runId);
    expect(logged.filter((e) => e.msg === 'Package and Deploy run started')).toEqual([
      expect.objectContaining({ resumed: false, promotionId: promotion.promotionId, mode: 'TEST' }),
    ]);
    const started = logged.filter((e) => e.state === 'RUNNING').map((e) => e.step as string);
    const ended = logged.filter((e) => typeof e.step === 'string' && e.state !== 'RUNNING');
    const stepNames = view!.steps.map((s) => s.name).sort();
    expect([...started].sort()).toEqual(stepNames);
    expect(ended.map((e) => e.step as string).sort()).toEqual(stepNames);
    const failed = ended.filter((e) => e.state === 'FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 40, step: expect.stringMatching(/^8-deploy:/) });
    expect(failed[0]!.error).toMatch(/HTTP 400/);
    expect(logged.filter((e) => e.msg === 'Package and Deploy run succeeded')).toHaveLength(1);

    expect(await metricValue('promo_runs_total', { mode: 'TEST', outcome: 'SUCCEEDED' })).toBe(2);
    expect(
      await metricValue('promo_step_duration_seconds_count', { step: '8-deploy', outcome: 'FAILED' }),
    ).toBe(1);
    expect(
      await metricValue('promo_step_duration_seconds_count', {
        step: '2.5-merge-create',
        outcome: 'SUCCEEDED',
      }),
    ).toBe(1);

    const all = lines.join('\n');
    const password = decodeURIComponent(new URL(db.url).password);
    for (const secret of [
      demo.apiToken,
      Buffer.from(`${demo.username}:${demo.apiToken}`).toString('base64'),
    ]) {
      expect(all.includes(secret)).toBe(false);
    }
    if (password) expect(all.includes(password)).toBe(false);
  });

  it('a hook that throws is logged and never disturbs the caller', () => {
    const log = recordingLogger();
    const observer = safeObserver(
      {
        onStepEnd() {
          throw new Error('metrics backend down');
        },
      },
      log,
    );
    const event = {
      runId: 'run-x',
      promotionId: 'p',
      step: '7-release',
      state: 'SUCCEEDED' as const,
      seconds: 1,
      error: null,
      boomiCalls: [],
    };
    expect(() => observer.onStepEnd(event)).not.toThrow();
    expect(() =>
      observer.onRunEnd({
        ...event,
        mode: 'TEST',
        deploymentStatus: null,
        errorCode: null,
        errorMessage: null,
        state: 'FAILED',
      }),
    ).not.toThrow();
    expect(log.warnings).toEqual([
      {
        details: { runId: 'run-x', hook: 'onStepEnd', error: 'metrics backend down' },
        message: 'Run observer hook failed',
      },
    ]);
  });
});

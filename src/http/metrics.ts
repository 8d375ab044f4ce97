/**
 * The Prometheus metrics of the service (spec §7 `/metrics`): runs by mode and outcome, step
 * durations, Boomi calls by object and status, limiter wait, retries, and HTTP requests.
 * Each `createMetrics()` owns a fresh registry, so several apps (tests) never collide; other
 * layers receive the `PromoMetrics` object and feed it (the Boomi client through `recordBoomiCall`).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { BRANCH_CRITICAL_AT, BRANCH_WARNING_AT } from '../app/branch-count.ts';
import type { ServiceStatus } from '../app/contract.ts';
import type { BoomiCallEvent } from '../boomi/index.ts';

export type { BoomiCallEvent };

export type RunOutcome = 'SUCCEEDED' | 'FAILED';

export interface PromoMetrics {
  registry: Registry;
  runs: Counter<'mode' | 'outcome'>;
  stepDuration: Histogram<'step' | 'outcome'>;
  boomiCalls: Counter<'object' | 'method' | 'status'>;
  boomiCallDuration: Histogram<'object'>;
  limiterWait: Histogram;
  retries: Counter<'object'>;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  /** Pass as the Boomi client's `onCall` option. */
  recordBoomiCall(event: BoomiCallEvent): void;
  recordRun(mode: string, outcome: RunOutcome): void;
  /** Step names such as `8-deploy:<envId>` are cut at `:` to keep label cardinality bounded. */
  recordStep(name: string, seconds: number, outcome: RunOutcome): void;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop); off in tests that build many apps. */
  collectDefaults?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): PromoMetrics {
  const registry = new Registry();
  if (options.collectDefaults ?? true) collectDefaultMetrics({ register: registry, prefix: 'promo_' });
  const registers = [registry];

  const runs = new Counter({
    name: 'promo_runs_total',
    help: 'Package-and-deploy runs finished, by mode (TEST, PRODUCTION, HOTFIX) and outcome',
    labelNames: ['mode', 'outcome'] as const,
    registers,
  });
  const stepDuration = new Histogram({
    name: 'promo_step_duration_seconds',
    help: 'Duration of workflow steps, by step name (seed numbering) and outcome',
    labelNames: ['step', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers,
  });
  const boomiCalls = new Counter({
    name: 'promo_boomi_calls_total',
    help: 'Boomi Platform API call attempts, by object, method and HTTP status (network = no response)',
    labelNames: ['object', 'method', 'status'] as const,
    registers,
  });
  const boomiCallDuration = new Histogram({
    name: 'promo_boomi_call_duration_seconds',
    help: 'Duration of Boomi Platform API call attempts, by object',
    labelNames: ['object'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const limiterWait = new Histogram({
    name: 'promo_boomi_limiter_wait_seconds',
    help: 'Time Boomi calls waited for the account-wide rate limiter',
    buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const retries = new Counter({
    name: 'promo_boomi_retries_total',
    help: 'Boomi call attempts that were retries of an earlier failed attempt, by object',
    labelNames: ['object'] as const,
    registers,
  });
  const httpRequests = new Counter({
    name: 'promo_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: 'promo_http_request_duration_seconds',
    help: 'HTTP request duration, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60],
    registers,
  });

  return {
    registry,
    runs,
    stepDuration,
    boomiCalls,
    boomiCallDuration,
    limiterWait,
    retries,
    httpRequests,
    httpDuration,
    recordBoomiCall(event) {
      const status = event.status === 0 ? 'network' : String(event.status);
      boomiCalls.inc({ object: event.object, method: event.method, status });
      boomiCallDuration.observe({ object: event.object }, event.latencyMs / 1000);
      limiterWait.observe(event.limiterWaitMs / 1000);
      if (event.retried) retries.inc({ object: event.object });
    },
    recordRun(mode, outcome) {
      runs.inc({ mode, outcome });
    },
    recordStep(name, seconds, outcome) {
      stepDuration.observe({ step: name.split(':')[0] ?? name, outcome }, seconds);
    },
  };
}

/**
 * Spec §10: the account's branch count and its limits, read (cached ~30 s) at each scrape. When
 * Boomi cannot be read the gauge keeps its last value rather than failing the whole scrape.
 */
export function registerBranchGauges(metrics: PromoMetrics, readStatus: () => Promise<ServiceStatus>): void {
  const registers = [metrics.registry];
  new Gauge({
    name: 'promo_boomi_branches_warning_threshold',
    help: 'Branch count at which the account is in warning (operational threshold)',
    registers,
  }).set(BRANCH_WARNING_AT);
  new Gauge({
    name: 'promo_boomi_branches_critical_threshold',
    help: 'Branch count at which the account is critical (Boomi hard limit)',
    registers,
  }).set(BRANCH_CRITICAL_AT);
  new Gauge({
    name: 'promo_boomi_branches',
    help: "Live branches of the Boomi account (main included), read from Boomi's Branch query",
    registers,
    async collect() {
      try {
        this.set((await readStatus()).branches.count);
      } catch {
        // Unreadable now: the last value stands (the status endpoint reports the error).
      }
    },
  });
}

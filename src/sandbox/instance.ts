// Everything one sandbox instance holds: Boomi state, faults, latency, rate limiter, call log and the
// demo world description. The HTTP layers (Boomi surface and control API) share it.
import type { AsyncDurations } from './clock/async-stages.ts';
import { CallLog } from './call-log.ts';
import { loadDemoWorld, type DemoWorld } from './demo-world.ts';
import { SandboxFaults } from './faults.ts';
import { SandboxLatency } from './latency.ts';
import { AccountRateLimiter } from './rate-limit.ts';
import { SandboxState } from './state.ts';

export interface SandboxOptions {
  /** Load the demo world at start and on every reset. */
  demo?: boolean;
  /** Requests per second per account before 503 (default 10, Boomi's limit; 0 disables). */
  rateLimitPerSecond?: number;
  /** Fastify request logging (authorization headers are redacted). */
  logger?: boolean;
  /** Durations (and poll counts) of the asynchronous stages; tests make them tiny. */
  asyncDurations?: Partial<AsyncDurations>;
}

export const DEFAULT_RATE_LIMIT_PER_SECOND = 10;

export interface SandboxInstance {
  readonly options: SandboxOptions;
  readonly state: SandboxState;
  readonly faults: SandboxFaults;
  readonly latency: SandboxLatency;
  readonly rateLimiter: AccountRateLimiter;
  readonly calls: CallLog;
  world: DemoWorld | undefined;
  /** Back to the start: empty (or demo) world, no faults, no latency, default rate limit, empty call log. */
  reset(): void;
}

export function createSandboxInstance(options: SandboxOptions): SandboxInstance {
  const instance: SandboxInstance = {
    options,
    state: new SandboxState(options.asyncDurations),
    faults: new SandboxFaults(),
    latency: new SandboxLatency(),
    rateLimiter: new AccountRateLimiter(options.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT_PER_SECOND),
    calls: new CallLog(),
    world: undefined,
    reset() {
      this.state.reset();
      this.faults.clear();
      this.latency.reset();
      this.rateLimiter.setRate(options.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT_PER_SECOND);
      this.calls.clear();
      this.world = options.demo ? loadDemoWorld(this.state) : undefined;
    },
  };
  instance.reset();
  return instance;
}

/**
 * Polling by policy: check, and while not done wait an interval that grows by a factor up to a
 * cap, until a deadline. The last check happens at the deadline, then BoomiPollTimeoutError.
 */
import { BoomiPollTimeoutError } from './errors.ts';
import type { TimeBase } from './time.ts';

export interface PollPolicy {
  intervalMs: number;
  maxIntervalMs: number;
  backoffFactor: number;
  timeoutMs: number;
}

export const DEFAULT_POLL_POLICIES = {
  /** Branch copies are usually quick; large branches take minutes. */
  branchReady: { intervalMs: 1_000, maxIntervalMs: 5_000, backoffFactor: 1.5, timeoutMs: 5 * 60_000 },
  mergeStage: { intervalMs: 2_000, maxIntervalMs: 10_000, backoffFactor: 1.5, timeoutMs: 10 * 60_000 },
  release: { intervalMs: 2_000, maxIntervalMs: 30_000, backoffFactor: 2, timeoutMs: 15 * 60_000 },
} as const satisfies Record<string, PollPolicy>;

export type PollCheck<T> = { done: true; value: T } | { done: false; state: string | undefined };

export async function pollUntil<T>(options: {
  what: string;
  id: string;
  policy: PollPolicy;
  time: Pick<TimeBase, 'now' | 'sleep'>;
  check: () => Promise<PollCheck<T>>;
}): Promise<T> {
  const { policy, time } = options;
  const started = time.now();
  const deadline = started + policy.timeoutMs;
  let interval = policy.intervalMs;
  for (let polls = 1; ; polls++) {
    const result = await options.check();
    if (result.done) return result.value;
    const now = time.now();
    if (now >= deadline) {
      throw new BoomiPollTimeoutError({
        what: options.what,
        id: options.id,
        timeoutMs: policy.timeoutMs,
        elapsedMs: now - started,
        polls,
        lastState: result.state,
      });
    }
    await time.sleep(Math.min(interval, deadline - now));
    interval = Math.min(policy.maxIntervalMs, interval * policy.backoffFactor);
  }
}

/** A partial policy completed from a default. */
export function pollPolicy(defaults: PollPolicy, overrides?: Partial<PollPolicy>): PollPolicy {
  return { ...defaults, ...overrides };
}

/**
 * Polling by policy: check, and while not done wait an interval that grows by a factor up to a
 * cap, until a deadline. The last check happens at the deadline, then BoomiPollTimeoutError.
 *
 * A policy may carry a schedule learned from how long the stage took before (stage-schedule.ts):
 * checks at those times after the wait began, then the backoff as usual. `onSettled` hears when
 * the last pending check and the deciding one were sent (after their wait for a limiter slot),
 * which is what the schedule learns from.
 */
import { BoomiPollTimeoutError } from './errors.ts';
import { measuringLimiterWaits } from './limiter-wait.ts';
import type { TimeBase } from './time.ts';

export interface PollPolicy {
  intervalMs: number;
  maxIntervalMs: number;
  backoffFactor: number;
  timeoutMs: number;
  /** Check at these times (ms after the wait began, ascending) instead of at once and backing off. */
  schedule?: readonly number[];
  onSettled?: (observation: StageObservation) => void;
}

/** One finished wait, in ms after it began: the last check that found it pending (if any), the one that found it done. */
export interface StageObservation {
  pendingMs: number | null;
  doneMs: number;
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
  const schedule = policy.schedule ?? [];
  let interval = policy.intervalMs;
  let pendingMs: number | null = null;
  for (let polls = 1; ; polls++) {
    const due = schedule[polls - 1];
    if (due !== undefined) await time.sleep(Math.min(started + due, deadline) - time.now());
    const calledAt = time.now();
    // When the check left: after its wait for a limiter slot (seconds, under load).
    const { value: result, waitedMs } = await measuringLimiterWaits(options.check);
    const sentMs = Math.min(time.now(), calledAt + waitedMs) - started;
    if (result.done) {
      policy.onSettled?.({ pendingMs, doneMs: sentMs });
      return result.value;
    }
    pendingMs = sentMs;
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
    if (polls < schedule.length) continue;
    await time.sleep(Math.min(interval, deadline - now));
    interval = Math.min(policy.maxIntervalMs, interval * policy.backoffFactor);
  }
}

/** A partial policy completed from a default. */
export function pollPolicy(defaults: PollPolicy, overrides?: Partial<PollPolicy>): PollPolicy {
  return { ...defaults, ...overrides };
}

/**
 * The account-wide rate limiter every Boomi call waits on, with priority lanes (see lane.ts).
 *
 * Slots follow GCRA with a small burst: a call may go at `max(now, tat - tolerance)` where tat
 * (the theoretical arrival time) moves on by one interval per call and tolerance is
 * `(burst - 1)` intervals, so an idle account lets `burst` calls go back to back. A sliding
 * window caps it: never more than `floor(perSecond)` calls in any 1,000 ms, so Boomi, however
 * it counts its ~10/s, never sees more than the configured rate.
 *
 * Slots are granted when they are due, not booked ahead for a caller: each process books one
 * slot at a time and hands it, when it comes, to its best waiter (LaneQueue). A higher lane that
 * starts waiting therefore gets the next slot before any lower lane.
 */
import type { LaneTicket } from '../lane.ts';

export interface RateLimiter {
  /** Waits for this key's next slot in the ticket's lane; resolves with the milliseconds waited. */
  acquire(key: string, ticket?: LaneTicket): Promise<number>;
}

export interface RateLimiterOptions {
  /** Calls per second allowed per key (per Boomi account). */
  perSecond: number;
  /** Calls allowed back to back when the budget is idle (1 = none). Default 3. */
  burst?: number;
}

export const DEFAULT_RATE_PER_SECOND = 8;
export const DEFAULT_BURST = 3;
export const WINDOW_MS = 1000;

export function intervalMs(perSecond: number): number {
  if (!(Number.isFinite(perSecond) && perSecond > 0)) {
    throw new RangeError(
      `perSecond must be a positive number (for example { perSecond: 8 }), got ${perSecond}`,
    );
  }
  return 1000 / perSecond;
}

/** The slot rules of one key, shared by the in-memory arithmetic and the PostgreSQL function. */
export interface SlotRules {
  intervalMs: number;
  toleranceMs: number;
  windowCalls: number;
  windowMs: number;
}

export function slotRules(options: RateLimiterOptions): SlotRules {
  const interval = intervalMs(options.perSecond);
  const burst = options.burst ?? DEFAULT_BURST;
  if (!(Number.isInteger(burst) && burst >= 1)) {
    throw new RangeError(`burst must be a whole number ≥ 1 (for example { burst: 3 }), got ${burst}`);
  }
  return {
    intervalMs: interval,
    toleranceMs: (burst - 1) * interval,
    windowCalls: Math.max(1, Math.floor(options.perSecond)),
    windowMs: WINDOW_MS,
  };
}

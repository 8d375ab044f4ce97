/**
 * The account-wide rate limiter every Boomi call waits on. Slots are reserved GCRA-style: each
 * acquire books the next free slot (`max(now, tat)`) and moves the theoretical arrival time (tat)
 * on by one interval, then the caller sleeps until its slot. No bursts: Boomi counts per second.
 */
export interface RateLimiter {
  /** Waits for this key's next slot; resolves with the milliseconds waited. */
  acquire(key: string): Promise<number>;
}

export interface RateLimiterOptions {
  /** Calls per second allowed per key (per Boomi account). */
  perSecond: number;
}

export const DEFAULT_RATE_PER_SECOND = 8;

export function intervalMs(perSecond: number): number {
  if (!(Number.isFinite(perSecond) && perSecond > 0)) {
    throw new RangeError(
      `perSecond must be a positive number (for example { perSecond: 8 }), got ${perSecond}`,
    );
  }
  return 1000 / perSecond;
}

// Boomi's account rate limit (reference §4): about 10 requests per second per account, answered with
// 503. A token bucket per effective account, holding one second's worth of requests.
import { performance } from 'node:perf_hooks';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class AccountRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** `perSecond` ≤ 0 disables the limit. */
  constructor(private perSecond: number) {}

  get rate(): number {
    return this.perSecond;
  }

  setRate(perSecond: number): void {
    this.perSecond = perSecond;
    this.buckets.clear();
  }

  /** Takes one request slot for the account; false means "answer 503". */
  take(accountId: string, nowMs = performance.now()): boolean {
    if (this.perSecond <= 0) return true;
    const bucket = this.buckets.get(accountId) ?? { tokens: this.perSecond, updatedMs: nowMs };
    const refilled = Math.min(
      this.perSecond,
      bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * this.perSecond,
    );
    const allowed = refilled >= 1;
    this.buckets.set(accountId, { tokens: allowed ? refilled - 1 : refilled, updatedMs: nowMs });
    return allowed;
  }

  reset(): void {
    this.buckets.clear();
  }
}

/**
 * The limiter for one process (unit tests, single-instance use). Same slot arithmetic as the
 * PostgreSQL limiter, with the time base injectable so tests run without waiting.
 */
import { realTime, type TimeBase } from '../time.ts';
import { intervalMs, type RateLimiter, type RateLimiterOptions } from './rate-limiter.ts';

export class InMemoryRateLimiter implements RateLimiter {
  private readonly interval: number;
  private readonly time: Pick<TimeBase, 'now' | 'sleep'>;
  private readonly tat = new Map<string, number>();

  constructor(options: RateLimiterOptions & { time?: Pick<TimeBase, 'now' | 'sleep'> }) {
    this.interval = intervalMs(options.perSecond);
    this.time = options.time ?? realTime;
  }

  async acquire(key: string): Promise<number> {
    const now = this.time.now();
    const slot = Math.max(now, this.tat.get(key) ?? now);
    this.tat.set(key, slot + this.interval);
    const wait = slot - now;
    await this.time.sleep(wait);
    return wait;
  }
}

/**
 * The limiter shared by every run on every service instance: one row per Boomi account in
 * `boomi_rate_limits`, its theoretical arrival time (tat) moved on atomically by one upsert per
 * call. The database clock is the only clock, so instances with skewed clocks still share one
 * budget; the caller sleeps locally until the slot it reserved.
 */
import type { Pool } from 'pg';
import { realTime, type TimeBase } from '../time.ts';
import { intervalMs, type RateLimiter, type RateLimiterOptions } from './rate-limiter.ts';

// $1 key, $2 interval in ms. The row's new tat is slot + interval, so the slot is tat - interval.
const NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)::double precision`;
const RESERVE_SLOT = `
  INSERT INTO boomi_rate_limits AS l (limiter_key, tat_ms)
  VALUES ($1, ${NOW_MS} + $2::double precision)
  ON CONFLICT (limiter_key) DO UPDATE
    SET tat_ms = greatest(l.tat_ms, ${NOW_MS}) + $2::double precision
  RETURNING greatest(0, l.tat_ms - $2::double precision - ${NOW_MS}) AS wait_ms`;

export class PostgresRateLimiter implements RateLimiter {
  private readonly interval: number;
  private readonly sleep: TimeBase['sleep'];

  constructor(
    private readonly pool: Pool,
    options: RateLimiterOptions & { sleep?: TimeBase['sleep'] },
  ) {
    this.interval = intervalMs(options.perSecond);
    this.sleep = options.sleep ?? realTime.sleep;
  }

  async acquire(key: string): Promise<number> {
    const result = await this.pool.query<{ wait_ms: number }>(RESERVE_SLOT, [key, this.interval]);
    const wait = Math.ceil(Number(result.rows[0]?.wait_ms ?? 0));
    await this.sleep(wait);
    return wait;
  }
}

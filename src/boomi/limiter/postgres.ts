/**
 * The limiter shared by every run on every service instance, with priority lanes across
 * instances. Each instance queues its own waiters (LaneQueue: lane, then round robin by run)
 * and books slots one at a time through `boomi_limiter_book` (migration 009), which keeps one
 * row per key (GCRA tat + the last slots, for the burst window) and one "head" row per instance
 * with waiters: its best lane and since when it waits. Only the best head may book, and only a
 * slot at most one interval ahead — so when a hotfix starts waiting on any instance, every other
 * instance holds at most the one slot it already booked, and the hotfix gets the next one.
 * Within a lane, instances take turns (a booking sends the instance to the back of its lane).
 * The database clock is the only clock, so instances with skewed clocks still share one budget.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { currentLaneTicket, type LaneTicket } from '../lane.ts';
import { realTime, type TimeBase } from '../time.ts';
import { SlotDispatcher, type SlotSource } from './dispatcher.ts';
import { slotRules, type RateLimiter, type RateLimiterOptions, type SlotRules } from './rate-limiter.ts';

const BOOK =
  'SELECT slot_in_ms, retry_in_ms FROM boomi_limiter_book($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)';

export class PostgresRateLimiter implements RateLimiter {
  private readonly rules: SlotRules;
  private readonly time: Pick<TimeBase, 'now' | 'sleep'>;
  private readonly keys = new Map<string, SlotDispatcher>();
  private readonly databaseNow: (() => number) | undefined;
  /** This limiter's place in line among instances. */
  readonly instanceId: string;

  constructor(
    private readonly pool: Pool,
    options: RateLimiterOptions & {
      sleep?: TimeBase['sleep'];
      /** Tests only: drives the slot arithmetic too (by default the database clock does). */
      now?: TimeBase['now'];
      instanceId?: string;
    },
  ) {
    this.rules = slotRules(options);
    this.time = { now: options.now ?? realTime.now, sleep: options.sleep ?? realTime.sleep };
    this.databaseNow = options.now;
    this.instanceId = options.instanceId ?? randomUUID();
  }

  acquire(key: string, ticket: LaneTicket = currentLaneTicket()): Promise<number> {
    let dispatcher = this.keys.get(key);
    if (!dispatcher) {
      dispatcher = new SlotDispatcher(this.slotSource(key), this.time);
      this.keys.set(key, dispatcher);
    }
    return dispatcher.acquire(ticket);
  }

  private slotSource(key: string): SlotSource {
    const { intervalMs, toleranceMs, windowCalls, windowMs } = this.rules;
    // A head not refreshed for longer than any retry the function hands out has gone away.
    const leaseMs = windowMs + 4 * intervalMs;
    return {
      book: async ({ rank, waiting }) => {
        const result = await this.pool.query<{ slot_in_ms: number | null; retry_in_ms: number | null }>(
          BOOK,
          [
            ...[key, this.instanceId, rank, waiting],
            ...[intervalMs, toleranceMs, windowCalls, windowMs, leaseMs, this.databaseNow?.() ?? null],
          ],
        );
        const row = result.rows[0]!;
        return row.slot_in_ms === null
          ? { retryInMs: Math.ceil(Number(row.retry_in_ms)) }
          : { slotInMs: Math.max(0, Math.ceil(Number(row.slot_in_ms))) };
      },
    };
  }
}

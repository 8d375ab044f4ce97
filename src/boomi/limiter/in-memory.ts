/**
 * The limiter for one process (unit tests, single-instance use): lanes and slot rules as the
 * PostgreSQL limiter, with the time base injectable so tests run without waiting.
 */
import type { LaneTicket } from '../lane.ts';
import { currentLaneTicket } from '../lane.ts';
import { realTime, type TimeBase } from '../time.ts';
import { SlotDispatcher } from './dispatcher.ts';
import { slotRules, type RateLimiter, type RateLimiterOptions, type SlotRules } from './rate-limiter.ts';
import { SlotState } from './slot-arithmetic.ts';

export class InMemoryRateLimiter implements RateLimiter {
  private readonly rules: SlotRules;
  private readonly time: Pick<TimeBase, 'now' | 'sleep'>;
  private readonly keys = new Map<string, SlotDispatcher>();

  constructor(options: RateLimiterOptions & { time?: Pick<TimeBase, 'now' | 'sleep'> }) {
    this.rules = slotRules(options);
    this.time = options.time ?? realTime;
  }

  acquire(key: string, ticket: LaneTicket = currentLaneTicket()): Promise<number> {
    let dispatcher = this.keys.get(key);
    if (!dispatcher) {
      const state = new SlotState(this.rules);
      dispatcher = new SlotDispatcher(
        {
          book: async () => {
            const now = this.time.now();
            const slot = state.nextSlot(now);
            state.take(slot);
            return { slotInMs: slot - now };
          },
        },
        this.time,
      );
      this.keys.set(key, dispatcher);
    }
    return dispatcher.acquire(ticket);
  }
}

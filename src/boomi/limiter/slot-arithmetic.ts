/**
 * One key's GCRA state with burst tolerance and the sliding-window cap (rate-limiter.ts), in
 * memory. The PostgreSQL limiter runs the same arithmetic in `boomi_limiter_book`.
 */
import type { SlotRules } from './rate-limiter.ts';

export class SlotState {
  private tat = -Infinity;
  /** The last `windowCalls` granted slots, oldest first. */
  private readonly recent: number[] = [];

  constructor(private readonly rules: SlotRules) {}

  /** The earliest slot a call arriving at `now` may have. */
  nextSlot(now: number): number {
    const { toleranceMs, windowCalls, windowMs } = this.rules;
    let slot = Math.max(now, this.tat - toleranceMs);
    if (this.recent.length >= windowCalls) {
      slot = Math.max(slot, this.recent[this.recent.length - windowCalls]! + windowMs);
    }
    return slot;
  }

  /** Takes the slot `nextSlot(now)` returned. */
  take(slot: number): void {
    this.tat = Math.max(this.tat, slot) + this.rules.intervalMs;
    this.recent.push(slot);
    if (this.recent.length > this.rules.windowCalls) this.recent.shift();
  }
}

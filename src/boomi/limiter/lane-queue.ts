/**
 * The waiters of one limiter key in one process: the highest lane first; within a lane, callers
 * take turns (round robin), and one caller's waiters keep their order. So a waiting hotfix call
 * gets the next slot, and no run of a lane is starved by a busier run of the same lane.
 */
import { BOOMI_LANES, laneRank, type LaneTicket } from '../lane.ts';

export class LaneQueue<T> {
  /** Per lane: caller → its waiters. A Map iterates in insertion order: the turn order. */
  private readonly lanes = BOOMI_LANES.map(() => new Map<string, T[]>());
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(ticket: LaneTicket, item: T): void {
    const lane = this.lanes[laneRank(ticket.lane)]!;
    const waiting = lane.get(ticket.caller);
    if (waiting) waiting.push(item);
    else lane.set(ticket.caller, [item]);
    this.count += 1;
  }

  /** Rank of the highest lane with a waiter (0 = hotfix); undefined when empty. */
  bestRank(): number | undefined {
    const rank = this.lanes.findIndex((lane) => lane.size > 0);
    return rank === -1 ? undefined : rank;
  }

  /** The next waiter: first caller in the highest lane, who then goes to the back of that lane. */
  shift(): T | undefined {
    const rank = this.bestRank();
    if (rank === undefined) return undefined;
    const lane = this.lanes[rank]!;
    const [caller, waiting] = lane.entries().next().value as [string, T[]];
    const item = waiting.shift();
    lane.delete(caller);
    if (waiting.length > 0) lane.set(caller, waiting);
    this.count -= 1;
    return item;
  }
}

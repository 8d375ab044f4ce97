/**
 * One limiter key in one process: waiters queue by lane (LaneQueue); a single loop books one
 * slot at a time from its SlotSource, sleeps until the slot and then hands it to whoever is
 * best in the queue at that moment — so a hotfix call that arrives meanwhile takes it.
 */
import { laneRank, type LaneTicket } from '../lane.ts';
import type { TimeBase } from '../time.ts';
import { LaneQueue } from './lane-queue.ts';

/** Where slots come from: local arithmetic, or the PostgreSQL row shared by all instances. */
export interface SlotSource {
  /**
   * Books the next slot for this process, whose best waiter is in lane `rank` and which has
   * `waiting` waiters; or says to ask again later (another instance's waiter goes first).
   */
  book(request: { rank: number; waiting: number }): Promise<{ slotInMs: number } | { retryInMs: number }>;
}

interface Waiter {
  since: number;
  grant: (waitedMs: number) => void;
  fail: (error: unknown) => void;
}

export class SlotDispatcher {
  private readonly queue = new LaneQueue<Waiter>();
  private running = false;
  private wake: (() => void) | undefined;
  private askingRank = Infinity;

  constructor(
    private readonly source: SlotSource,
    private readonly time: Pick<TimeBase, 'now' | 'sleep'>,
  ) {}

  acquire(ticket: LaneTicket): Promise<number> {
    return new Promise<number>((grant, fail) => {
      this.queue.push(ticket, { since: this.time.now(), grant, fail });
      // A better lane than the one last announced must not sleep out another instance's turn.
      if (laneRank(ticket.lane) < this.askingRank) this.wake?.();
      if (!this.running) {
        this.running = true;
        void this.loop();
      }
    });
  }

  private async loop(): Promise<void> {
    while (this.queue.size > 0) {
      const rank = this.queue.bestRank()!;
      this.askingRank = rank;
      let answer: Awaited<ReturnType<SlotSource['book']>>;
      try {
        answer = await this.source.book({ rank, waiting: this.queue.size });
      } catch (error) {
        // The shared state is unreachable: every waiter learns it now rather than hanging.
        while (this.queue.size > 0) this.queue.shift()!.fail(error);
        break;
      }
      if ('retryInMs' in answer) {
        await this.sleepUnlessWoken(answer.retryInMs);
        continue;
      }
      this.askingRank = Infinity;
      await this.time.sleep(answer.slotInMs);
      const waiter = this.queue.shift()!;
      waiter.grant(Math.max(0, Math.round(this.time.now() - waiter.since)));
    }
    this.running = false;
  }

  private async sleepUnlessWoken(ms: number): Promise<void> {
    const woken = new Promise<void>((resolve) => (this.wake = resolve));
    await Promise.race([this.time.sleep(ms), woken]);
    this.wake = undefined;
  }
}

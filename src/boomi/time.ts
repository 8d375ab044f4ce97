/**
 * The client's time base. Injected so tests of retries, limiter and pollers run in
 * milliseconds with a fake clock, and never depend on wall-clock timing.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface TimeBase {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1); used for retry jitter. */
  random(): number;
}

export const realTime: TimeBase = {
  now: () => Date.now(),
  sleep: async (ms) => {
    if (ms > 0) await delay(ms);
  },
  random: () => Math.random(),
};

/**
 * A clock the test moves by hand: sleeps resolve only when `advanceTo` passes their due time,
 * in order, letting the code they wake run (including database round trips) before the next.
 */
export interface ManualClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Moves time to `t`, waking each sleeper at its due time; `settle` waits for other work. */
  advanceTo(t: number, settle?: () => Promise<void>): Promise<void>;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export function manualClock(start = 0): ManualClock {
  let now = start;
  const timers: { at: number; resolve: () => void }[] = [];
  return {
    now: () => now,
    sleep: (ms) =>
      ms <= 0 ? Promise.resolve() : new Promise<void>((resolve) => timers.push({ at: now + ms, resolve })),
    async advanceTo(t, settle = tick) {
      for (;;) {
        await settle();
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > t) break;
        timers.shift();
        now = Math.max(now, next.at);
        next.resolve();
        await tick();
      }
      now = Math.max(now, t);
      await settle();
    },
  };
}

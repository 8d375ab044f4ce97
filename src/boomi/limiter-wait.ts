/**
 * How long a piece of work's Boomi calls waited for the account-wide limiter. A poll needs it to
 * know when its check really left: under load a check due at 400 ms may wait seconds for its
 * slot, and "done at 400 ms" would teach the stage schedule a stage far shorter than it is.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<{ waitedMs: number }>();

/** Runs `work`, adding up the limiter waits of every Boomi call it makes. */
export async function measuringLimiterWaits<T>(
  work: () => Promise<T>,
): Promise<{ value: T; waitedMs: number }> {
  const tally = { waitedMs: 0 };
  const value = await scope.run(tally, work);
  return { value, waitedMs: tally.waitedMs };
}

/** Called by the limiter plugin once a call got its slot. */
export function noteLimiterWait(waitedMs: number): void {
  const tally = scope.getStore();
  if (tally) tally.waitedMs += waitedMs;
}

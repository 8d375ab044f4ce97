// The in-memory limiter's slot arithmetic with a fake clock: evenly spaced slots per key,
// keys independent, no burst after idling, and every attempt of the client waits its turn.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryRateLimiter } from '../../src/boomi/index.ts';
import { fakeTime, json, mockBoomi, ROOT } from './unit-helpers.ts';

/** A clock that does not advance on sleep, to see the reserved waits of simultaneous callers. */
function frozenClock(start = 10_000) {
  let now = start;
  return { now: () => now, sleep: async () => {}, set: (t: number) => (now = t) };
}

describe('InMemoryRateLimiter', () => {
  it('gives simultaneous callers slots one interval apart', async () => {
    const limiter = new InMemoryRateLimiter({ perSecond: 8, time: frozenClock() });
    const waits = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire('acct')));
    expect(waits).toStrictEqual([0, 125, 250, 375, 500]);
  });

  it('keeps a separate budget per key (per Boomi account)', async () => {
    const limiter = new InMemoryRateLimiter({ perSecond: 5, time: frozenClock() });
    expect(await limiter.acquire('a')).toBe(0);
    expect(await limiter.acquire('b')).toBe(0);
    expect(await limiter.acquire('a')).toBe(200);
  });

  it('does not bank unused time: after idling, the next call goes at once and the one after waits', async () => {
    const clock = frozenClock(0);
    const limiter = new InMemoryRateLimiter({ perSecond: 10, time: clock });
    await limiter.acquire('a');
    clock.set(5_000);
    expect(await limiter.acquire('a')).toBe(0);
    expect(await limiter.acquire('a')).toBe(100);
  });

  it('never lets more than perSecond calls start in any 1-second window, whatever the arrivals', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 60 }),
        async (raw) => {
          const arrivals = [...raw].sort((x, y) => x - y);
          const clock = frozenClock(0);
          const limiter = new InMemoryRateLimiter({ perSecond: 5, time: clock });
          const starts: number[] = [];
          for (const arrival of arrivals) {
            clock.set(arrival);
            starts.push(arrival + (await limiter.acquire('a')));
          }
          const maxInWindow = Math.max(
            ...starts.map((t) => starts.filter((u) => u >= t && u < t + 1000).length),
          );
          expect(maxInWindow).toBeLessThanOrEqual(5);
          // And nobody waits longer than needed: each starts at its arrival or one interval after the previous.
          starts.forEach((start, i) => {
            const earliest = i === 0 ? 0 : (starts[i - 1] ?? 0) + 200;
            expect(start).toBe(Math.max(arrivals[i] ?? 0, earliest));
          });
        },
      ),
    );
  });

  it('rejects a non-positive rate with an example', () => {
    expect(() => new InMemoryRateLimiter({ perSecond: 0 })).toThrow('for example { perSecond: 8 }');
  });

  it('makes the client wait for a slot on every attempt, retries included, and reports the wait', async () => {
    const time = fakeTime();
    const limiter = new InMemoryRateLimiter({ perSecond: 4, time });
    const boomi = mockBoomi({ limiter, now: time.now, sleep: time.sleep, random: () => 0 });
    const path = `${ROOT}/Branch/b1`;
    boomi.pool.intercept({ path, method: 'GET' }).reply(200, { id: 'b1' }, json).times(2);
    boomi.pool.intercept({ path, method: 'GET' }).reply(503, { message: 'busy' }, json);
    boomi.pool.intercept({ path, method: 'GET' }).reply(200, { id: 'b1' }, json);
    await Promise.all([boomi.client.branches.get('b1'), boomi.client.branches.get('b1')]);
    await boomi.client.branches.get('b1');
    // Third call: first attempt at the slot 500 ms, 503, backoff 250 ms (random 0), then its slot at 750.
    expect(boomi.events.map((e) => [e.status, e.attempt, e.limiterWaitMs])).toStrictEqual([
      [200, 1, 0],
      [200, 1, 250],
      [503, 1, 250],
      [200, 2, 0],
    ]);
  });
});

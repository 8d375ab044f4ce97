// The in-memory limiter with controlled time: slot arithmetic (burst when idle, never more than
// the rate in any second), priority lanes and round robin within a lane, and every attempt of
// the client waiting its turn in the lane of its scope.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryRateLimiter, withBoomiLane, type BoomiLane } from '../../src/boomi/index.ts';
import { manualClock } from './manual-clock.ts';
import { fakeTime, json, mockBoomi, ROOT } from './unit-helpers.ts';

/** Grants in order, as `label@time`. */
function recorder(limiter: InMemoryRateLimiter, clock: { now(): number }) {
  const grants: string[] = [];
  const ask = (label: string, lane: BoomiLane, caller: string) =>
    limiter.acquire('acct', { lane, caller }).then(() => grants.push(`${label}@${clock.now()}`));
  return { grants, ask };
}

describe('InMemoryRateLimiter: slots', () => {
  it('lets an idle account burst, then spaces calls one interval apart', async () => {
    const time = fakeTime();
    const limiter = new InMemoryRateLimiter({ perSecond: 10, burst: 3, time });
    const waits = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire('acct')));
    expect(waits).toStrictEqual([0, 0, 0, 100, 200]);
  });

  it('with burst 1, spaces even simultaneous callers one interval apart', async () => {
    const time = fakeTime();
    const limiter = new InMemoryRateLimiter({ perSecond: 8, burst: 1, time });
    const waits = await Promise.all(Array.from({ length: 4 }, () => limiter.acquire('acct')));
    expect(waits).toStrictEqual([0, 125, 250, 375]);
  });

  it('keeps a separate budget per key (per Boomi account)', async () => {
    const time = fakeTime();
    const limiter = new InMemoryRateLimiter({ perSecond: 5, burst: 1, time });
    const waits = await Promise.all([limiter.acquire('a'), limiter.acquire('b'), limiter.acquire('a')]);
    expect(waits).toStrictEqual([0, 0, 200]);
  });

  it('never lets more than perSecond calls start in any 1-second window, burst or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        async (raw, burst) => {
          const arrivals = [...raw].sort((x, y) => x - y);
          const clock = manualClock(0);
          const limiter = new InMemoryRateLimiter({ perSecond: 5, burst, time: clock });
          const starts: number[] = [];
          for (const arrival of arrivals) {
            const granted = limiter.acquire('a').then(() => starts.push(clock.now()));
            await clock.advanceTo(Math.max(clock.now(), arrival));
            await clock.advanceTo(clock.now() + 10_000);
            await granted;
          }
          const maxInWindow = Math.max(
            ...starts.map((t) => starts.filter((u) => u >= t && u < t + 1000).length),
          );
          expect(maxInWindow).toBeLessThanOrEqual(5);
          expect(starts).toHaveLength(arrivals.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects a non-positive rate and a fractional burst with an example', () => {
    expect(() => new InMemoryRateLimiter({ perSecond: 0 })).toThrow('for example { perSecond: 8 }');
    expect(() => new InMemoryRateLimiter({ perSecond: 5, burst: 0.5 })).toThrow('for example { burst: 3 }');
  });
});

describe('InMemoryRateLimiter: lanes', () => {
  it('serves a higher lane first, and callers of one lane in turn', async () => {
    const clock = manualClock(0);
    const limiter = new InMemoryRateLimiter({ perSecond: 10, burst: 1, time: clock });
    const { grants, ask } = recorder(limiter, clock);
    const all = [
      ask('bg', 'background', 'rebuild'),
      ask('a1', 'test', 'run-a'),
      ask('a2', 'test', 'run-a'),
      ask('a3', 'test', 'run-a'),
      ask('b1', 'test', 'run-b'),
      ask('p1', 'production', 'run-p'),
      ask('h1', 'hotfix', 'run-h'),
    ];
    await clock.advanceTo(1_000);
    await Promise.all(all);
    expect(grants).toStrictEqual(['h1@0', 'p1@100', 'a1@200', 'b1@300', 'a2@400', 'a3@500', 'bg@600']);
  });

  it('gives a hotfix that starts waiting mid-queue the next slot', async () => {
    const clock = manualClock(0);
    const limiter = new InMemoryRateLimiter({ perSecond: 10, burst: 1, time: clock });
    const { grants, ask } = recorder(limiter, clock);
    const tests = ['a', 'b', 'a', 'b', 'a', 'b'].map((run, i) => ask(`${run}${i}`, 'test', `run-${run}`));
    await clock.advanceTo(150);
    const hotfix = ask('hotfix', 'hotfix', 'run-h');
    await clock.advanceTo(2_000);
    await Promise.all([...tests, hotfix]);
    expect(grants).toStrictEqual(['a0@0', 'b1@100', 'hotfix@200', 'a2@300', 'b3@400', 'a4@500', 'b5@600']);
  });

  it('takes the lane from the scope that makes the call (withBoomiLane), retries included', async () => {
    const time = fakeTime();
    const limiter = new InMemoryRateLimiter({ perSecond: 4, burst: 1, time });
    const seen: string[] = [];
    const spy = {
      acquire: (key: string, ticket?: { lane: string; caller: string }) => {
        seen.push(`${ticket?.lane}/${ticket?.caller}`);
        return limiter.acquire(key, ticket as never);
      },
    };
    const boomi = mockBoomi({ limiter: spy, now: time.now, sleep: time.sleep, random: () => 0 });
    const path = `${ROOT}/Branch/b1`;
    boomi.pool.intercept({ path, method: 'GET' }).reply(503, { message: 'busy' }, json);
    boomi.pool.intercept({ path, method: 'GET' }).reply(200, { id: 'b1' }, json).times(2);
    await withBoomiLane('hotfix', () => boomi.client.branches.get('b1'), 'run-7');
    await boomi.client.branches.get('b1');
    expect(seen).toStrictEqual(['hotfix/run-7', 'hotfix/run-7', 'test/unscoped']);
    expect(boomi.events.map((e) => [e.status, e.attempt])).toStrictEqual([
      [503, 1],
      [200, 2],
      [200, 1],
    ]);
  });
});

// The learned poll schedule of an async stage, with a fake clock: from brackets of past waits to
// check times, and waits driven by it against a stage of known length (polls counted, the
// deciding check's lateness measured).
import { describe, expect, it } from 'vitest';
import { limiterPlugin } from '../../src/boomi/plugins/limiter.ts';
import { pollUntil, type PollPolicy, type StageObservation } from '../../src/boomi/poll.ts';
import { learnedSchedule, stageBracket } from '../../src/boomi/stage-schedule.ts';
import { fakeTime } from './unit-helpers.ts';

const BACKOFF: PollPolicy = { intervalMs: 250, maxIntervalMs: 1000, backoffFactor: 1.5, timeoutMs: 60_000 };

/** One wait on a stage that finishes `endMs` after the wait began; returns what it saw. */
async function waitFor(endMs: number, schedule: number[] | undefined) {
  const time = fakeTime();
  const sent: number[] = [];
  let observation: StageObservation | undefined;
  await pollUntil({
    what: 'Stage',
    id: 's1',
    policy: { ...BACKOFF, ...(schedule ? { schedule } : {}), onSettled: (o) => (observation = o) },
    time,
    check: async () => {
      sent.push(time.now());
      return time.now() >= endMs ? { done: true, value: 'done' } : { done: false, state: 'PENDING' };
    },
  });
  return { sent, observation: observation!, lateMs: sent.at(-1)! - endMs };
}

describe('learnedSchedule', () => {
  it('has nothing to say without history (the policy backs off as before)', () => {
    expect(learnedSchedule([])).toBeUndefined();
  });

  it('checks once at the end of a narrow bracket, then a few short late steps', () => {
    expect(learnedSchedule([{ pendingMs: 1_480, doneMs: 1_500 }])).toStrictEqual([
      1_500, 1_550, 1_600, 1_700,
    ]);
  });

  it('explores halfway in a wide bracket before its end', () => {
    expect(learnedSchedule([{ pendingMs: 1_000, doneMs: 1_500 }])).toStrictEqual([
      1_250, 1_500, 1_550, 1_600, 1_700,
    ]);
  });

  it('intersects the newest brackets and stops at the first that disagrees (the stage changed pace)', () => {
    const newestFirst = [
      { pendingMs: null, doneMs: 1_400 },
      { pendingMs: 1_200, doneMs: 1_600 },
      { pendingMs: 3_000, doneMs: 3_500 },
    ];
    expect(stageBracket(newestFirst)).toStrictEqual({ lo: 1_200, hi: 1_400 });
  });

  it('stays within its bounds', () => {
    expect(learnedSchedule([{ pendingMs: null, doneMs: 10 }])?.[0]).toBe(100);
    expect(learnedSchedule([{ pendingMs: 299_990, doneMs: 300_000 }])?.[0]).toBe(60_000);
  });
});

describe('waits on a learned schedule', () => {
  it('converge on one check per wait, landing within the precision after the stage ends', async () => {
    const endMs = 1_460;
    const history: StageObservation[] = [];
    const checks: number[] = [];
    for (let wait = 0; wait < 10; wait++) {
      const { sent, observation, lateMs } = await waitFor(endMs, learnedSchedule(history));
      history.unshift(observation);
      checks.push(sent.length);
      if (wait === 9) expect(lateMs).toBeLessThanOrEqual(25);
    }
    // Backoff the first time (0, 250, 625, 1187, 1750), then at most two checks, then one.
    expect(checks[0]).toBe(5);
    expect(checks.slice(1).every((n) => n <= 2)).toBe(true);
    expect(checks.slice(-3)).toStrictEqual([1, 1, 1]);
  });

  it('still finishes, a few short steps late, when the stage gets slower', async () => {
    const { sent } = await waitFor(1_630, learnedSchedule([{ pendingMs: 1_450, doneMs: 1_470 }]));
    expect(sent).toStrictEqual([1_470, 1_520, 1_570, 1_670]);
  });
});

describe('a check that waits for the limiter (under load)', () => {
  it('is recorded when it left, not when it was due: a late "done" never teaches a shorter stage', async () => {
    const time = fakeTime();
    const endMs = 500;
    const limiterWaitMs = 700;
    // The real limiter plugin in front of the check, with a limiter that grants after 700 ms.
    const limiter = {
      acquire: async () => {
        await time.sleep(limiterWaitMs);
        return limiterWaitMs;
      },
    };
    const send = limiterPlugin(limiter, 'account').wrap(async () => ({
      status: 200,
      body: undefined,
      text: '',
    }));
    const sent: number[] = [];
    let observation: StageObservation | undefined;
    await pollUntil({
      what: 'Stage',
      id: 's1',
      policy: { ...BACKOFF, schedule: [200], onSettled: (o) => (observation = o) },
      time,
      check: async () => {
        await send({} as Parameters<typeof send>[0]);
        sent.push(time.now());
        return time.now() >= endMs ? { done: true, value: 'done' } : { done: false, state: 'PENDING' };
      },
    });
    // Due at 200 ms, it left at 900 ms and found the stage done: done by 900, not by 200.
    expect(sent).toStrictEqual([900]);
    expect(observation).toStrictEqual({ pendingMs: null, doneMs: 900 });
    expect(stageBracket([observation!])).toStrictEqual({ lo: 0, hi: 900 });
  });
});

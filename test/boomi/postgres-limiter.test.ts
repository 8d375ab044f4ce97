// The PostgreSQL limiter on a real (embedded) database, with time driven by the test: one shared
// budget per key across limiter instances with separate pools (as two service instances have),
// priority lanes across them, and instances taking turns within a lane.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresRateLimiter, type BoomiLane } from '../../src/boomi/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { manualClock, type ManualClock } from './manual-clock.ts';

let db: TestDatabase;
let secondPool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  secondPool = new pg.Pool({ connectionString: db.url, max: 10 });
});

afterAll(async () => {
  await secondPool.end();
  await db.drop();
});

/** Database round trips in flight, so the clock only moves once every limiter has settled. */
function countingPool(pool: pg.Pool) {
  let inFlight = 0;
  const counted = {
    query: async (...args: Parameters<pg.Pool['query']>) => {
      inFlight += 1;
      try {
        return await (pool.query as (...a: unknown[]) => Promise<unknown>)(...args);
      } finally {
        inFlight -= 1;
      }
    },
  } as unknown as pg.Pool;
  const settle = async () => {
    do await new Promise((resolve) => setTimeout(resolve, 2));
    while (inFlight > 0);
  };
  return { pool: counted, settle, busy: () => inFlight > 0 };
}

function twoInstances(key: string, clock: ManualClock, perSecond = 10) {
  const a = countingPool(db.pool);
  const b = countingPool(secondPool);
  const options = { perSecond, burst: 1, now: clock.now, sleep: clock.sleep };
  const grants: string[] = [];
  const make = (name: string, pool: pg.Pool) => {
    const limiter = new PostgresRateLimiter(pool, { ...options, instanceId: name });
    return (label: string, lane: BoomiLane, caller: string) =>
      limiter.acquire(key, { lane, caller }).then(() => grants.push(`${label}@${clock.now() % 100_000}`));
  };
  const settle = async () => {
    do await Promise.all([a.settle(), b.settle()]);
    while (a.busy() || b.busy());
  };
  return { onA: make('A', a.pool), onB: make('B', b.pool), grants, settle };
}

describe('PostgresRateLimiter', () => {
  it('shares one budget across instances and lets instances take turns within a lane', async () => {
    const clock = manualClock(1_000_000);
    const { onA, onB, grants, settle } = twoInstances('acct-turns', clock);
    const calls = [
      ...['a1', 'a2', 'a3'].map((label) => onA(label, 'test', `run-${label}`)),
      ...['b1', 'b2', 'b3'].map((label) => onB(label, 'test', `run-${label}`)),
    ];
    await clock.advanceTo(1_002_000, settle);
    await Promise.all(calls);
    const times = grants.map((grant) => Number(grant.split('@')[1]));
    // One slot per interval, whichever instance holds it.
    expect(times).toStrictEqual([0, 100, 200, 300, 400, 500]);
    // Turns alternate between the instances: neither holds more than two slots in a row.
    const instances = grants.map((grant) => grant[0]).join('');
    expect(instances).not.toMatch(/aaa|bbb/);
    expect(instances.split('').sort().join('')).toBe('aaabbb');
  });

  it('gives a hotfix waiting on one instance the next slot the other instance has not booked yet', async () => {
    const clock = manualClock(2_000_000);
    const { onA, onB, grants, settle } = twoInstances('acct-lanes', clock);
    const tests = [
      ...['a1', 'a2', 'a3', 'a4'].map((label) => onA(label, 'test', `run-${label}`)),
      ...['b1', 'b2'].map((label) => onB(label, 'test', `run-${label}`)),
      onA('bg', 'background', 'rebuild'),
    ];
    await clock.advanceTo(2_000_150, settle);
    const hotfix = onB('hotfix', 'hotfix', 'run-h');
    const production = onA('prod', 'production', 'run-p');
    await clock.advanceTo(2_005_000, settle);
    await Promise.all([...tests, hotfix, production]);
    // Slots 0 and 100 went to tests. The slot at 200 was booked at 100 by one instance (never
    // more than one interval ahead) and goes to that instance's best waiter when due: the hotfix
    // or production. The hotfix has 200 or, if A booked it, 300; production at the latest 400.
    const at = (label: string) =>
      Number(grants.find((grant) => grant.startsWith(`${label}@`))?.split('@')[1]);
    expect([200, 300]).toContain(at('hotfix'));
    expect([200, 300, 400]).toContain(at('prod'));
    expect(at('hotfix') === 300 ? at('prod') : at('hotfix')).toBe(200);
    expect(grants.at(-1)).toBe('bg@800');
    expect(grants.map((grant) => Number(grant.split('@')[1]))).toStrictEqual(
      Array.from({ length: 9 }, (_, i) => i * 100),
    );
  });

  it('lets an instance whose head stopped refreshing (a crash) hold nobody up past its lease', async () => {
    const clock = manualClock(3_000_000);
    await db.pool.query(
      `INSERT INTO boomi_limiter_heads (limiter_key, instance_id, lane_rank, since_ms, expires_ms)
       VALUES ('acct-crash', 'gone', 0, $1, $2)`,
      [clock.now(), clock.now() + 1_400],
    );
    const { onA, grants, settle } = twoInstances('acct-crash', clock);
    const call = onA('a1', 'test', 'run-a1');
    await clock.advanceTo(3_003_000, settle);
    await call;
    expect(grants).toHaveLength(1);
    const at = Number(grants[0]!.split('@')[1]);
    expect(at).toBeGreaterThanOrEqual(1_400);
    expect(at).toBeLessThan(1_500);
  });

  it('keeps keys apart and gives the first call of an idle key its slot at once', async () => {
    const clock = manualClock(4_000_000);
    const counted = countingPool(db.pool);
    const limiter = new PostgresRateLimiter(counted.pool, { perSecond: 2, burst: 1, ...clock });
    const waits = Promise.all([
      limiter.acquire('acct-x'),
      limiter.acquire('acct-y'),
      limiter.acquire('acct-x'),
    ]);
    await clock.advanceTo(4_001_000, counted.settle);
    expect(await waits).toStrictEqual([0, 0, 500]);
  });

  it('rejects a non-positive rate with an example', () => {
    expect(() => new PostgresRateLimiter(db.pool, { perSecond: -1 })).toThrow('for example { perSecond: 8 }');
  });
});

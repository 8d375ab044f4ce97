// The PostgreSQL limiter on a real (embedded) database: one shared budget per key across
// limiter instances with separate pools, as two service instances would have.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresRateLimiter } from '../../src/boomi/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

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

async function dbNowMs(): Promise<number> {
  const result = await db.pool.query<{ now_ms: number }>(
    'SELECT (extract(epoch from clock_timestamp()) * 1000)::double precision AS now_ms',
  );
  return Number(result.rows[0]?.now_ms);
}

async function tatMs(key: string): Promise<number> {
  const result = await db.pool.query<{ tat_ms: number }>(
    'SELECT tat_ms FROM boomi_rate_limits WHERE limiter_key = $1',
    [key],
  );
  return Number(result.rows[0]?.tat_ms);
}

const noSleep = async () => {};

describe('PostgresRateLimiter', () => {
  it('reserves one slot per call across instances: the row moves on by exactly one interval per call', async () => {
    const perSecond = 20; // 50 ms apart
    const a = new PostgresRateLimiter(db.pool, { perSecond, sleep: noSleep });
    const b = new PostgresRateLimiter(secondPool, { perSecond, sleep: noSleep });
    const before = await dbNowMs();
    const waits = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).acquire('acct-shared')),
    );
    const after = await dbNowMs();
    const tat = await tatMs('acct-shared');
    // Each call sets tat = max(tat, now) + 50 with now in [before, after].
    expect(tat).toBeGreaterThanOrEqual(before + 40 * 50);
    expect(tat).toBeLessThanOrEqual(after + 40 * 50);
    // The queue was shared: someone was told to wait for (nearly) the last of the 40 slots.
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(39 * 50 - (after - before));
    expect(waits.every((w) => Number.isInteger(w) && w >= 0)).toBe(true);
  });

  it('keeps keys apart', async () => {
    // One call per 100 s, so the second call on acct-x is told to wait for about that long.
    const limiter = new PostgresRateLimiter(db.pool, { perSecond: 0.01, sleep: noSleep });
    await limiter.acquire('acct-x');
    expect(await limiter.acquire('acct-y')).toBe(0);
    expect(await limiter.acquire('acct-x')).toBeGreaterThan(90_000);
  });

  it('gives the first call of an idle key its slot at once', async () => {
    const limiter = new PostgresRateLimiter(db.pool, { perSecond: 2, sleep: noSleep });
    expect(await limiter.acquire('acct-fresh')).toBe(0);
  });

  it('rejects a non-positive rate with an example', () => {
    expect(() => new PostgresRateLimiter(db.pool, { perSecond: -1 })).toThrow('for example { perSecond: 8 }');
  });
});

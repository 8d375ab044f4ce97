import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reapSilentExecutors } from '../../src/store/reaper.ts';
import { HeartbeatsRepository } from '../../src/store/repositories/heartbeats.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
let heartbeats: HeartbeatsRepository;
beforeAll(async () => {
  db = await createTestDatabase();
  heartbeats = new HeartbeatsRepository(db.pool);
});
afterAll(async () => {
  await db.drop();
});

const info = (applicationVersion = 'v1') => ({ applicationVersion, hostname: 'h', pid: 1 });

describe('heartbeats and the reaper', () => {
  it('hands each silent executor of the same version to exactly one of several concurrent reapers', async () => {
    for (const id of ['dead-1', 'dead-2', 'alive', 'live-a', 'live-b']) await heartbeats.beat(id, info());
    await heartbeats.beat('dead-other-version', info('v0'));
    await db.pool.query(
      "UPDATE heartbeats SET beat_at = now() - interval '10 minutes' WHERE executor_id IN ('dead-1', 'dead-2', 'dead-other-version')",
    );
    const pools = [0, 1].map(() => new pg.Pool({ connectionString: db.url, max: 2 }));
    try {
      const [a, b] = await Promise.all(
        ['live-a', 'live-b'].map((self, i) =>
          reapSilentExecutors({
            pool: pools[i]!,
            self,
            applicationVersion: 'v1',
            silentForMs: 60_000,
            recover: async () => {
              await sleep(50); // hold the row locks while the other reaper looks
              return 3;
            },
          }),
        ),
      );
      const taken = [...a!, ...b!].map((t) => t.executorId).sort();
      expect(taken).toEqual(['dead-1', 'dead-2']);
      expect([...a!, ...b!].every((t) => t.recoveredWorkflows === 3)).toBe(true);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
    const rows = await heartbeats.list();
    const byId = new Map(rows.map((r) => [r.executorId, r]));
    expect(['live-a', 'live-b']).toContain(byId.get('dead-1')!.reapedBy);
    expect(byId.get('alive')!.reapedAt).toBeNull();
    expect(byId.get('dead-other-version')!.reapedAt).toBeNull();
    // Reaped executors are not taken over twice.
    const again = await reapSilentExecutors({
      pool: db.pool,
      self: 'live-a',
      applicationVersion: 'v1',
      silentForMs: 60_000,
      recover: async () => 1,
    });
    expect(again).toEqual([]);
  });

  it('leaves the executor unreaped when the takeover fails, so a later pass retries it', async () => {
    await heartbeats.beat('dead-3', info('v3'));
    await heartbeats.markStopped('dead-3');
    await expect(
      reapSilentExecutors({
        pool: db.pool,
        self: 'me',
        applicationVersion: 'v3',
        silentForMs: 1_000,
        recover: async () => {
          throw new Error('system database unreachable');
        },
      }),
    ).rejects.toThrow(/unreachable/);
    expect((await heartbeats.get('dead-3'))!.reapedAt).toBeNull();
    const retried = await reapSilentExecutors({
      pool: db.pool,
      self: 'me',
      applicationVersion: 'v3',
      silentForMs: 1_000,
      recover: async () => 2,
    });
    expect(retried).toEqual([{ executorId: 'dead-3', recoveredWorkflows: 2 }]);
  });

  it('a beat brings a reaped executor back to life', async () => {
    await heartbeats.beat('phoenix', info('v4'));
    await heartbeats.markStopped('phoenix');
    await reapSilentExecutors({
      pool: db.pool,
      self: 'me',
      applicationVersion: 'v4',
      silentForMs: 1_000,
      recover: async () => 0,
    });
    expect((await heartbeats.get('phoenix'))!.reapedBy).toBe('me');
    await heartbeats.beat('phoenix', info('v4'));
    const back = await heartbeats.get('phoenix');
    expect(back).toMatchObject({ reapedAt: null, reapedBy: null, applicationVersion: 'v4' });
  });
});

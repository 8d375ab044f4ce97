import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError } from '../../src/store/data-dir-lock.ts';
import { openDatabase } from '../../src/store/database.ts';
import { runFixture } from './child.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'open-database.ts');
const dirs: string[] = [];
async function freshDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'promo-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('embedded PostgreSQL', () => {
  it('creates a cluster on first start, migrates it, and keeps data across stop/start', async () => {
    const dataDir = await freshDataDir();
    const first = await openDatabase({ dataDir });
    expect(first.embedded).toBe(true);
    expect(first.url).toMatch(/^postgres:\/\/postgres:.+@127\.0\.0\.1:\d+\/promo$/);
    expect(first.systemDatabaseUrl).toMatch(/\/promo_dbos_sys$/);
    await first.pool.query("INSERT INTO boomi_rate_limits (limiter_key, tat_ms) VALUES ('survivor', 7)");
    await first.close();
    await first.close(); // idempotent

    const second = await openDatabase({ dataDir });
    try {
      const rows = await second.pool.query('SELECT limiter_key, tat_ms FROM boomi_rate_limits');
      expect(rows.rows).toEqual([{ limiter_key: 'survivor', tat_ms: 7 }]);
      const migrations = await second.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
      expect(migrations.rows[0].n).toBeGreaterThanOrEqual(5);
    } finally {
      await second.close();
    }
  });

  it('refuses a second process on the same data dir with a message naming the dir and the pid', async () => {
    const dataDir = await freshDataDir();
    const db = await openDatabase({ dataDir });
    try {
      const child = runFixture(FIXTURE, [dataDir]);
      const { code } = await child.exited;
      expect(code).toBe(3);
      expect(child.stdout()).not.toContain('READY');
      expect(child.stderr()).toContain(dataDir);
      expect(child.stderr()).toContain(`pid ${process.pid}`);
      // The first owner is unharmed.
      const ok = await db.pool.query('SELECT 1 AS one');
      expect(ok.rows[0].one).toBe(1);
    } finally {
      await db.close();
    }
  });

  it('refuses a second open in the same process too', async () => {
    const dataDir = await freshDataDir();
    const db = await openDatabase({ dataDir });
    try {
      await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirInUseError);
    } finally {
      await db.close();
    }
  });

  it('takes over a lock left by a dead process', async () => {
    const dataDir = await freshDataDir();
    const gone = runFixture(FIXTURE, [path.join(dataDir, 'unused'), 'close']);
    await gone.exited;
    await writeFile(
      path.join(dataDir, 'promo.lock'),
      JSON.stringify({ pid: gone.process.pid, hostname: hostname(), startedAt: '2020-01-01T00:00:00.000Z' }),
    );
    const db = await openDatabase({ dataDir });
    await db.close();
  });

  it('stops PostgreSQL cleanly and releases the data dir when its process gets SIGTERM', async () => {
    const dataDir = await freshDataDir();
    const owner = runFixture(FIXTURE, [dataDir]);
    await owner.waitFor('READY');
    owner.process.kill('SIGTERM');
    expect((await owner.exited).code).toBe(143);
    // A clean shutdown removes postmaster.pid; our lock file is gone too.
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'promo.lock'))).toBe(false);
    const db = await openDatabase({ dataDir });
    await db.close();
  });

  it('recovers a data dir whose owner was killed with SIGKILL (its PostgreSQL left running)', async () => {
    const dataDir = await freshDataDir();
    const owner = runFixture(FIXTURE, [dataDir]);
    await owner.waitFor('READY');
    owner.process.kill('SIGKILL');
    await owner.exited;
    const db = await openDatabase({ dataDir });
    try {
      await db.pool.query("INSERT INTO boomi_rate_limits (limiter_key, tat_ms) VALUES ('after-kill', 1)");
      const rows = await db.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
      expect(rows.rows[0].n).toBeGreaterThanOrEqual(5);
    } finally {
      await db.close();
    }
  });
});

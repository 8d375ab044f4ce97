import { mkdtemp, readdir, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { MIGRATIONS_DIR, loadMigrations, migrate } from '../../src/store/migrate.ts';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

async function tables(pool: pg.Pool): Promise<string[]> {
  const r = await pool.query(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  return r.rows.map((row: { tablename: string }) => row.tablename);
}

describe('migrations', () => {
  it('create every table on an empty database, then do nothing the second time', async () => {
    const db = await createEmptyDatabase();
    dbs.push(db);
    const first = await migrate(db.pool);
    expect(first).toEqual((await loadMigrations()).map((m) => m.name));
    expect(await tables(db.pool)).toEqual([
      'account_group_environments',
      'api_tokens',
      'audit_log',
      'boomi_limiter_heads',
      'boomi_rate_limits',
      'component_mappings',
      'deployment_run_steps',
      'deployment_runs',
      'dev_account_access',
      'extension_access_mappings',
      'extension_cache_digests',
      'heartbeats',
      'idempotency_keys',
      'notification_deliveries',
      'notifications',
      'promotions',
      'schema_migrations',
      'stage_durations',
    ]);
    expect(await migrate(db.pool)).toEqual([]);
  });

  it('are safe when several instances start at once', async () => {
    const db = await createEmptyDatabase();
    dbs.push(db);
    const pools = Array.from({ length: 6 }, () => new pg.Pool({ connectionString: db.url, max: 2 }));
    try {
      const results = await Promise.all(pools.map((p) => migrate(p)));
      const all = results.flat();
      const names = (await loadMigrations()).map((m) => m.name);
      // Each migration ran exactly once, by whichever instance got the lock first.
      expect(all.sort()).toEqual([...names].sort());
      const recorded = await db.pool.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(recorded.rows).toHaveLength(names.length);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('apply only the new files to a database migrated earlier, and refuse an edited one', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const dir = await mkdtemp(path.join(tmpdir(), 'promo-migrations-'));
    try {
      for (const file of await readdir(MIGRATIONS_DIR)) {
        await copyFile(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
      }
      await writeFile(path.join(dir, '900_extra.sql'), 'CREATE TABLE extra_things (id int PRIMARY KEY);');
      expect(await migrate(db.pool, dir)).toEqual(['900_extra.sql']);
      await writeFile(path.join(dir, '900_extra.sql'), 'CREATE TABLE extra_things (id bigint PRIMARY KEY);');
      await expect(migrate(db.pool, dir)).rejects.toThrow(/900_extra\.sql changed after it was applied/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('roll back a failing migration entirely', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const dir = await mkdtemp(path.join(tmpdir(), 'promo-migrations-'));
    try {
      for (const file of await readdir(MIGRATIONS_DIR)) {
        await copyFile(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
      }
      await writeFile(path.join(dir, '901_broken.sql'), 'CREATE TABLE half_done (id int); SELECT 1/0;');
      await expect(migrate(db.pool, dir)).rejects.toThrow(/901_broken\.sql failed/);
      expect(await tables(db.pool)).not.toContain('half_done');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('openDatabase with an external URL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createEmptyDatabase();
    dbs.push(db);
  });

  it('migrates it, embeds nothing, and puts the DBOS system database beside it', async () => {
    const opened = await openDatabase({ databaseUrl: db.url, dataDir: '/nonexistent/never-used' });
    try {
      expect(opened.embedded).toBe(false);
      expect(opened.url).toBe(db.url);
      expect(new URL(opened.systemDatabaseUrl).pathname).toBe(`/${db.name}_dbos_sys`);
      expect(await tables(opened.pool)).toContain('promotions');
    } finally {
      await opened.close();
    }
  });
});

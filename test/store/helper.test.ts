import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

describe('test database helper', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('gives a migrated database with the rate-limiter table', async () => {
    await db.pool.query("INSERT INTO boomi_rate_limits (limiter_key, tat_ms) VALUES ('acct', 42)");
    const rows = await db.pool.query('SELECT limiter_key, tat_ms FROM boomi_rate_limits');
    expect(rows.rows).toEqual([{ limiter_key: 'acct', tat_ms: 42 }]);
  });

  it('clones several databases at once', async () => {
    const many = await Promise.all(Array.from({ length: 6 }, () => createTestDatabase()));
    try {
      expect(new Set(many.map((d) => d.name)).size).toBe(6);
      for (const d of many) {
        const r = await d.pool.query("SELECT to_regclass('boomi_rate_limits') IS NOT NULL AS ok");
        expect(r.rows[0]).toEqual({ ok: true });
      }
    } finally {
      await Promise.all(many.map((d) => d.drop()));
    }
  });

  it('gives each caller its own database', async () => {
    const other = await createTestDatabase();
    try {
      const rows = await other.pool.query('SELECT count(*)::int AS n FROM boomi_rate_limits');
      expect(rows.rows[0]).toEqual({ n: 0 });
    } finally {
      await other.drop();
    }
  });
});

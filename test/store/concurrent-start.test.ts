/**
 * Two instances starting at the same instant on an empty database (the documented rollout):
 * both must be ready — schema migrations and the DBOS system database prepared once, the other
 * instance waiting — with no error, every time. And `promo migrate`'s preparation
 * leaves nothing for a starting instance to create.
 */
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { systemDatabaseUrlFor } from '../../src/store/database.ts';
import { prepareSystemDatabase } from '../../src/store/dbos.ts';
import { migrate } from '../../src/store/migrate.ts';
import { createEmptyDatabase } from '../helpers/db.ts';
import { runFixture } from './child.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'start-instance.ts');

async function startTogether(
  url: string,
): Promise<{ code: number | null; stderr: string; ready: boolean }[]> {
  const children = ['instance-a', 'instance-b'].map((id) => runFixture(FIXTURE, [url, id]));
  return Promise.all(
    children.map(async (child) => {
      const { code } = await child.exited;
      return { code, stderr: child.stderr(), ready: child.stdout().includes('READY') };
    }),
  );
}

describe('concurrent start on an empty database', () => {
  it('two instances started together are both ready, 10 times out of 10', async () => {
    for (let round = 1; round <= 10; round++) {
      const db = await createEmptyDatabase();
      try {
        const results = await startTogether(db.url);
        expect({ round, results }).toEqual({
          round,
          results: [
            { code: 0, stderr: expect.not.stringMatching(/error|deadlock|failed/i), ready: true },
            { code: 0, stderr: expect.not.stringMatching(/error|deadlock|failed/i), ready: true },
          ],
        });
      } finally {
        await db.drop();
      }
    }
  }, 600_000);

  it('promo migrate’s preparation (migrate + prepareSystemDatabase) creates the schema and the DBOS system database', async () => {
    const db = await createEmptyDatabase();
    try {
      await migrate(db.pool);
      await prepareSystemDatabase(db.pool, systemDatabaseUrlFor(db.url));
      const tables = await db.pool.query(`SELECT to_regclass('promotions') IS NOT NULL AS ok`);
      expect(tables.rows[0].ok).toBe(true);
      const system = new pg.Client({ connectionString: systemDatabaseUrlFor(db.url) });
      await system.connect();
      try {
        const dbos = await system.query(`SELECT to_regclass('dbos.workflow_status') IS NOT NULL AS ok`);
        expect(dbos.rows[0].ok).toBe(true);
      } finally {
        await system.end();
      }
    } finally {
      await db.drop();
    }
  }, 120_000);
});
